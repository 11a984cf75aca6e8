/**
 * Vitest global setup: compiles the engine package (packages/astro-postmortems/dist) before any test runs, so the
 * tests that build a site or run the `postmortems` command use the engine as an organisation installs it, from the
 * sources under test. The compile (≈ 8 s of CPU even when tsc finds nothing to do) is skipped when dist/ holds the
 * stamp of a complete build of the sources exactly as they are now and is unchanged since (a content hash of every
 * input and of dist/ itself: packages/astro-postmortems/scripts/build-stamp.mjs); anything else compiles, so no test
 * runs stale code (test/engine-build.test.ts).
 *
 * It also gives the whole run a cache folder of its own (`XDG_CACHE_HOME`, inherited by every test worker and every
 * build, dev server and command they start), removed at the end: the loader keeps its articles, check cache and
 * signing key in the user's cache folder (`src/integration/cache-folder.ts`), and tests leave nothing outside their
 * temporary folders. Every run starts as a fresh clone in CI does, with no cache.
 *
 * And a folder for the run (`POSTMORTEMS_TEST_RUN`), where the shared fixture sites (test/helpers/shared-sites.ts)
 * are built once for every worker; the sites are removed with it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUpToDate } from '../packages/astro-postmortems/scripts/build-stamp.mjs';
import { ENGINE_DIR } from '../scripts/shared/site-copy.ts';
import { fastCheckSeed } from './helpers/fast-check-seed.ts';

/** Compiles the engine unless dist/ is a complete, untouched build of its sources as they are; says which. */
export function ensureEngineBuilt(engine = ENGINE_DIR): 'compiled' | 'up to date' {
  // The writing page's WebAssembly parser is fetched by the build; a build that could not fetch it is retried.
  if (isUpToDate(engine) && existsSync(join(engine, 'vendor/satteri/VERSION'))) return 'up to date';
  const result = spawnSync(process.execPath, [join(engine, 'scripts/build.mjs')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the engine package did not compile:\n${result.stdout}${result.stderr}`);
  return 'compiled';
}

export default function setup(): () => void {
  ensureEngineBuilt();
  // Each vitest project runs this setup; the seed is the same for all, so it is shown once.
  if (process.env['FC_SEED_SHOWN'] === undefined) {
    const seed = fastCheckSeed();
    console.info(`fast-check seed ${seed} (every property test); replay a failure with FC_SEED=${seed} npx vitest run <file>`);
    process.env['FC_SEED_SHOWN'] = '1';
  }
  const cache = mkdtempSync(join(tmpdir(), 'pm-test-cache-'));
  process.env['XDG_CACHE_HOME'] = cache;
  const run = mkdtempSync(join(tmpdir(), 'pm-test-run-'));
  process.env['POSTMORTEMS_TEST_RUN'] = run;
  return () => {
    rmSync(cache, { recursive: true, force: true });
    if (!existsSync(run)) return;
    for (const name of readdirSync(run).filter((n) => n.endsWith('.json'))) {
      const { dir } = JSON.parse(readFileSync(join(run, name), 'utf8')) as { dir: string };
      rmSync(dir, { recursive: true, force: true });
    }
    rmSync(run, { recursive: true, force: true });
  };
}
