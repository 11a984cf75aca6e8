import type { Rule } from '../rule.ts';

export const mdxSyntax: Rule = {
  id: 'mdx/syntax',
  level: 'error',
  description: 'The file does not parse as MDX.',
  check(ctx) {
    const error = ctx.file.syntaxError;
    if (!error) return;
    if (error.message) {
      ctx.report(error.point, error.message);
      return;
    }
    // micromark suggests MDX comments for `<!--`; postmortems allow no `{…}` at all, so point at deleting it instead.
    const reason = error.reason
      .replace(/\s+/g, ' ')
      .replace(/\s*\(note: to create a comment in MDX, use `\{\/\* text \*\/\}`\)/, ' (HTML comments are not allowed in postmortems: delete the comment)')
      .replace(/\.$/, '');
    ctx.report(error.point, `Unexpected MDX syntax: ${reason}; a literal \`<\` must be written \`\\<\` or \`&lt;\`, a literal \`{\` as \`\\{\`, and code belongs in backticks`);
  },
};
