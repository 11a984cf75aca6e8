import { expectMessage, type Cases } from './harness.ts';

const missing = expectMessage('sections/missing', 'error');

export default {
  'ok-setext-heading.mdx': [],
  'ok-closing-hashes.mdx': [],
  'ok-spaces-and-case.mdx': [],
  'ok-emphasis-in-heading.mdx': [],
  'not-ok-no-timeline.mdx': [missing(35, 1, '`## Timeline`, expected it after `## Root Cause` (line 29)')],
  'not-ok-heading-in-code-block.mdx': [missing(46, 1, '`## Timeline`')],
  'not-ok-heading-in-details.mdx': [missing(47, 1, '`## Timeline`')],
  // The level-1 heading is also a second title on the page (headings/level-1), and probably the missing section.
  'not-ok-level-1.mdx': [
    expectMessage('headings/level-1', 'warning')(35, 1, '`# Timeline`'),
    missing(
      42,
      1,
      '`## Timeline`, expected it after `## Root Cause` (line 29); `# Timeline` (line 35) is probably it: make it a level-2 heading',
    ),
  ],
  'not-ok-level-3.mdx': [missing(42, 1, '`### Timeline` (line 35) is probably it')],
  'not-ok-all-missing.mdx': ['Executive Summary', 'Business Impact', 'Root Cause', 'Timeline', 'Lessons Learned', 'Action Items'].map((s) =>
    missing(22, 1, `\`## ${s}\``),
  ),
} satisfies Cases;
