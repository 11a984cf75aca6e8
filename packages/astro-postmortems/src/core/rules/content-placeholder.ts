import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { mayBeUnknown, UNKNOWN } from '../frontmatter-schema.ts';
import {
  GUIDANCE_QUOTE,
  IMPORT_MISSING_SECTION,
  isPlaceholderOwner,
  isPlaceholderTitle,
  isScaffoldPlaceholder,
  TIME_PLACEHOLDER,
} from '../placeholders.ts';
import { startOf, toString } from '../utils/mdast.ts';
import { draftsPublished } from '../publishing.ts';

/** A draft may be half-written; from review on, or once a draft is published (`publishDrafts`), a reader would take placeholders for facts. */
const REVIEWED = new Set(['in-review', 'published']);

export const contentPlaceholder: Rule = {
  id: 'content/placeholder',
  level: 'error',
  description:
    'Scaffold or import placeholder text, or an action item owned by a placeholder (everyone, TBD, n/a, team), once in-review or published, and in drafts where the site publishes drafts.',
  docs: {
    meaning:
      'An `in-review` or `published` postmortem still holds placeholder text: a scaffold guidance quote (`> Replace this quote…`), a scaffold placeholder in italics (`_what users saw_`) or time (`**HH:MM**`), the sentence `npm run import` writes for a section the source lacked, or an action item whose title is `TBD` or whose owner names nobody (`everyone`, `TBD`, `n/a`, `team`, `none`…, case-insensitive). Drafts may hold them, as long as the site leaves drafts out (the default); with `publishDrafts: true` a draft is published, and checked like any published postmortem.',
    fix: 'Write the content and delete the placeholder; give each action item one team or handle that agreed to it; or keep `status: draft` (on a site that does not publish drafts).',
    trigger: '`owner: everyone` with `status: published`',
    ok: [{ fixture: 'ok-published-written.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-published-scaffold-quote.mdx',
        message:
          "Unexpected scaffold guidance `> Replace this quote with what users and t…` in a `published` postmortem, expected the section's own content; write it and delete the quote, or set `status: draft`",
      },
    ],
  },
  check(ctx) {
    const status = ctx.raw?.['status'];
    const publishedDraft = status === 'draft' && draftsPublished(ctx.config);
    if (typeof status !== 'string' || (!REVIEWED.has(status) && !publishedDraft)) return;
    // A draft this site publishes: it cannot be kept out by its status, only by the configuration.
    const what = publishedDraft
      ? 'a draft this site publishes (`publishDrafts: true`)'
      : `${/^[aeiou]/.test(status) ? 'an' : 'a'} \`${status}\` postmortem`;
    const fix = publishedDraft ? 'or keep drafts off the site (`publishDrafts: false`, the default)' : `or set \`status: draft\``;
    if (ctx.tree) {
      for (const node of ctx.nodes()) {
        if (node.type === 'blockquote') {
          const text = toString(node).trim();
          if (text.startsWith(GUIDANCE_QUOTE))
            ctx.report(
              startOf(node),
              `Unexpected scaffold guidance ${code(`> ${text.slice(0, 40)}…`)} in ${what}, expected the section's own content; write it and delete the quote, ${fix}`,
            );
        } else if (node.type === 'emphasis') {
          const text = toString(node).trim();
          if (isScaffoldPlaceholder(text))
            ctx.report(
              startOf(node),
              `Unexpected scaffold placeholder ${code(`_${text}_`)} in ${what}, expected what happened; replace it, ${fix}`,
            );
          else if (text.startsWith(IMPORT_MISSING_SECTION))
            ctx.report(
              startOf(node),
              `Unexpected import placeholder ${code(IMPORT_MISSING_SECTION)} in ${what}, expected the section's content; write the section and delete the sentence, ${fix}`,
            );
        } else if (node.type === 'strong' && toString(node).trim() === TIME_PLACEHOLDER) {
          ctx.report(
            startOf(node),
            `Unexpected scaffold time ${code(`**${TIME_PLACEHOLDER}**`)} in ${what}, expected the time of the event; fill it in or delete the entry, ${fix}`,
          );
        }
      }
    }
    const items = ctx.raw?.['actionItems'];
    if (!Array.isArray(items)) return;
    items.forEach((item: unknown, i) => {
      if (!item || typeof item !== 'object') return;
      const { title, owner, imported, status: itemStatus } = item as Record<string, unknown>;
      if (typeof title === 'string' && isPlaceholderTitle(title)) {
        ctx.report(
          ctx.file.frontmatter.locate(['actionItems', i, 'title']),
          `Unexpected placeholder title ${code(title)} in \`actionItems[${i}].title\`, expected the outcome to deliver, such as \`Alert when the pool is 80% used\`; write it, remove the item, ${fix}`,
        );
      }
      // An imported or finished item may say `unknown` (the format's word for an owner its source never named).
      const knownUnknown =
        typeof owner === 'string' &&
        owner.trim().toLowerCase() === UNKNOWN &&
        mayBeUnknown({ imported: imported === true, status: typeof itemStatus === 'string' ? itemStatus : undefined });
      if (typeof owner === 'string' && isPlaceholderOwner(owner) && !knownUnknown) {
        ctx.report(
          ctx.file.frontmatter.locate(['actionItems', i, 'owner']),
          `Unexpected placeholder owner ${code(owner)} in \`actionItems[${i}].owner\`, expected one team or handle that agreed to it, such as \`checkout-team\`; name it, ${fix}`,
        );
      }
    });
  },
};
