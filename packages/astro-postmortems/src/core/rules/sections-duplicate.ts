import type { Rule } from '../rule.ts';
import { normalizeHeading } from '../rule.ts';

export const sectionsDuplicate: Rule = {
  id: 'sections/duplicate',
  level: 'error',
  description: 'A required section appears more than once.',
  docs: {
    meaning: 'A required section appears twice.',
    fix: 'Merge the two sections.',
    trigger: 'two `## Root Cause` headings',
    ok: [{ fixture: 'ok-extra-sections.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-twice.mdx',
        message: 'Unexpected second `## Timeline`, expected it once (first at line 35); merge the two sections',
      },
    ],
  },
  check(ctx) {
    if (!ctx.tree) return;
    const required = new Set(ctx.config.requiredSections.map(normalizeHeading));
    const seen = new Map<string, number>();
    for (const section of ctx.sections()) {
      if (!required.has(section.key)) continue;
      const first = seen.get(section.key);
      if (first !== undefined) {
        ctx.report(
          section.start,
          `Unexpected second \`## ${section.title}\`, expected it once (first at line ${first}); merge the two sections`,
        );
      } else {
        seen.set(section.key, section.start.line);
      }
    }
  },
};
