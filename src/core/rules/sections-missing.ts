import type { Rule } from '../rule.ts';
import { normalizeHeading } from '../rule.ts';

export const sectionsMissing: Rule = {
  id: 'sections/missing',
  level: 'error',
  description: 'A required level-2 section is absent.',
  check(ctx) {
    if (!ctx.tree) return;
    const sections = ctx.sections();
    const present = new Set(sections.map((s) => s.key));
    const required = ctx.config.requiredSections;
    required.forEach((title, index) => {
      if (present.has(normalizeHeading(title))) return;
      const before = required.slice(0, index).reverse().map(normalizeHeading).find((k) => present.has(k));
      const after = required.slice(index + 1).map(normalizeHeading).find((k) => present.has(k));
      const anchor = after ? sections.find((s) => s.key === after) : undefined;
      const prev = before ? sections.find((s) => s.key === before) : undefined;
      const where = prev ? ` after \`## ${prev.title}\` (line ${prev.start.line})` : anchor ? ` before \`## ${anchor.title}\` (line ${anchor.start.line})` : '';
      const end = ctx.file.lines.lineCount;
      const point = anchor?.start ?? { line: end, column: 1 };
      ctx.report(point, `Missing required section \`## ${title}\`, expected it${where}; add the heading and its content`);
    });
  },
};
