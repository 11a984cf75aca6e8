import { expectMessage, type Cases } from './harness.ts';

const imported = expectMessage('sections/imported-placeholder', 'warning');

export default {
  // A placeholder with nothing that reads like the section: `content/placeholder` asks for it before the review.
  'ok-placeholder-alone.mdx': [],
  'not-ok-extra-reads-as-it.mdx': [imported(28, 1, 'rename `## Causes of the outage` to `## Root Cause`')],
} satisfies Cases;
