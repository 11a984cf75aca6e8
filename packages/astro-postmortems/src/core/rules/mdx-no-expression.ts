import type { Rule } from '../rule.ts';

export const mdxNoExpression: Rule = {
  id: 'mdx/no-expression',
  level: 'error',
  // Comments (`{/* … */}`) are expressions too: the contract allows none, so there is no exception to audit.
  description: 'No `{…}` JavaScript expressions, in text or in attributes (MDX comments included).',
  docs: {
    meaning: 'A `{…}` JavaScript expression, in text or in an attribute.',
    fix: 'Escape the brace as `\\{`, or put the text in backticks.',
    trigger: '`{1 + 1}`, `<abbr title={x}>`',
    ok: [{ fixture: 'ok-braces-in-code.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-text-expression.mdx',
        message:
          'Unexpected JavaScript expression `{1200 + 0}`, expected plain text; write a literal brace as `\\{`, or put code in backticks',
      },
    ],
  },
  check(ctx) {
    // The parse never hands an expression to a JavaScript parser: it records where MDX would have read one.
    for (const found of ctx.file.mdxCode) {
      if (found.kind === 'expression' && found.inUrl) {
        ctx.report(
          found.point,
          'Unexpected `{` in a bare URL, expected it inside a link (MDX may read the brace as JavaScript); write the URL as `[text](https://…)`, where braces are part of the address',
        );
      } else if (found.kind === 'expression' && found.unclosed) {
        ctx.report(
          found.point,
          `Unexpected \`{\` with no closing \`}\`, expected plain text (MDX would read everything after it as JavaScript); write a literal brace as \`\\{\`, or put code in backticks`,
        );
      } else if (found.kind === 'expression') {
        const value = found.value.trim().replace(/\s+/g, ' ');
        const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
        ctx.report(
          found.point,
          `Unexpected JavaScript expression \`{${shown}}\`, expected plain text; write a literal brace as \`\\{\`, or put code in backticks`,
        );
      } else if (found.kind === 'spread') {
        ctx.report(found.point, 'Unexpected spread attribute `{...}`, expected literal attributes such as `title="text"`');
      } else if (found.kind === 'attribute') {
        ctx.report(
          found.point,
          `Unexpected expression in attribute \`${found.name}\`, expected a literal value in quotes such as \`${found.name}="text"\``,
        );
      }
    }
  },
};
