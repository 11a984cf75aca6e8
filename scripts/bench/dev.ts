/**
 * `astro dev` on the generated site: the first page after a first start (no
 * cache), the edit latency (change a sentence in one postmortem and time until
 * the page served shows it; the file is restored afterwards), and the first
 * page after a restart (the loader's check cache of the first run in place).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, treeRss } from './measure.ts';
import { BIN, toolEnv } from './sites.ts';

export interface DevResult {
  /** From spawning `astro dev` to the first successful page, with no cache from an earlier run. */
  startupMs: number;
  /** The same after stopping the server and starting it again (`check-cache.ts` reuses every file). */
  warmStartupMs: number;
  /** From writing the edited file to the first response showing the edit, one per edit. */
  editMs: number[];
  /** Resident memory of the dev server's process tree after the edits, bytes. */
  rssBytes: number | null;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, seconds: number, log: () => string, interval = 25): Promise<T> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, interval));
  }
  throw new Error(`timed out waiting for ${what}; dev server log:\n${log().slice(-4000)}`);
}

/** `path` is the postmortem's repository-relative path, `id` its id. */
export async function measureDevEdit(siteDir: string, path: string, id: string, edits = 3): Promise<DevResult> {
  const abs = join(siteDir, path);
  const original = readFileSync(abs, 'utf8');
  const cold = await startDev(siteDir, id);
  let editMs: number[];
  let rssBytes: number | null;
  try {
    editMs = [];
    for (let i = 1; i <= edits; i++) {
      const marker = `Bench edit marker ${i} ${Date.now().toString(36)}.`;
      const edited = original.replace('## Executive Summary\n\n', `## Executive Summary\n\n${marker} `);
      if (edited === original) throw new Error(`${path} has no Executive Summary to edit`);
      const t = performance.now();
      writeFileSync(abs, edited);
      await until(`the edit ${i} to show`, async () => ((await cold.page())?.includes(marker) ? true : undefined), 120, cold.log);
      editMs.push(performance.now() - t);
    }
    rssBytes = cold.pid !== undefined ? treeRss(cold.pid) : null;
  } finally {
    writeFileSync(abs, original);
    await cold.stop();
  }
  const warm = await startDev(siteDir, id);
  await warm.stop();
  return { startupMs: cold.startupMs, warmStartupMs: warm.startupMs, editMs, rssBytes };
}

/** Starts `astro dev` and waits for the postmortem's page. */
async function startDev(siteDir: string, id: string) {
  const port = await freePort();
  let output = '';
  const started = performance.now();
  const child = spawn(join(BIN, 'astro'), ['dev', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: siteDir,
    env: toolEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const log = () => output;
  const url = `http://127.0.0.1:${port}/postmortems/${id}/`;
  const page = () => fetch(url).then(async (r) => (r.ok ? r.text() : undefined));
  const stop = async () => {
    child.kill('SIGTERM');
    await new Promise((r) => {
      if (child.exitCode !== null) r(undefined);
      else child.once('close', r);
    });
  };
  try {
    await until('the first page', page, 900, log, 250);
  } catch (error) {
    await stop();
    throw error;
  }
  return { startupMs: performance.now() - started, page, log, stop, pid: child.pid };
}
