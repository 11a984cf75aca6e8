import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { businessDaysBetween, isReviewOverdue, REVIEW_DEADLINE_BUSINESS_DAYS, reviewDueDate } from '../utils/business-days.ts';
import { localDate } from '../utils/time.ts';

/**
 * Reads the raw frontmatter (like `action-items/overdue`) so the reminder still
 * shows while some other field is being fixed; `isReviewOverdue` ignores
 * values it cannot read, and `frontmatter/invalid` reports those.
 */
export const reviewOverdue: Rule = {
  id: 'review/overdue',
  level: 'warning',
  description: `A \`draft\` or \`in-review\` postmortem whose incident was resolved more than ${REVIEW_DEADLINE_BUSINESS_DAYS} business days ago with no \`review.date\`.`,
  docs: {
    meaning:
      'A `draft` or `in-review` postmortem whose incident was resolved more than 7 business days ago (Monday to Friday, counted from the day of `incident.resolved` in its own offset) and which records no review meeting (`review.date`). The site marks it *overdue for review*.',
    fix: 'Hold the review and record it (`review: { date, facilitator }`), then set `status: published`; or ask a reviewer on the pull request.',
    trigger: 'resolved Monday 2026-11-16, still `in-review` with no `review.date` on Thursday 2026-11-26',
    ok: [{ fixture: 'ok-in-review-within-deadline.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-in-review-late.mdx',
        message:
          'Unexpected `status: in-review` 220 business days after the review deadline (resolved 2025-03-04, review due 2025-03-13), expected the postmortem reviewed within 7 business days of resolution; hold the review and record it in `review.date` (then set `status: published`), or ask a reviewer on the pull request',
      },
    ],
  },
  check(ctx) {
    const raw = ctx.raw;
    if (!raw) return;
    const incident = raw['incident'];
    const review = raw['review'];
    const fields = {
      status: raw['status'],
      incident: incident && typeof incident === 'object' ? (incident as { resolved?: unknown }) : undefined,
      review: review && typeof review === 'object' ? (review as { date?: unknown }) : undefined,
    };
    if (!isReviewOverdue(fields, ctx.today)) return;
    const due = reviewDueDate(fields)!;
    const resolved = localDate(fields.incident!.resolved as string);
    const late = businessDaysBetween(due, ctx.today);
    ctx.report(
      ctx.file.frontmatter.locate(['status']),
      `Unexpected ${code(`status: ${String(fields.status)}`)} ${late} business day${late === 1 ? '' : 's'} after the review deadline (resolved ${resolved}, review due ${due}), expected the postmortem reviewed within ${REVIEW_DEADLINE_BUSINESS_DAYS} business days of resolution; hold the review and record it in \`review.date\` (then set \`status: published\`), or ask a reviewer on the pull request`,
    );
  },
};
