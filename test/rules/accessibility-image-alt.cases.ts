import { expectMessage, type Cases } from './harness.ts';

const alt = expectMessage('accessibility/image-alt', 'warning');

export default {
  // The same postmortem and chart (a real PNG beside it), described and not.
  'ok-described': [],
  'not-ok-no-description': [
    alt(29, 1, 'Unexpected image `./error-rate.png` with no description', 'postmortems/2025-03-04-checkout-pool-change.mdx'),
  ],
} satisfies Cases;
