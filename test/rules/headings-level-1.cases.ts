import { expectMessage, type Cases } from './harness.ts';

const level1 = expectMessage('headings/level-1', 'warning');

export default {
  'ok-level-2-and-3.mdx': [],
  'ok-hash-in-code-block.mdx': [],
  'not-ok-title-repeated.mdx': [level1(21, 1, '`# Checkout API errors after a connection pool change`')],
  'not-ok-setext-level-1.mdx': [level1(21, 1, '`# Checkout outage, March 2025`')],
} satisfies Cases;
