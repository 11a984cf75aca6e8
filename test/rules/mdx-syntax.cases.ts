import { expectMessage, type Cases } from './harness.ts';

const syntax = expectMessage('mdx/syntax', 'error');

export default {
  'ok-escaped-characters.mdx': [],
  // The parser gives up lines later, at the first character that cannot belong to the tag; the report points at the `<`.
  'not-ok-unclosed-tag.mdx': [syntax(29, 1, 'runs to line 31, column 7')],
  'not-ok-unclosed-element.mdx': [syntax(27, 1, '`<details>`')],
  'not-ok-html-comment.mdx': [syntax(27, 2, 'delete the comment')],
  'not-ok-lt-before-digit.mdx': [syntax(27, 47, '`\\<`')],
  'not-ok-lt-before-letter.mdx': [syntax(27, 68, '`\\<`')],
  'not-ok-unclosed-brace.mdx': [syntax(27, 35, '`\\{`')],
} satisfies Cases;
