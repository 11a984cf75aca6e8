import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessDays,
  businessDaysBetween,
  isBusinessDay,
  isReviewOverdue,
  reviewDaysOverdue,
  reviewDueDate,
} from '../packages/astro-postmortems/src/core/utils/business-days.ts';

/** Day-by-day reference the fast implementation must agree with. */
function slowAdd(date: string, n: number): string {
  let d = new Date(`${date}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d = new Date(d.getTime() + 86_400_000);
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) left--;
  }
  return d.toISOString().slice(0, 10);
}

const isoDate = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('business days', () => {
  it('knows weekends', () => {
    expect(isBusinessDay('2026-11-20')).toBe(true); // Friday
    expect(isBusinessDay('2026-11-21')).toBe(false); // Saturday
    expect(isBusinessDay('2026-11-22')).toBe(false); // Sunday
    expect(isBusinessDay('2026-11-23')).toBe(true); // Monday
  });

  it('adds business days across weekends, months and years', () => {
    expect(addBusinessDays('2026-11-20', 1)).toBe('2026-11-23'); // Fri → Mon
    expect(addBusinessDays('2026-11-21', 1)).toBe('2026-11-23'); // Sat → Mon
    expect(addBusinessDays('2026-11-16', 7)).toBe('2026-11-25'); // Mon → Wed next week
    expect(addBusinessDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addBusinessDays('2024-02-28', 2)).toBe('2024-03-01'); // leap day counts
    expect(addBusinessDays('2026-11-18', 0)).toBe('2026-11-18');
  });

  it('agrees with a day-by-day count (property)', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 400 }), (date, n) => {
        expect(addBusinessDays(date, n)).toBe(slowAdd(date, n));
      }),
    );
  });

  it('counts business days between dates as the inverse of adding them (property)', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 400 }), (date, n) => {
        fc.pre(isBusinessDay(date));
        expect(businessDaysBetween(date, addBusinessDays(date, n))).toBe(n);
      }),
    );
    expect(businessDaysBetween('2026-11-23', '2026-11-23')).toBe(0);
    expect(businessDaysBetween('2026-11-23', '2026-11-01')).toBe(0);
    expect(businessDaysBetween('2026-11-20', '2026-11-22')).toBe(0); // Fri → Sun
  });

  it('rejects bad input with a readable error instead of a wrong date', () => {
    expect(() => addBusinessDays('2026-02-30', 1)).toThrow(/Expected a date YYYY-MM-DD/);
    expect(() => addBusinessDays('2026-02-03', -1)).toThrow(/business days/);
  });
});

describe('review deadline', () => {
  // Resolved Monday 16 Nov 2026 (in its own offset): due 7 business days later, Wednesday 25 Nov.
  const inReview = { status: 'in-review', incident: { resolved: '2026-11-16T23:30:00-05:00' } };

  it('uses the resolution date as written, not converted to UTC', () => {
    expect(reviewDueDate(inReview)).toBe('2026-11-25');
  });

  it('is overdue only after the due date, and only for drafts and postmortems in review', () => {
    expect(isReviewOverdue(inReview, '2026-11-25')).toBe(false);
    expect(isReviewOverdue(inReview, '2026-11-26')).toBe(true);
    expect(isReviewOverdue({ ...inReview, status: 'draft' }, '2026-11-26')).toBe(true);
    expect(isReviewOverdue({ ...inReview, status: 'published' }, '2027-01-01')).toBe(false);
    expect(reviewDaysOverdue(inReview, '2026-11-30')).toBe(3); // Thu, Fri, Mon
  });

  it('runs no clock before the incident is resolved, and ignores unreadable values', () => {
    expect(isReviewOverdue({ status: 'draft', incident: {} }, '2030-01-01')).toBe(false);
    expect(isReviewOverdue({ status: 'draft', incident: { resolved: 'yesterday' } }, '2030-01-01')).toBe(false);
    expect(isReviewOverdue({ status: 'draft', incident: { resolved: 20261116 } }, '2030-01-01')).toBe(false);
    expect(isReviewOverdue({ status: 'draft' }, '2030-01-01')).toBe(false);
  });
});
