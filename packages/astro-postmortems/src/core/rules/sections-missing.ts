import type { Rule } from '../rule.ts';
import { normalizeHeading } from '../rule.ts';
import { probablySection } from '../section-names.ts';
import { toString, nodesOf } from '../utils/mdast.ts';
import { INTERNAL_ELEMENT, isInternalElement } from '../publishing.ts';
import type { Heading } from 'mdast';
import type { Node } from 'unist';

export const sectionsMissing: Rule = {
  id: 'sections/missing',
  level: 'error',
  description: 'A required level-2 section is absent (the message names a heading that is probably it).',
  docs: {
    meaning:
      'A required level-2 section is absent. When a heading of any level is probably it — a synonym from `sectionSynonyms` (*Summary*, *Customer impact*, *Five whys*…) or a near spelling — the message names it with its line.',
    fix: 'Add the `## …` heading with its content, or rename the heading the message names; `npm run new` writes them all.',
    trigger: 'no `## Timeline`; `## Summary` instead of `## Executive Summary`',
    ok: [{ fixture: 'ok-setext-heading.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-no-timeline.mdx',
        message: 'Missing required section `## Timeline`, expected it after `## Root Cause` (line 29); add the heading and its content',
      },
    ],
  },
  check(ctx) {
    if (!ctx.tree) return;
    const sections = ctx.sections();
    const present = new Set(sections.map((s) => s.key));
    const required = ctx.config.requiredSections;
    const requiredKeys = new Set(required.map(normalizeHeading));
    // Every heading of any level that is not already a required section: the candidates for "probably it".
    const candidates = ctx
      .nodes()
      .filter((n): n is Heading => n.type === 'heading')
      .map((h) => ({ depth: h.depth, text: toString(h).trim(), line: h.position?.start.line ?? 0 }))
      .filter((h) => h.text && !(h.depth === 2 && requiredKeys.has(normalizeHeading(h.text))));
    // Level-2 headings inside `<Internal>`: not sections (an external reader would not get them), so not the required ones.
    const internalHeadings = ctx
      .nodes()
      .filter(isInternalElement)
      .flatMap((el) => nodesOf(el as Node).filter((n): n is Heading => n.type === 'heading' && (n as Heading).depth === 2))
      .map((h) => ({ key: normalizeHeading(toString(h)), line: h.position?.start.line ?? 0 }));
    required.forEach((title, index) => {
      if (present.has(normalizeHeading(title))) return;
      const before = required
        .slice(0, index)
        .reverse()
        .map(normalizeHeading)
        .find((k) => present.has(k));
      const after = required
        .slice(index + 1)
        .map(normalizeHeading)
        .find((k) => present.has(k));
      const anchor = after ? sections.find((s) => s.key === after) : undefined;
      const prev = before ? sections.find((s) => s.key === before) : undefined;
      const where = prev
        ? ` after \`## ${prev.title}\` (line ${prev.start.line})`
        : anchor
          ? ` before \`## ${anchor.title}\` (line ${anchor.start.line})`
          : '';
      const end = ctx.file.lines.lineCount;
      const point = anchor?.start ?? { line: end, column: 1 };
      const probable = candidates.find((h) => probablySection(h.text, title, ctx.config));
      const inside = internalHeadings.find((h) => h.key === normalizeHeading(title));
      const hint = inside
        ? `; \`## ${title}\` (line ${inside.line}) is inside \`<${INTERNAL_ELEMENT}>\`, and a required section is for every reader: keep the heading outside and mark only the internal part of its content`
        : probable
          ? `; \`${'#'.repeat(probable.depth)} ${probable.text}\` (line ${probable.line}) is probably it: ${probable.depth === 2 ? 'rename it' : `make it a level-2 heading named \`## ${title}\``}`
          : '; add the heading and its content';
      ctx.report(point, `Missing required section \`## ${title}\`, expected it${where}${hint}`);
    });
  },
};
