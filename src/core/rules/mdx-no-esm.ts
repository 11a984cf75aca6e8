import type { Rule } from '../rule.ts';
import { startOf, walk } from '../utils/mdast.ts';

export const mdxNoEsm: Rule = {
  id: 'mdx/no-esm',
  level: 'error',
  description: 'No `import` or `export` statements: a postmortem is content, not code.',
  check(ctx) {
    if (!ctx.tree) return;
    for (const node of walk(ctx.tree)) {
      if (node.type !== 'mdxjsEsm') continue;
      const keyword = /^\s*(import|export)/.exec((node as { value?: string }).value ?? '')?.[1] ?? 'import/export';
      ctx.report(startOf(node), `Unexpected \`${keyword}\` statement, expected Markdown content only; remove it (images need no import: use Markdown image syntax; a sentence starting with the word can be escaped as \`\\${keyword}\`)`);
    }
  },
};
