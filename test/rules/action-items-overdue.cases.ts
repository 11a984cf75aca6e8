import { expectMessage, type Cases } from './harness.ts';

const overdue = expectMessage('action-items/overdue', 'warning');

export default {
  // Done items never nag, and an item due today is not late yet.
  'ok-done-or-due-today.mdx': [],
  'not-ok-open-past-due.mdx': [overdue(17, 10, '`Alert when the connection pool is 80% used` (due 2025-04-01, still `open`)')],
  'not-ok-in-progress-past-due.mdx': [overdue(17, 10, 'still `in-progress`')],
} satisfies Cases;
