import { expectMessage, type Cases } from './harness.ts';

const syntax = expectMessage('mdx/syntax', 'error');

export default {
  'ok-escaped-characters.mdx': [],
  // The tag runs on for lines until a character that cannot belong to it; the report points at the `<` that opened it.
  'not-ok-unclosed-tag.mdx': [syntax(29, 1, '`\\<`')],
  'not-ok-unclosed-element.mdx': [syntax(27, 1, '`<details>`')],
  'not-ok-html-comment.mdx': [syntax(27, 1, 'delete the comment')],
  'not-ok-lt-before-digit.mdx': [syntax(27, 46, '`\\<`')],
  'not-ok-lt-before-letter.mdx': [syntax(27, 48, '`\\<`')],
  // MDX would read the rest of the file as JavaScript; the report is the brace's own.
  'not-ok-unclosed-brace.mdx': [expectMessage('mdx/no-expression', 'error')(27, 35, '`\\{`')],
} satisfies Cases;
