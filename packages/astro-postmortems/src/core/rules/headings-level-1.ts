import type { Heading } from 'mdast';
import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { startOf, toString } from '../utils/mdast.ts';

/**
 * The page already shows `title` as its only level-1 heading; a `# Title` left
 * over from a converted document becomes a second one, which breaks the outline
 * screen readers navigate by, and it ends the section above it.
 */
export const headingsLevel1: Rule = {
  id: 'headings/level-1',
  level: 'warning',
  description: 'A level-1 heading in the body (the page already has the title as its level-1 heading).',
  docs: {
    meaning:
      'A level-1 heading (`# …` or a `===` setext heading) in the body: the page already shows `title` as its level-1 heading, so this is a second one, and it ends the section above it. Common after converting a document.',
    fix: 'Delete it if it repeats the title; otherwise make it a `##` section or a `###` sub-heading.',
    trigger: '`# Checkout outage` under the frontmatter',
    ok: [{ fixture: 'ok-level-2-and-3.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-title-repeated.mdx',
        message:
          'Unexpected level-1 heading `# Checkout API errors after a connection pool change`, expected level-2 sections (the page shows `title` as its level-1 heading); delete it if it repeats the title, or make it `## Checkout API errors after a connection pool change`',
      },
    ],
  },
  check(ctx) {
    if (!ctx.tree) return;
    for (const node of ctx.nodes()) {
      if (node.type !== 'heading' || (node as Heading).depth !== 1) continue;
      const text = toString(node).trim();
      ctx.report(
        startOf(node),
        `Unexpected level-1 heading ${code(`# ${text}`)}, expected level-2 sections (the page shows \`title\` as its level-1 heading); delete it if it repeats the title, or make it \`## ${text}\``,
      );
    }
  },
};
