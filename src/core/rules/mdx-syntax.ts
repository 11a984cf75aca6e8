import type { Rule } from '../rule.ts';

export const mdxSyntax: Rule = {
  id: 'mdx/syntax',
  level: 'error',
  description: 'The file does not parse as MDX.',
  check(ctx) {
    const error = ctx.file.syntaxError;
    if (!error) return;
    const reason = error.reason.replace(/\s+/g, ' ').replace(/\.$/, '');
    ctx.report(error.point, `Unexpected MDX syntax: ${reason}; a literal \`<\` must be written \`\\<\` or \`&lt;\`, a literal \`{\` as \`\\{\`, and code belongs in backticks`);
  },
};
