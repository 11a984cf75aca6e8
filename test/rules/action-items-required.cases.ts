import { expectMessage, type Cases } from './harness.ts';

const required = expectMessage('action-items/required', 'error');

export default {
  'ok-in-review-without-items.mdx': [],
  'not-ok-no-items.mdx': [required(4, 9, '`actionItems`')],
  'not-ok-empty-list.mdx': [required(14, 14, '`actionItems`')],
} satisfies Cases;
