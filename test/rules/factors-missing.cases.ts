import { expectMessage, type Cases } from './harness.ts';

const missing = expectMessage('factors/missing', 'warning');

export default {
  'ok-less-severe.mdx': [],
  'ok-near-miss.mdx': [],
  'ok-in-review.mdx': [],
  // No `contributingFactors` at all: reported on the severity that makes them expected.
  'not-ok-published-p1.mdx': [
    missing(
      3,
      11,
      'published `P1` incident without contributing factors, expected at least one entry in `contributingFactors` for the `P1` and `P2` levels',
    ),
  ],
  'not-ok-empty-list.mdx': [missing(19, 22, '`P2`')],
} satisfies Cases;
