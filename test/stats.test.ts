import { describe, expect, it } from 'vitest';
import {
  completion,
  countBy,
  lastMonths,
  median,
  monthLabel,
  monthRange,
  percent,
  quarterLabel,
  quarterOf,
  quarterRange,
} from '../packages/astro-postmortems/src/lib/stats.ts';

describe('calendar buckets', () => {
  it('names quarters and months', () => {
    expect(quarterOf('2026-01-01')).toBe('2026-Q1');
    expect(quarterOf('2026-03-31')).toBe('2026-Q1');
    expect(quarterOf('2026-04-01')).toBe('2026-Q2');
    expect(quarterOf('2026-12')).toBe('2026-Q4');
    expect(quarterLabel('2026-Q4')).toBe('Q4 2026');
    expect(monthLabel('2026-11')).toBe('Nov 2026');
  });

  it('lists months and quarters across years', () => {
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthRange('2026-02', '2025-11')).toEqual([]);
    expect(lastMonths('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(quarterRange('2025-11-05', '2026-04-01')).toEqual(['2025-Q4', '2026-Q1', '2026-Q2']);
  });
});

describe('aggregates', () => {
  it('takes medians', () => {
    expect(median([])).toBeUndefined();
    expect(median([5])).toBe(5);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('counts by one or several keys', () => {
    expect([...countBy([{ s: ['a', 'b'] }, { s: ['a'] }], (x) => x.s)]).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
    expect(countBy(['x', 'y', 'x'], (x) => x).get('x')).toBe(2);
  });

  it("measures action-item completion without counting won't-do as promised", () => {
    const c = completion(
      [
        { status: 'done', due: '2026-01-01' },
        { status: 'done', due: '2026-01-01' },
        { status: 'open', due: '2026-01-01' },
        { status: 'in-progress', due: '2099-01-01' },
        { status: 'wont-do', due: '2026-01-01' },
      ],
      '2026-06-01',
    );
    expect(c).toMatchObject({ total: 5, done: 2, open: 1, inProgress: 1, wontDo: 1, overdue: 1 });
    expect(c.rate).toBe(0.5);
    expect(percent(c.rate)).toBe('50%');
    expect(completion([{ status: 'wont-do', due: '2026-01-01' }], '2026-06-01').rate).toBeUndefined();
    expect(percent(undefined)).toBe('—');
  });
});

describe('quantile and distribution', () => {
  it('interpolate between closest ranks, and show how far the mean sits from the median in skewed data', async () => {
    const { quantile, distribution } = await import('../packages/astro-postmortems/src/lib/stats.ts');
    expect(quantile([], 0.5)).toBeUndefined();
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.9)).toBeCloseTo(4.6);
    const d = distribution([1, 1, 1, 2, 20])!;
    expect(d).toMatchObject({ count: 5, min: 1, p25: 1, median: 1, p75: 2, max: 20, mean: 5 });
  });
});
