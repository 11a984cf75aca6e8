/**
 * The global setup skips compiling the engine only when dist/ is a complete build of the sources as they are: a
 * test never runs stale code. Proved on a small engine of the same shape (its build copies src/ to dist/ and stamps
 * it with the real build-stamp.mjs), and on the real one.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { isUpToDate, STAMP } from '../packages/astro-postmortems/scripts/build-stamp.mjs';
import { ENGINE_DIR } from '../scripts/shared/site-copy.ts';
import { ensureEngineBuilt } from './engine-build.ts';

const root = mkdtempSync(join(tmpdir(), 'pm-engine-stamp-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A build with the real one's protocol: the stamp removed first, written last; `FAIL` in a source fails it midway. */
const BUILD = `import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeStamp, writeStamp } from './build-stamp.mjs';
const here = join(import.meta.dirname, '..');
removeStamp(here);
cpSync(join(here, 'src'), join(here, 'dist'), { recursive: true });
if (readFileSync(join(here, 'src/a.ts'), 'utf8').includes('FAIL')) process.exit(1);
mkdirSync(join(here, 'vendor/satteri'), { recursive: true });
writeFileSync(join(here, 'vendor/satteri/VERSION'), '1\\n');
writeStamp(here);
`;

function engine(): string {
  const dir = join(root, 'packages/engine');
  mkdirSync(join(dir, 'src/core'), { recursive: true });
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3}\n');
  writeFileSync(join(dir, 'package.json'), '{"name":"engine"}\n');
  writeFileSync(join(dir, 'tsconfig.build.json'), '{}\n');
  writeFileSync(join(dir, 'src/a.ts'), 'export const a = 1;\n');
  writeFileSync(join(dir, 'src/core/b.ts'), 'export const b = 1;\n');
  copyFileSync(join(ENGINE_DIR, 'scripts/build-stamp.mjs'), join(dir, 'scripts/build-stamp.mjs'));
  writeFileSync(join(dir, 'scripts/build.mjs'), BUILD);
  return dir;
}

describe('the global setup compiles the engine unless dist/ is its sources, exactly', () => {
  const dir = engine();
  const dist = (path: string) => readFileSync(join(dir, 'dist', path), 'utf8');

  test('compiles the first time, then finds nothing to do', () => {
    expect(ensureEngineBuilt(dir)).toBe('compiled');
    expect(dist('a.ts')).toBe('export const a = 1;\n');
    expect(ensureEngineBuilt(dir)).toBe('up to date');
  });

  test.each([
    ['a source edited', () => writeFileSync(join(dir, 'src/a.ts'), 'export const a = 2;\n')],
    ['a source added', () => writeFileSync(join(dir, 'src/core/c.ts'), 'export const c = 1;\n')],
    ['a source renamed', () => renameSync(join(dir, 'src/core/c.ts'), join(dir, 'src/core/d.ts'))],
    ['the build script edited', () => writeFileSync(join(dir, 'scripts/build.mjs'), `${BUILD}// edited\n`)],
    ['the manifest edited', () => writeFileSync(join(dir, 'package.json'), '{"name":"engine","version":"2.0.0"}\n')],
    ['the compiler settings edited', () => writeFileSync(join(dir, 'tsconfig.build.json'), '{"compilerOptions":{}}\n')],
    ['a dependency updated (the lockfile)', () => writeFileSync(join(root, 'package-lock.json'), '{"lockfileVersion":3,"packages":{}}\n')],
    ['a compiled file edited by hand', () => writeFileSync(join(dir, 'dist/a.ts'), 'export const a = "stale";\n')],
    ['a compiled file deleted', () => rmSync(join(dir, 'dist/core/b.ts'))],
    ['the stamp unreadable', () => writeFileSync(join(dir, 'dist', STAMP), '{')],
    ['the stamp gone', () => rmSync(join(dir, 'dist', STAMP))],
    ['the WebAssembly parser never fetched', () => rmSync(join(dir, 'vendor/satteri/VERSION'))],
  ])('compiles again after %s, and dist/ then matches the sources', (_, change) => {
    expect(ensureEngineBuilt(dir)).toBe('up to date');
    change();
    expect(ensureEngineBuilt(dir)).toBe('compiled');
    expect(dist('a.ts')).toBe(readFileSync(join(dir, 'src/a.ts'), 'utf8'));
    expect(ensureEngineBuilt(dir)).toBe('up to date');
  });

  test('a build that fails midway leaves no stamp: the next run compiles again, and fails loudly', () => {
    writeFileSync(join(dir, 'src/a.ts'), 'export const a = "FAIL";\n');
    expect(() => ensureEngineBuilt(dir)).toThrow(/did not compile/);
    expect(isUpToDate(dir)).toBe(false);
    expect(() => ensureEngineBuilt(dir)).toThrow(/did not compile/);
    writeFileSync(join(dir, 'src/a.ts'), 'export const a = 3;\n');
    expect(ensureEngineBuilt(dir)).toBe('compiled');
  });
});

describe('the real engine', () => {
  test('its build follows the protocol: the stamp removed before anything is written, written after the last step', () => {
    const script = readFileSync(join(ENGINE_DIR, 'scripts/build.mjs'), 'utf8');
    const removed = script.indexOf('removeStamp(here);');
    const compiled = script.indexOf('spawnSync(process.execPath, [tsc');
    const stamped = script.indexOf('writeStamp(here);');
    expect(removed).toBeGreaterThan(-1);
    expect(removed).toBeLessThan(compiled);
    expect(stamped).toBeGreaterThan(script.indexOf('await vendorSatteriWasm();'));
    // Nothing but function declarations after it.
    expect(script.slice(stamped + 'writeStamp(here);'.length, script.indexOf('\nasync function ', stamped)).trim()).toBe('');
  });

  test('the tests in this run use a build of the sources as they are now', () => {
    expect(isUpToDate(ENGINE_DIR)).toBe(true);
  });
});
