import { expectMessage, type Cases } from './harness.ts';

const order = expectMessage('frontmatter/timestamps-order', 'error');

export default {
  'ok-equal-and-mixed-offsets.mdx': [],
  'not-ok-detected-before-started.mdx': [order(7, 13, '`2025-03-04T09:02:00Z`')],
  // 10:15 at +05:30 is 04:45 UTC: earlier than it reads.
  'not-ok-offset-hides-order.mdx': [order(8, 14, '`2025-03-04T10:15:00+05:30`')],
} satisfies Cases;
