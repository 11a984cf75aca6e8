/**
 * What the check cache's engine key covers (src/integration/check-cache.ts): the engine's own files and the lockfile
 * of the project it is installed in, so that `npm update` of the engine or of any package it uses checks every file
 * again. Real folders laid out as an organisation's repository and as this one.
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineFingerprint, projectLockfile } from '../../packages/astro-postmortems/src/integration/check-cache.ts';
import { ENGINE_DIR, ROOT } from '../helpers/site.ts';
import { tempDir } from '../helpers/temp-dirs.ts';

/** `<project>/node_modules/astro-postmortems/dist/{core,integration}` with a lockfile at the project's root. */
async function installed(lockfile = 'package-lock.json') {
  const project = await tempDir('engine-key-');
  const engine = join(project, 'node_modules', 'astro-postmortems');
  for (const part of ['core', 'integration']) mkdirSync(join(engine, 'dist', part), { recursive: true });
  writeFileSync(join(engine, 'dist', 'core', 'lint.js'), 'export const rules = 1;\n');
  writeFileSync(join(engine, 'dist', 'integration', 'loader.js'), 'export {};\n');
  writeFileSync(join(project, lockfile), '{"packages":{"node_modules/satteri":{"version":"0.11.7"}}}\n');
  return { project, engine, dist: join(engine, 'dist') };
}

describe('the check cache’s engine key', () => {
  it("finds the lockfile of the project the engine is installed in, and this repository's own", async () => {
    const { project, engine } = await installed();
    expect(projectLockfile(engine)).toBe(join(project, 'package-lock.json'));
    const pnpm = await installed('pnpm-lock.yaml');
    expect(projectLockfile(pnpm.engine)).toBe(join(pnpm.project, 'pnpm-lock.yaml'));
    expect(projectLockfile(ENGINE_DIR)).toBe(join(ROOT, 'package-lock.json'));
  });

  it("changes with a package update in the lockfile and with the engine's files, not with the project's other files", async () => {
    const { project, dist } = await installed();
    const first = engineFingerprint(dist);
    expect(engineFingerprint(dist)).toBe(first);
    writeFileSync(join(project, 'README.md'), 'Our postmortems.\n');
    expect(engineFingerprint(dist)).toBe(first);
    writeFileSync(join(project, 'package-lock.json'), '{"packages":{"node_modules/satteri":{"version":"0.11.8"}}}\n');
    const updated = engineFingerprint(dist);
    expect(updated).not.toBe(first);
    writeFileSync(join(dist, 'core', 'lint.js'), 'export const rules = 2;\n');
    expect(engineFingerprint(dist)).not.toBe(updated);
  });

  it('reads a lockfile only as a regular file: through a link (to /dev/zero, say) it is not read', async () => {
    const { project, dist } = await installed();
    const lockfile = join(project, 'package-lock.json');
    // A link to a file whose content then changes: were the link followed, the key would change with it.
    const target = join(project, 'elsewhere.json');
    writeFileSync(target, '{"a":1}\n');
    rmSync(lockfile);
    symlinkSync(target, lockfile);
    const linked = engineFingerprint(dist);
    writeFileSync(target, '{"a":2}\n');
    expect(engineFingerprint(dist)).toBe(linked);
  });
});
