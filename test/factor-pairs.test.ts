import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharedPairs } from '../packages/astro-postmortems/src/lib/factor-pairs.ts';
import { threadCpuMs } from '../scripts/shared/thread-cpu.ts';

/** Every pair compared: what `/factors/` did before, quadratic in the number of postmortems. */
function bruteForce(sets: string[][], limit: number): [number, number, number][] {
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < sets.length; i++) {
    for (let j = i + 1; j < sets.length; j++) {
      const shared = new Set(sets[i]!.filter((c) => sets[j]!.includes(c))).size;
      if (shared >= 2) pairs.push([i, j, shared]);
    }
  }
  return pairs.sort((x, y) => y[2] - x[2]).slice(0, limit);
}

describe('sharedPairs', () => {
  it('gives the same pairs, in the same order, as comparing every pair', () => {
    const category = fc.constantFrom('change', 'capacity', 'data', 'process', 'detection', 'hardware');
    fc.assert(
      fc.property(fc.array(fc.array(category, { maxLength: 5 }), { maxLength: 40 }), fc.integer({ min: 1, max: 35 }), (sets, limit) => {
        expect(sharedPairs(sets, limit)).toEqual(bruteForce(sets, limit));
      }),
      { numRuns: 300 },
    );
  });

  it('stays fast at 20,000 postmortems', () => {
    const names = [
      'change',
      'configuration',
      'capacity',
      'dependency',
      'software-defect',
      'hardware',
      'data',
      'process',
      'communication',
      'detection',
    ];
    let seed = 1;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const sets = Array.from({ length: 20_000 }, () =>
      Array.from({ length: 1 + Math.floor(next() * 4) }, () => names[Math.floor(next() * names.length)]!),
    );
    // A CPU-time guard with headroom for a loaded machine (it takes well under 1 s): quadratic pairing would take minutes.
    const cpu = threadCpuMs();
    expect(sharedPairs(sets, 31)).toHaveLength(31);
    expect(threadCpuMs(cpu)).toBeLessThan(10_000);
  });
});
