import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { walk } from '../utils/mdast.ts';

const compiled = new WeakMap<object, { re: RegExp; suggestion: string }[]>();

export const blamelessLanguage: Rule = {
  id: 'blameless/language',
  level: 'warning',
  description: 'Blame-oriented wording, with a systems-oriented suggestion.',
  check(ctx) {
    let phrases = compiled.get(ctx.config.blamelessPhrases);
    if (!phrases) {
      phrases = ctx.config.blamelessPhrases.map((p) => ({ re: new RegExp(p.pattern, 'giu'), suggestion: p.suggestion }));
      compiled.set(ctx.config.blamelessPhrases, phrases);
    }
    const scan = (text: string, base: number) => {
      for (const { re, suggestion } of phrases!) {
        re.lastIndex = 0;
        for (let m = re.exec(text); m; m = re.exec(text)) {
          ctx.report(ctx.file.lines.point(base + m.index), `Unexpected blame-oriented wording ${code(m[0])}, expected systems-oriented language: ${suggestion}`);
          if (m[0] === '') re.lastIndex++;
        }
      }
    };
    for (const field of ['title', 'summary'] as const) {
      const value = ctx.raw?.[field];
      if (typeof value !== 'string') continue;
      const point = ctx.file.frontmatter.locate([field]);
      for (const { re, suggestion } of phrases) {
        re.lastIndex = 0;
        const m = re.exec(value);
        if (m) ctx.report(point, `Unexpected blame-oriented wording ${code(m[0])} in \`${field}\`, expected systems-oriented language: ${suggestion}`);
      }
    }
    if (!ctx.tree) return;
    const source = ctx.file.source;
    for (const node of walk(ctx.tree)) {
      if (node.type !== 'text' || !node.position) continue;
      // Scan the source span, not the decoded value, so columns stay exact.
      const { start, end } = node.position;
      if (start.offset === undefined || end.offset === undefined) continue;
      scan(source.slice(start.offset, end.offset), start.offset);
    }
  },
};
