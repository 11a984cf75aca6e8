import type { Heading, Link, LinkReference } from 'mdast';
import type { Node } from 'unist';
import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { startOf, toString, writtenTarget } from '../utils/mdast.ts';

/** Written elements a screen reader announces by their text: with none, it has nothing to say but "link" or "summary". */
const NAMED_BY_TEXT = new Set(['a', 'summary']);

/** The words a reader hears for `node`: its text, an image's description included, spaces aside. */
const words = (node: Node) => toString(node).trim();

/**
 * Elements of the body a screen reader names by their text, written with none: a link (`[](…)`), a heading (`##`
 * alone), a `<summary>`. axe-core reports the first and the last as serious on the published page; a heading with no
 * text is an empty entry in the outline readers move through, and gets no anchor.
 */
export const accessibilityName: Rule = {
  id: 'accessibility/name',
  level: 'error',
  description: 'A link, heading or `<summary>` with no text: a screen reader has nothing to announce.',
  docs: {
    meaning:
      'A link with no text (`[](https://…)`, or one holding only an image with no description), a heading with no text (`##` alone on its line), or a `<summary>` (or, where the configuration allows it, an `<a>`) with none. A screen reader announces such an element by its text, so it says only “link”, “heading” or “summary”; axe-core reports the empty link and summary as serious. Imported history often has the empty heading: a blog’s `<h3> </h3>` spacing (`npm run import` leaves those out, and says so).',
    fix: 'Write the words a reader needs: where the link goes (`[the runbook](…)`), the section’s title, what the details hold. Delete a heading that was only spacing.',
    trigger: '`[](https://status.example.com)`, `##` alone on a line',
    ok: [{ fixture: 'ok-named.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-empty-link.mdx',
        message:
          'Unexpected link to `https://status.example.com/incidents/123` with no text, expected words that say where it goes (a screen reader reads only “link”); write them between the brackets',
      },
    ],
  },
  check(ctx) {
    if (!ctx.tree) return;
    for (const node of ctx.nodes()) {
      if (node.type === 'link' || node.type === 'linkReference') {
        if (words(node)) continue;
        const target = writtenTarget(node as Link | LinkReference);
        ctx.report(
          startOf(node),
          `Unexpected link to ${code(target)} with no text, expected words that say where it goes (a screen reader reads only “link”); write them between the brackets`,
        );
      } else if (node.type === 'heading') {
        if (words(node)) continue;
        const hashes = '#'.repeat((node as Heading).depth);
        ctx.report(
          startOf(node),
          `Unexpected heading ${code(hashes)} with no text, expected its title (a screen reader lists an empty heading in the outline); write one, or delete the line if it is only spacing`,
        );
      } else if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
        const name = (node as { name?: string | null }).name;
        if (!name || !NAMED_BY_TEXT.has(name) || words(node)) continue;
        ctx.report(
          startOf(node),
          `Unexpected ${code(`<${name}>`)} with no text, expected words a screen reader can announce (${name === 'summary' ? 'what the details hold' : 'where the link goes'}); write them between ${code(`<${name}>`)} and ${code(`</${name}>`)}`,
        );
      }
    }
  },
};
