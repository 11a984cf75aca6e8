import { expectMessage, type Cases } from './harness.ts';

export default {
  'ok-in-review-within-deadline.mdx': [],
  'ok-draft-unresolved.mdx': [],
  // §7: a recorded review meeting satisfies the deadline, even before `status: published`.
  'ok-in-review-with-review-date.mdx': [],
  'not-ok-in-review-late.mdx': [expectMessage('review/overdue', 'warning')(4, 9, '`status: in-review`')],
} satisfies Cases;
