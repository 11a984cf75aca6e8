import { expectMessage, type Cases } from './harness.ts';

const empty = expectMessage('sections/empty', 'error');

export default {
  'ok-empty-action-items.mdx': [],
  'not-ok-no-content.mdx': [empty(29, 1, '`## Root Cause`')],
  'not-ok-only-sub-heading.mdx': [empty(25, 1, '`## Business Impact`')],
  // A comment is an expression (an error of its own), and no content.
  'not-ok-only-comment.mdx': [empty(25, 1, '`## Business Impact`'), expectMessage('mdx/no-expression', 'error')(27, 1, '`{/* Numbers')],
  // A level-1 heading ends the section as well.
  'not-ok-before-level-1.mdx': [
    empty(25, 1, '`## Business Impact`'),
    expectMessage('headings/level-1', 'warning')(27, 1, '`# Impact on merchants`'),
  ],
} satisfies Cases;
