/** In `astro dev` a bad postmortem is reported and left out, the server keeps running, and the page appears once fixed. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BIN, createSite, toolEnv, validPostmortem } from '../helpers/site.ts';

function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

let log = '';

async function until<T>(what: string, probe: () => Promise<T | undefined>, seconds = 60): Promise<T> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}; server log:\n${log}`);
}

let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGTERM');
});

it('reports a bad file without stopping the dev server, and serves it once fixed', async () => {
  const bad = validPostmortem((t) => t.replace('## Timeline', '## Timelines'));
  const site = createSite({
    'postmortems/2024-03-02-good.mdx': validPostmortem(),
    'postmortems/2024-03-02-later-fixed.mdx': bad,
  });
  const port = await freePort();
  child = spawn(join(BIN, 'astro'), ['dev', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: site.dir,
    env: toolEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  const status = (path: string) => fetch(base + path).then((r) => r.status);

  await until('the good page', async () => ((await status('/postmortems/2024-03-02-good/')) === 200 ? true : undefined));
  expect(log).toMatch(/postmortems\/2024-03-02-later-fixed\.mdx:\d+:1 {2}Missing required section `## Timeline`.*sections\/missing/);
  expect(await status('/postmortems/2024-03-02-later-fixed/')).toBe(404);
  // Instead of "Page not found", the postmortem's URL lists its problems: file, line, rule and how to fix it.
  const page = await fetch(`${base}/postmortems/2024-03-02-later-fixed/`).then((r) => r.text());
  expect(page).toContain('data-dev-problems');
  expect(page).not.toMatch(/>Page not found<\/h1>/);
  expect(page).toMatch(/postmortems\/2024-03-02-later-fixed\.mdx:\d+:1/);
  expect(page).toContain('Missing required section');
  expect(page).toContain('data-rule="sections/missing"');
  expect(page).toContain('`npm run new` writes them all');
  // Other unknown addresses still say "Page not found".
  expect(await fetch(`${base}/postmortems/2024-03-02-no-such-file/`).then((r) => r.text())).toMatch(/>Page not found<\/h1>/);
  expect(child.exitCode).toBeNull();

  site.write('postmortems/2024-03-02-later-fixed.mdx', validPostmortem());
  await until('the fixed page', async () => ((await status('/postmortems/2024-03-02-later-fixed/')) === 200 ? true : undefined));

  site.write('postmortems/2024-03-02-good.mdx', validPostmortem((t) => t.replace('## Business Impact', '{process.env.HOME}\n\n## Business Impact')));
  await until('the broken page to be withdrawn', async () => ((await status('/postmortems/2024-03-02-good/')) === 404 ? true : undefined));
  expect(log).toMatch(/2024-03-02-good\.mdx:\d+:1 {2}Unexpected JavaScript expression `\{process\.env\.HOME\}`/);
  await until('the problems page of the broken file', async () => ((await fetch(`${base}/postmortems/2024-03-02-good/`).then((r) => r.text())).includes('data-rule="mdx/no-expression"') ? true : undefined));
  // Fixed files leave the list: the fixed page is served again.
  expect(await status('/postmortems/2024-03-02-later-fixed/')).toBe(200);
  expect(log).not.toContain(process.env['HOME'] ?? '/root');
  expect(child.exitCode).toBeNull();
});
