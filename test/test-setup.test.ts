/** The per-file setup of `npm test` (test/setup-file.ts): one fast-check seed, and temporary folders removed. */
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fastCheckSeed } from './helpers/fast-check-seed.ts';
import { removeTempDirs, tempDir } from './helpers/temp-dirs.ts';

describe('fast-check seed', () => {
  test('is the day, or FC_SEED; a bad FC_SEED stops the run naming it', () => {
    expect(fastCheckSeed({}, new Date('2026-12-06T23:59:59Z'))).toBe(20261206);
    expect(fastCheckSeed({ FC_SEED: '-1838071497' })).toBe(-1838071497);
    expect(() => fastCheckSeed({ FC_SEED: 'today' })).toThrow(/FC_SEED="today" is not an integer/);
  });

  test('every property of this file runs with it, without being passed it', () => {
    expect(fc.readConfigureGlobal().seed).toBe(fastCheckSeed());
    const first: number[] = [];
    fc.assert(
      fc.property(fc.integer(), (n) => void first.push(n)),
      { numRuns: 5 },
    );
    const again: number[] = [];
    fc.assert(
      fc.property(fc.integer(), (n) => void again.push(n)),
      { numRuns: 5 },
    );
    expect(again).toEqual(first);
  });
});

test('temporary folders of helper modules are removed after the file', async () => {
  const dirs = [await tempDir('pm-setup-test-'), await tempDir('pm-setup-test-')];
  expect(dirs.every((d) => existsSync(d))).toBe(true);
  await removeTempDirs();
  expect(dirs.some((d) => existsSync(d))).toBe(false);
});
