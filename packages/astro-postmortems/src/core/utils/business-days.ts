/**
 * Business-day arithmetic for review deadlines, on `YYYY-MM-DD` calendar dates.
 * Business days are Monday to Friday; public holidays differ per team and
 * country, so they are deliberately not modelled (a deadline may land on a
 * holiday, which errs on the side of reminding people early).
 * Pure: no clock, no time zone of the machine.
 */
import { isIsoDate, isIsoDateTimeWithOffset, localDate } from './time.ts';

/** Business days after resolution within which a postmortem should be reviewed (`review/overdue`). */
export const REVIEW_DEADLINE_BUSINESS_DAYS = 7;

/** Business days after resolution within which the first draft should be opened (CONTRIBUTING.md). */
export const DRAFT_DEADLINE_BUSINESS_DAYS = 5;

const DAY_MS = 86_400_000;

function toUtcMs(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

function fromUtcMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, for a `YYYY-MM-DD` date. */
function weekday(date: string): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

export function isBusinessDay(date: string): boolean {
  const day = weekday(date);
  return day !== 0 && day !== 6;
}

/**
 * The date `n` business days after `date` (n ≥ 0). Counting starts the day
 * after `date`, so a Saturday resolution plus 1 is the Monday after.
 */
export function addBusinessDays(date: string, n: number): string {
  if (!isIsoDate(date)) throw new RangeError(`Expected a date YYYY-MM-DD, got \`${date}\``);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Expected a whole number of business days ≥ 0, got \`${n}\``);
  let ms = toUtcMs(date);
  if (n === 0) return date;
  // Counting from a weekend day gives the same result as counting from the
  // Friday before it (both reach Monday with one day), and from a business
  // day whole weeks are exactly 5 business days, so long spans cost O(1).
  while (!isBusinessDay(fromUtcMs(ms))) ms -= DAY_MS;
  ms += Math.floor(n / 5) * 7 * DAY_MS;
  let left = n % 5;
  while (left > 0) {
    ms += DAY_MS;
    if (isBusinessDay(fromUtcMs(ms))) left--;
  }
  return fromUtcMs(ms);
}

/** Business days in (`from`, `to`]: 0 when `to` ≤ `from`. Monday → next Monday is 5. */
export function businessDaysBetween(from: string, to: string): number {
  const start = toUtcMs(from);
  const end = toUtcMs(to);
  if (end <= start) return 0;
  const days = Math.round((end - start) / DAY_MS);
  const weeks = Math.floor(days / 7);
  let count = weeks * 5;
  for (let ms = start + weeks * 7 * DAY_MS + DAY_MS; ms <= end; ms += DAY_MS) {
    if (isBusinessDay(fromUtcMs(ms))) count++;
  }
  return count;
}

/** What the review deadline needs from a postmortem's frontmatter (raw or validated). */
export interface ReviewFields {
  status?: unknown;
  incident?: { resolved?: unknown } | undefined;
  /** §7: the review meeting; a valid `review.date` means the review was held. */
  review?: { date?: unknown } | undefined;
}

/** Whether the review meeting was recorded (`review.date`, a real `YYYY-MM-DD`). */
export function isReviewHeld(frontmatter: ReviewFields): boolean {
  const date = frontmatter.review?.date;
  return typeof date === 'string' && isIsoDate(date);
}

/**
 * The last day the review may still happen: `REVIEW_DEADLINE_BUSINESS_DAYS`
 * business days after the calendar date of `incident.resolved`, as written in
 * its own offset (the responders' day). `undefined` when the postmortem is not
 * resolved yet, so no review clock runs.
 */
export function reviewDueDate(frontmatter: ReviewFields): string | undefined {
  const resolved = frontmatter.incident?.resolved;
  if (typeof resolved !== 'string' || !isIsoDateTimeWithOffset(resolved)) return undefined;
  return addBusinessDays(localDate(resolved), REVIEW_DEADLINE_BUSINESS_DAYS);
}

/**
 * Whether a `draft` or `in-review` postmortem is past its review deadline on
 * `today` (`YYYY-MM-DD`). Used by the `review/overdue` rule and by the site, so
 * both always agree. A recorded `review.date` satisfies it: the review was
 * held, and only the edits it asked for are left before publishing.
 */
export function isReviewOverdue(frontmatter: ReviewFields, today: string): boolean {
  if (frontmatter.status !== 'draft' && frontmatter.status !== 'in-review') return false;
  if (isReviewHeld(frontmatter)) return false;
  const due = reviewDueDate(frontmatter);
  return due !== undefined && today > due;
}

/** Business days past the review deadline on `today` (0 when not overdue). */
export function reviewDaysOverdue(frontmatter: ReviewFields, today: string): number {
  if (!isReviewOverdue(frontmatter, today)) return 0;
  return businessDaysBetween(reviewDueDate(frontmatter)!, today);
}
