/**
 * Builds the site once and serves it with `astro preview` for every browser
 * test file (Pagefind's pagefind.js needs http, not file://).
 *
 * - Default: a temporary site (`createSite`) with the engine, the test
 *   suite's own repository (`test/fixtures/repository`: sample postmortems and
 *   configuration) and its own caches; no `.git`, which also proves the build
 *   works without history. The checkout's `postmortems/`, configuration,
 *   `dist/` and caches are never read or written.
 * - `SITE_DIST=<folder>`: serve that already-built site instead; it must have
 *   been built from the test suite's repository, as the tests compare pages
 *   with its files. Set `BASE_PATH` to what it was built with, and build it
 *   with `POSTMORTEMS_PAGE_SIZE=4` (what the default build uses here) so that
 *   the paginated lists have the second pages the tests visit, with
 *   `publishDrafts: true` so that the draft the tests visit is published, and
 *   with `SLOW_PHRASE` added to the blameless phrases (the writing page's
 *   time limit is tested with it).
 *
 * Tests read `inject('siteUrl')` (ends with the base path and `/`) and
 * `inject('siteDist')` (the built files, for the link check).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from '../../scripts/shared/free-port.ts';
import { BIN, createSite, FIXTURE_CONFIG, toolEnv } from '../helpers/site.ts';

/** A configured phrase that backtracks exponentially on a run of `q`s with no `k`. */
export const SLOW_PHRASE = { pattern: '(q+)+k', suggestion: 'a phrase the tests configure' };

declare module 'vitest' {
  export interface ProvidedContext {
    siteUrl: string;
    siteDist: string;
  }
}

/**
 * The environment for astro: vitest also puts `import.meta.env`'s values
 * (BASE_URL, DEV, PROD, SSR) in process.env, and a leaked BASE_URL would
 * override the base path the site is built for.
 */
function astroEnv(): NodeJS.ProcessEnv {
  // Small pages, so that the few sample postmortems and their action items already span several pages of every
  // paginated list (the tests read the size from the pages, never assume it).
  const env = toolEnv({ POSTMORTEMS_PAGE_SIZE: process.env['POSTMORTEMS_PAGE_SIZE'] ?? '4' });
  for (const key of ['BASE_URL', 'DEV', 'PROD', 'SSR']) delete env[key];
  // Shards of four pages: every search test runs over an index split as a site of tens of thousands of
  // postmortems splits it (src/integration/pagefind), merged by the client.
  env['POSTMORTEMS_SEARCH_SHARD_SIZE'] = '4';
  return env;
}

function astro(dir: string, args: string[]): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(join(BIN, 'astro'), args, { cwd: dir, env: astroEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  return { child, output: () => output };
}

async function waitFor(url: string, preview: ChildProcess, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (preview.exitCode !== null) throw new Error(`astro preview exited (${preview.exitCode}):\n${output()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`astro preview did not answer at ${url} within ${timeoutMs / 1000} s:\n${output()}`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The sample draft is visited by the tests (its banner, its accessibility): this site publishes drafts, as an
  // internal site may (`publishDrafts`); a default build leaves them out (test/build/publishing.test.ts).
  // And one blameless phrase more, `SLOW_PHRASE`, that backtracks for ever on a line of `q`s: the writing page's time
  // limit is tested with it (write.test.ts); no other text of the tests holds `qk`.
  const config =
    `import { DEFAULT_BLAMELESS_PHRASES } from 'astro-postmortems/config';\n` +
    readFileSync(FIXTURE_CONFIG, 'utf8').replace(
      /\};\s*$/,
      `  publishDrafts: true,\n  blamelessPhrases: [...DEFAULT_BLAMELESS_PHRASES, ${JSON.stringify(SLOW_PHRASE)}],\n};\n`,
    );
  if (!config.includes('publishDrafts: true')) throw new Error(`could not add publishDrafts to ${FIXTURE_CONFIG}`);
  const { dir } = createSite({}, { samples: true, config });

  const given = process.env['SITE_DIST'];
  let dist = join(dir, 'dist');
  if (given) {
    dist = resolve(given);
    if (!existsSync(join(dist, 'index.html'))) throw new Error(`SITE_DIST=${given} holds no built site (no index.html)`);
    // Copied, not linked: the engine refuses a build folder that is a link (it could point anywhere).
    cpSync(dist, join(dir, 'dist'), { recursive: true });
  } else {
    const build = astro(dir, ['build']);
    const code = await new Promise((r) => build.child.on('close', r));
    if (code !== 0) throw new Error(`astro build failed:\n${build.output()}`);
  }

  const port = await freePort();
  const { child: preview, output } = astro(dir, ['preview', '--host', '127.0.0.1', '--port', String(port)]);
  const base = (process.env['BASE_PATH'] ?? '/').replace(/^\/?/, '/').replace(/\/?$/, '/');
  const siteUrl = `http://127.0.0.1:${port}${base}`;
  try {
    await waitFor(siteUrl, preview, output);
  } catch (error) {
    preview.kill();
    throw error;
  }
  project.provide('siteUrl', siteUrl);
  project.provide('siteDist', dist);

  return async () => {
    if (preview.exitCode === null) {
      const exited = new Promise((r) => preview.once('exit', r));
      preview.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (preview.exitCode === null) preview.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
