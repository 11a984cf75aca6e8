import type { Rule } from '../rule.ts';

export const mdxSyntax: Rule = {
  id: 'mdx/syntax',
  level: 'error',
  description: 'The file does not parse as MDX.',
  docs: {
    meaning:
      'The file does not parse as MDX, or is beyond what the checker parses in bounded time: more than 65,536 characters (over 4 MB it is not even decoded), more than 1,000 `<`, a list or quote nested more than 16 levels deep, more than 1,000 levels of nested list items and quotes in all, or paragraphs with thousands of `*`, `_` or `]` (limits in `src/core/parse-limits.ts`). The position is where the broken construct starts (the `<` of an unclosed tag).',
    fix: 'In text, write `<` as `&lt;` and `{` as `\\{`, or put them in backticks; close every tag you open. Beyond a limit: move logs and data into files beside the postmortem, flatten lists, break long paragraphs up.',
    trigger: '`Latency was <50ms`',
    ok: [{ fixture: 'ok-escaped-characters.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-unclosed-tag.mdx',
        message:
          'Unexpected MDX syntax: Unexpected character after `<`, expected a valid JSX tag (note: to create a link in MDX, use `[text](url)`); a literal `<` must be written `\\<` or `&lt;`, a literal `{` as `\\{`, and code belongs in backticks',
      },
    ],
  },
  check(ctx) {
    const error = ctx.file.syntaxError;
    if (!error) return;
    if (error.message) {
      ctx.report(error.point, error.message);
      return;
    }
    // The parser (satteri, `src/core/parse-mdx.ts`) suggests MDX comments for `<!--`; postmortems allow no `{…}` at all, so point at deleting it instead.
    const reason = error.reason
      .replace(/\s+/g, ' ')
      .replace(
        / ?\(note: to create a comment in MDX, use `\{\/\* text \*\/\}`\)/,
        ' (HTML comments are not allowed in postmortems: delete the comment)',
      )
      .replace(/\.$/, '');
    ctx.report(
      error.point,
      `Unexpected MDX syntax: ${reason}; a literal \`<\` must be written \`\\<\` or \`&lt;\`, a literal \`{\` as \`\\{\`, and code belongs in backticks`,
    );
  },
};
