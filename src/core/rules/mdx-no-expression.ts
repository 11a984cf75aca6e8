import type { Rule } from '../rule.ts';
import { startOf, walk } from '../utils/mdast.ts';
import { jsxAttributes } from './mdx-disallowed-element.ts';

export const mdxNoExpression: Rule = {
  id: 'mdx/no-expression',
  level: 'error',
  // Comments (`{/* … */}`) are expressions too: the contract allows none, so there is no exception to audit.
  description: 'No `{…}` JavaScript expressions, in text or in attributes (MDX comments included).',
  check(ctx) {
    if (!ctx.tree) return;
    for (const node of walk(ctx.tree)) {
      if (node.type === 'mdxFlowExpression' || node.type === 'mdxTextExpression') {
        const value = ((node as { value?: string }).value ?? '').trim();
        const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
        ctx.report(startOf(node), `Unexpected JavaScript expression \`{${shown}}\`, expected plain text; write a literal brace as \`\\{\`, or put code in backticks`);
        continue;
      }
      for (const attr of jsxAttributes(node)) {
        if (attr.type === 'mdxJsxExpressionAttribute') {
          ctx.report(startOf(attr) ?? startOf(node), 'Unexpected spread attribute `{...}`, expected literal attributes such as `title="text"`');
        } else if (attr.value && typeof attr.value === 'object') {
          ctx.report(startOf(attr) ?? startOf(node), `Unexpected expression in attribute \`${attr.name}\`, expected a literal value in quotes such as \`${attr.name}="text"\``);
        }
      }
    }
  },
};
