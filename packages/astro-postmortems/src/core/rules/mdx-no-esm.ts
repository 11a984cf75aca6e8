import type { Rule } from '../rule.ts';

export const mdxNoEsm: Rule = {
  id: 'mdx/no-esm',
  level: 'error',
  description: 'No `import` or `export` statements: a postmortem is content, not code.',
  docs: {
    meaning: '`import` or `export` in a postmortem: a postmortem is content, never code.',
    fix: 'Remove the statement; use the allowed elements and components only.',
    trigger: "`import Chart from '../chart.astro'`",
    ok: [{ fixture: 'ok-code-block.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-import.mdx',
        message:
          'Unexpected `import` statement, expected Markdown content only; remove it (images need no import: use Markdown image syntax); if it is a sentence, reword it so the line does not start with `import`',
      },
    ],
  },
  check(ctx) {
    for (const found of ctx.file.mdxCode) {
      if (found.kind !== 'esm') continue;
      const keyword = found.value;
      ctx.report(
        found.point,
        `Unexpected \`${keyword}\` statement, expected Markdown content only; remove it (images need no import: use Markdown image syntax); if it is a sentence, reword it so the line does not start with \`${keyword}\``,
      );
    }
  },
};
