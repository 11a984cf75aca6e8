import { expectMessage, type Cases } from './harness.ts';

export default {
  'ok-extra-section-first.mdx': [],
  'not-ok-timeline-before-root-cause.mdx': [expectMessage('sections/order', 'warning')(36, 1, '`## Root Cause` after `## Timeline`')],
} satisfies Cases;
