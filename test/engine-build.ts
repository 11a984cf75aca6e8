/**
 * Vitest global setup: compiles the engine package (packages/astro-postmortems/dist) before any test runs, so the
 * tests that build a site or run the `postmortems` command use the engine as an organisation installs it, from the
 * sources under test. tsc is incremental: nothing changed, little to do.
 *
 * It also gives the whole run a cache folder of its own (`XDG_CACHE_HOME`, inherited by every test worker and every
 * build, dev server and command they start), removed at the end: the loader keeps its articles, check cache and
 * signing key in the user's cache folder (`src/integration/cache-folder.ts`), and tests leave nothing outside their
 * temporary folders. Every run starts as a fresh clone in CI does, with no cache.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINE_DIR } from '../scripts/shared/site-copy.ts';

export default function setup(): () => void {
  const result = spawnSync(process.execPath, [join(ENGINE_DIR, 'scripts/build.mjs')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the engine package did not compile:\n${result.stdout}${result.stderr}`);
  const cache = mkdtempSync(join(tmpdir(), 'pm-test-cache-'));
  process.env['XDG_CACHE_HOME'] = cache;
  return () => rmSync(cache, { recursive: true, force: true });
}
