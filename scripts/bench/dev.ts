/**
 * Edit latency in `astro dev`: start the dev server on the generated site,
 * load one postmortem's page, change a sentence in its file, and time until
 * the page served shows the new sentence. The file is restored afterwards.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, treeRss } from './measure.ts';
import { BIN, toolEnv } from './sites.ts';

export interface DevResult {
  /** From spawning `astro dev` to the first successful page. */
  startupMs: number;
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
  const port = await freePort();
  let log = '';
  const started = performance.now();
  const child = spawn(join(BIN, 'astro'), ['dev', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: siteDir,
    env: toolEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const abs = join(siteDir, path);
  const original = readFileSync(abs, 'utf8');
  const url = `http://127.0.0.1:${port}/postmortems/${id}/`;
  const page = () => fetch(url).then(async (r) => (r.ok ? r.text() : undefined));
  try {
    await until('the first page', page, 900, () => log, 250);
    const startupMs = performance.now() - started;
    const editMs: number[] = [];
    for (let i = 1; i <= edits; i++) {
      const marker = `Bench edit marker ${i} ${Date.now().toString(36)}.`;
      const edited = original.replace('## Executive Summary\n\n', `## Executive Summary\n\n${marker} `);
      if (edited === original) throw new Error(`${path} has no Executive Summary to edit`);
      const t = performance.now();
      writeFileSync(abs, edited);
      await until(`the edit ${i} to show`, async () => ((await page())?.includes(marker) ? true : undefined), 120, () => log);
      editMs.push(performance.now() - t);
    }
    const rssBytes = child.pid !== undefined ? treeRss(child.pid) : null;
    return { startupMs, editMs, rssBytes };
  } finally {
    writeFileSync(abs, original);
    child.kill('SIGTERM');
    await new Promise((r) => {
      if (child.exitCode !== null) r(undefined);
      else child.once('close', r);
    });
  }
}
