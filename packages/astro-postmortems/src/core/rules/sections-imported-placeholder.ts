import type { Rule } from '../rule.ts';
import { IMPORT_MISSING_SECTION } from '../placeholders.ts';
import { normalizeHeading } from '../rule.ts';
import { scoreHeading } from '../section-names.ts';
import { toString, nodesOf } from '../utils/mdast.ts';

/** How much of an extra heading's words must say the missing section for it to be named (as import scores). */
const READS_AS = 0.34;

/**
 * A botched import: `npm run import` found no heading for a required section and left its placeholder, while an
 * extra section's heading reads as that section ("## Root causes of the outage" kept aside). Checked at every
 * status, drafts included, because that is when the fix is a rename.
 */
export const sectionsImportedPlaceholder: Rule = {
  id: 'sections/imported-placeholder',
  level: 'warning',
  description:
    'A required section holds the import placeholder while an extra section reads like it (the message names the heading to rename).',
  docs: {
    meaning:
      '`npm run import` writes *This section was not in the imported document* in a required section no heading of the source maps to. When an extra level-2 section of the file reads like that section (its words score as it, as the importer scores headings), its content is probably the missing section under another name.',
    fix: "Move the extra section's content into the required section (or rename its heading to the required one) and delete the placeholder paragraph.",
    trigger: '`## Root Cause` holding the import placeholder while `## Root causes of the outage` is kept as an extra section',
    ok: [{ fixture: 'ok-placeholder-alone.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-extra-reads-as-it.mdx',
        message:
          'Unexpected import placeholder in `## Root Cause` while `## Causes of the outage` (line 35) reads as it; rename `## Causes of the outage` to `## Root Cause` (or move its content here) and delete the placeholder',
      },
    ],
  },
  check(ctx) {
    if (!ctx.tree) return;
    const sections = ctx.sections();
    const required = new Set(ctx.config.requiredSections.map(normalizeHeading));
    const extras = sections.filter((s) => !required.has(s.key));
    // Nothing can read as a missing section: no placeholder is looked for (a walk of every required section).
    if (!extras.length) return;
    for (const section of sections) {
      if (!required.has(section.key)) continue;
      const placeholder = section.content
        .flatMap((n) => nodesOf(n))
        .find((n) => n.type === 'emphasis' && toString(n).trim().startsWith(IMPORT_MISSING_SECTION));
      if (!placeholder) continue;
      const title = ctx.config.requiredSections.find((t) => normalizeHeading(t) === section.key)!;
      const match = extras.find((e) => {
        const [best] = scoreHeading(e.title, ctx.config);
        return best?.title === title && best.score >= READS_AS;
      });
      if (!match) continue;
      ctx.report(
        placeholder.position?.start ?? section.start,
        `Unexpected import placeholder in \`## ${title}\` while \`## ${match.title}\` (line ${match.start.line}) reads as it; rename \`## ${match.title}\` to \`## ${title}\` (or move its content here) and delete the placeholder`,
      );
    }
  },
};
