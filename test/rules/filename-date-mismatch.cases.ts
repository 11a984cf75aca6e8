import { expectMessage, type Cases } from './harness.ts';

const mismatch = expectMessage('filename/date-mismatch', 'error');

export default {
  // 22:30 at -05:00 is already the next day in UTC; the file name follows the offset as written.
  'ok-late-evening-negative-offset': [],
  'ok-early-morning-positive-offset': [],
  'not-ok-utc-date': [mismatch(6, 12, 'expected `2025-03-04`', 'postmortems/2025-03-05-checkout-pool-change.mdx')],
  'not-ok-other-day': [mismatch(6, 12, '`2025-03-01`', 'postmortems/2025-03-01-checkout-pool-change.mdx')],
} satisfies Cases;
