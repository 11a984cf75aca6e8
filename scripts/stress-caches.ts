/**
 * `npm run stress:caches -- [--count 1000] [--copies 500] [--runs 5] [--seed 1] [--keep]`
 *
 * The heavy variant of `test/build/cache-concurrency.test.ts`: builds a large repository repeatedly and fails if any
 * build does. The repository is `--count` generated postmortems (the benchmark's generator) plus `--copies`
 * identical copies of one of them and as many nearly identical ones (one word apart), spread between the others so
 * that the loader's worker threads render them at the same moments (content-addressed articles and counted words
 * collide). Each run starts cold (Astro's caches and the loader's own removed) and builds with the loader's worker
 * threads while `astro dev` runs on the same project with another base path; after the build, pages the dev server
 * rendered before it are fetched again (the build's prune must not have removed what dev reads). Before the fix this
 * failed 4 of 5 builds of 1,000 postmortems (`ENOENT … rename '…/<sha>.terms.<pid>.tmp'`, reported on an author's
 * file). Minutes per run; not part of `npm test`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { generatePostmortems } from './bench/generate.ts';
import { clearCaches } from './bench/sites.ts';
import { BIN, createSite, toolEnv } from './shared/site-copy.ts';
import { freePort } from './shared/free-port.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    copies: { type: 'string', default: '500' },
    runs: { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.count);
const copies = Number(values.copies);
const runs = Number(values.runs);
if (![count, copies, runs].every((n) => Number.isInteger(n) && n >= 0) || count < 1 || runs < 1) {
  process.stderr.write('stress:caches: --count, --copies and --runs expect whole numbers (count and runs at least 1)\n');
  process.exit(2);
}

const generated = generatePostmortems(count, { seed: Number(values.seed) });
const reference = generated[0]!;
const referenceDate = reference.path.split('/').pop()!.slice(0, 10);
const site = createSite();
const files: Record<string, string> = {};
for (const file of generated) files[file.path] = file.text;
// Copies spread evenly over the others (file order is the check's order, split in contiguous shares between threads).
const stride = Math.max(1, Math.floor(count / Math.max(1, copies)));
for (let i = 0; i < copies; i++) {
  const beside = generated[Math.min(count - 1, i * stride)]!.path;
  const folder = dirname(beside);
  files[`${folder}/${referenceDate}-copy-${i}.mdx`] = reference.text;
  files[`${folder}/${referenceDate}-near-${i}.mdx`] = reference.text.replace(/^(## Executive Summary\n\n)(\S+)/m, `$1$2 (variant ${i})`);
}
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(site.dir, path)), { recursive: true });
  writeFileSync(join(site.dir, path), text);
}
const xdg = mkdtempSync(join(tmpdir(), 'pm-stress-xdg-'));
const env = { XDG_CACHE_HOME: xdg, POSTMORTEMS_SEARCH: 'off' };
process.stdout.write(
  `${Object.keys(files).length} postmortems (${count} generated, ${copies} identical copies, ${copies} nearly identical) in ${site.dir}\n`,
);

interface Run {
  code: number | null;
  output: string;
  seconds: number;
}

function build(): Promise<Run> {
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(join(BIN, 'astro'), ['build'], { cwd: site.dir, env: toolEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output, seconds: (performance.now() - start) / 1000 }));
  });
}

async function startDev(): Promise<{ base: string; stop(): Promise<void>; log(): string }> {
  const port = await freePort();
  const child = spawn(join(BIN, 'astro'), ['dev', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: site.dir,
    env: toolEnv({ ...env, BASE_PATH: '/dev/' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}/dev/`;
  return {
    base,
    log: () => log,
    stop: () =>
      new Promise((resolve) => {
        child.once('close', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const sample = Object.keys(files)
  .filter((_, i) => i % Math.max(1, Math.floor(Object.keys(files).length / 20)) === 0)
  .map((path) =>
    path
      .split('/')
      .pop()!
      .replace(/\.mdx$/, ''),
  );

async function fetchAll(base: string): Promise<number> {
  let ok = 0;
  for (const id of sample)
    if ((await fetch(`${base}postmortems/${id}/`, { signal: AbortSignal.timeout(60_000) }).catch(() => undefined))?.status === 200) ok++;
  return ok;
}

let failures = 0;
for (let run = 1; run <= runs; run++) {
  clearCaches(site.dir);
  rmSync(join(xdg, 'postmortem-repository', 'projects'), { recursive: true, force: true });
  const dev = await startDev();
  // The dev server renders (and keeps) its pages before the build starts.
  let served = 0;
  const until = Date.now() + 15 * 60_000;
  // Pages are asked for once the server is ready: a request that reaches a cold `astro dev` of a large site while it
  // starts can stay unanswered for good, with every later one (seen with the engine before this change too).
  while (Date.now() < until && !/watching for file changes/.test(dev.log())) await new Promise((r) => setTimeout(r, 1000));
  while (Date.now() < until && served < sample.length) {
    served = await fetchAll(dev.base);
    if (served < sample.length) await new Promise((r) => setTimeout(r, 1000));
  }
  // A dev server that never answers is reported (its log below) and the build still runs.
  if (served < sample.length)
    process.stdout.write(
      `run ${run}: astro dev served ${served}/${sample.length} pages in 15 minutes; its log:\n${dev.log().slice(-3000)}\n`,
    );
  const result = await build();
  const after = await fetchAll(dev.base);
  await dev.stop();
  const refused = (result.output.match(/render\/refused/g) ?? []).length;
  const ok = result.code === 0 && refused === 0 && after === sample.length;
  if (!ok) failures++;
  process.stdout.write(
    `run ${run}/${runs}: build ${result.code === 0 ? 'ok' : `failed (exit ${result.code})`} in ${result.seconds.toFixed(1)} s; render/refused ${refused}; dev pages ${served}/${sample.length} before the build, ${after}/${sample.length} after\n`,
  );
  if (!ok)
    process.stdout.write(
      `${result.output
        .split('\n')
        .filter((l) => /error|refused|ENOENT|EEXIST/i.test(l))
        .slice(0, 20)
        .join('\n')}\n${after < sample.length ? dev.log().slice(-3000) : ''}\n`,
    );
}
process.stdout.write(`${runs - failures} of ${runs} runs passed\n`);
if (!values.keep) {
  clearCaches(site.dir);
  rmSync(site.dir, { recursive: true, force: true });
  rmSync(xdg, { recursive: true, force: true });
}
process.exit(failures ? 1 : 0);
