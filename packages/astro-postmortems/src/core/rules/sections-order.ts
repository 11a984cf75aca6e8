import type { Rule } from '../rule.ts';
import { normalizeHeading } from '../rule.ts';

export const sectionsOrder: Rule = {
  id: 'sections/order',
  level: 'warning',
  description: 'Required sections should appear in the contract order.',
  docs: {
    meaning: 'Required sections are out of the contract order.',
    fix: 'Move them into the order Executive Summary, Business Impact, Root Cause, Timeline, Lessons Learned, Action Items.',
    trigger: '`## Timeline` before `## Root Cause`',
    ok: [{ fixture: 'ok-extra-section-first.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-timeline-before-root-cause.mdx',
        message:
          'Unexpected `## Root Cause` after `## Timeline`, expected the order `Executive Summary` → `Business Impact` → `Root Cause` → `Timeline` → `Lessons Learned` → `Action Items`; move this section up',
      },
    ],
  },
  check(ctx) {
    if (!ctx.tree) return;
    const order = new Map(ctx.config.requiredSections.map((t, i) => [normalizeHeading(t), i]));
    const seen = new Set<string>();
    let last: { index: number; title: string } | undefined;
    for (const section of ctx.sections()) {
      const index = order.get(section.key);
      if (index === undefined || seen.has(section.key)) continue;
      seen.add(section.key);
      if (last && index < last.index) {
        ctx.report(
          section.start,
          `Unexpected \`## ${section.title}\` after \`## ${last.title}\`, expected the order ${ctx.config.requiredSections.map((t) => `\`${t}\``).join(' → ')}; move this section up`,
        );
      } else {
        last = { index, title: section.title };
      }
    }
  },
};
