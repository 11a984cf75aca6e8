import { expectMessage, type Cases } from './harness.ts';

const lessons = expectMessage('lessons/subsections', 'warning');

export default {
  'ok-all-sub-headings.mdx': [],
  'not-ok-no-lucky.mdx': [lessons(45, 1, '`### Where we got lucky`')],
  'not-ok-no-monitoring.mdx': [lessons(42, 1, 'monitoring under `## Lessons Learned`')],
} satisfies Cases;
