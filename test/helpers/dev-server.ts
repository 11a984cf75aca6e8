/** A real `astro dev` server on 127.0.0.1 for a fixture site, with its log, stopped at the end of the test file. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../scripts/shared/free-port.ts';
import { BIN, toolEnv } from './site.ts';

export { freePort };

export interface DevServer {
  base: string;
  log(): string;
  child: ChildProcess;
  stop(): void;
  /** Polls `probe` until it returns a value (not `undefined`), or fails with the server log. */
  until<T>(what: string, probe: () => Promise<T | undefined>, seconds?: number): Promise<T>;
}

export async function startDevServer(dir: string, env: Record<string, string> = {}): Promise<DevServer> {
  const port = await freePort();
  let log = '';
  const child = spawn(join(BIN, 'astro'), ['dev', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: dir,
    env: toolEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const until = async <T>(what: string, probe: () => Promise<T | undefined>, seconds = 60): Promise<T> => {
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      const value = await probe().catch(() => undefined);
      if (value !== undefined) return value;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`timed out waiting for ${what}; server log:\n${log}`);
  };
  return { base: `http://127.0.0.1:${port}`, log: () => log, child, stop: () => child.kill('SIGTERM'), until };
}
