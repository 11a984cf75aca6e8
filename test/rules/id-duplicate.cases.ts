import { expectMessage, type Cases } from './harness.ts';

const duplicate = expectMessage('id/duplicate', 'error');
const inYear = 'postmortems/2025/2025-03-04-checkout-pool-change.mdx';
const inArchive = 'postmortems/archive/2025-03-04-checkout-pool-change.mdx';

export default {
  'ok-same-slug-other-date': [],
  'not-ok-two-folders': [duplicate(1, 1, `\`${inArchive}\``, inYear), duplicate(1, 1, `\`${inYear}\``, inArchive)],
} satisfies Cases;
