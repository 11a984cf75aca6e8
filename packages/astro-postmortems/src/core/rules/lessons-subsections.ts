import type { Rule } from '../rule.ts';
import { normalizeHeading } from '../rule.ts';
import { toString } from '../utils/mdast.ts';

const MONITORING = /\b(?:monitor\w*|alert\w*|alarm\w*|detect\w*|paged?|paging|dashboards?|observability|synthetic\w*|on-call)\b/i;

export const lessonsSubsections: Rule = {
  id: 'lessons/subsections',
  level: 'warning',
  description: 'Recommended sub-headings under Lessons Learned, and a word on whether monitoring caught it.',
  docs: {
    meaning: 'A recommended *Lessons Learned* sub-heading is missing, or no word on whether monitoring caught it.',
    fix: 'Add `### What went well`, `### What went wrong`, `### Where we got lucky`, and a sentence on alerts or monitoring.',
    trigger: '*Lessons Learned* with only bullets',
    ok: [{ fixture: 'ok-all-sub-headings.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-no-lucky.mdx',
        message:
          'Missing recommended sub-heading `### Where we got lucky` under `## Lessons Learned`, expected `### What went well`, `### What went wrong`, `### Where we got lucky`',
      },
    ],
  },
  check(ctx) {
    if (!ctx.tree) return;
    const key = normalizeHeading(ctx.config.lessonsSection);
    const section = ctx.sections().find((s) => s.key === key);
    if (!section) return;
    const subheadings = new Set(
      section.content.filter((n) => n.type === 'heading' && n.depth === 3).map((n) => normalizeHeading(toString(n))),
    );
    for (const wanted of ctx.config.lessonsSubsections) {
      if (!subheadings.has(normalizeHeading(wanted))) {
        ctx.report(
          section.start,
          `Missing recommended sub-heading \`### ${wanted}\` under \`## ${section.title}\`, expected ${ctx.config.lessonsSubsections.map((s) => `\`### ${s}\``).join(', ')}`,
        );
      }
    }
    const text = section.content.map((n) => toString(n)).join(' ');
    if (text.trim() && !MONITORING.test(text)) {
      ctx.report(
        section.start,
        `Missing a word on monitoring under \`## ${section.title}\`, expected a sentence on whether alerts or monitoring caught the incident, and how fast`,
      );
    }
  },
};
