/**
 * Vitest global setup: compiles the engine package (packages/astro-postmortems/dist) before any test runs, so the
 * tests that build a site or run the `postmortems` command use the engine as an organisation installs it, from the
 * sources under test. tsc is incremental: nothing changed, little to do.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ENGINE_DIR } from '../scripts/shared/site-copy.ts';

export default function setup(): void {
  const result = spawnSync(process.execPath, [join(ENGINE_DIR, 'scripts/build.mjs')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`the engine package did not compile:\n${result.stdout}${result.stderr}`);
}
