import { expectMessage, type Cases } from './harness.ts';

const pattern = expectMessage('filename/pattern', 'error');
const named = (name: string) => pattern(1, 1, `\`${name}\``, `postmortems/${name}`);

export default {
  'ok-nested-folder': [],
  'not-ok-underscores': [named('2025_03_04_checkout_pool_change.mdx')],
  'not-ok-upper-case': [named('2025-03-04-Checkout-Pool-Change.mdx')],
  'not-ok-no-date': [named('checkout-pool-change.mdx')],
  'not-ok-impossible-date': [
    pattern(1, 1, '`2025-02-30`', 'postmortems/2025-02-30-checkout-pool-change.mdx'),
    expectMessage('filename/date-mismatch', 'error')(6, 12, '`2025-02-30`', 'postmortems/2025-02-30-checkout-pool-change.mdx'),
  ],
  // Not checked as a postmortem, but not skipped silently either.
  'not-ok-markdown-extension': [named('2025-03-04-checkout-pool-change.md')],
} satisfies Cases;
