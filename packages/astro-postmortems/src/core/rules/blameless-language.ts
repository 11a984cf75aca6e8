import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { levelFor } from '../config.ts';
import { blameIn } from './blameless-blame.ts';
import { phrasesRegExp } from '../utils/phrase-patterns.ts';
import { visibleText, visibleOnly, withoutIgnorable } from '../visible-text.ts';

interface Matcher {
  /** All phrases as one alternation, so each text is scanned once. */
  re: RegExp;
  suggestions: string[];
}

const compiled = new WeakMap<object, Matcher>();

export function matcherFor(phrases: readonly { pattern: string; suggestion: string }[]): Matcher {
  let m = compiled.get(phrases);
  if (!m) {
    m = { re: phrasesRegExp(phrases.map((p) => p.pattern)), suggestions: phrases.map((p) => p.suggestion) };
    compiled.set(phrases, m);
  }
  return m;
}

function* matches(matcher: Matcher, text: string): Generator<{ index: number; text: string; suggestion: string }> {
  const { re, suggestions } = matcher;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '') {
      re.lastIndex++;
      continue;
    }
    const which = Object.entries(m.groups ?? {}).find(([, v]) => v !== undefined)?.[0] ?? 'p0';
    yield { index: m.index, text: m[0], suggestion: suggestions[Number(which.slice(1))]! };
  }
}

function insideAny(ranges: readonly [number, number][], from: number, to: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [start, end] = ranges[mid]!;
    if (to <= start) hi = mid - 1;
    else if (from >= end) lo = mid + 1;
    else return from >= start && to <= end;
  }
  return false;
}

/** The sentence of the source around `at` (up to the nearest sentence end or blank line), for exceptions to name. */
function sentenceAround(source: string, at: number): string {
  const before = source.slice(Math.max(0, at - 400), at);
  const start = Math.max(before.lastIndexOf('. '), before.lastIndexOf('! '), before.lastIndexOf('? '), before.lastIndexOf('\n')) + 1;
  const after = source.slice(at, at + 400);
  const end = after.search(/[.!?](?:\s|$)|\n\s*\n/);
  return before.slice(start) + (end === -1 ? after : after.slice(0, end + 1));
}

export const blamelessLanguage: Rule = {
  id: 'blameless/language',
  level: 'warning',
  acceptsExceptions: true,
  description: 'Judgemental wording (careless, negligent, sloppy…, the configured `blamelessPhrases`), with a systems-oriented suggestion.',
  docs: {
    meaning:
      'Wording from `blamelessPhrases` (by default judgements: careless, negligent, sloppy, lazy, incompetent, stupid) in the title, summary, body or a contributing factor’s `description`, whoever it is about; the message suggests a systems-oriented phrasing. A sentence that makes a person the one who failed is `blameless/blame`’s (an error), and is not reported twice. Organisations add their own phrases in `postmortems.config.ts`.',
    fix: 'Describe the conditions in the system or process, not a judgement; or accept the sentence under `exceptions` with a reason.',
    trigger: '“the rollout plan was sloppy”, “a careless default”',
    ok: [{ fixture: 'ok-systems-language.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-judgement.mdx',
        message:
          'Unexpected blame-oriented wording `sloppy`, expected systems-oriented language: describe the system conditions, not the people',
      },
    ],
  },
  check(ctx) {
    if (!ctx.config.blamelessPhrases.length) return;
    const matcher = matcherFor(ctx.config.blamelessPhrases);
    // A sentence `blameless/blame` reports gets that one message, not a second one for its wording.
    let blamed: { fields: Set<string>; spans: [number, number][] } | undefined;
    const blame = () => {
      if (blamed) return blamed;
      const on = levelFor(ctx.config.rules['blameless/blame'], 'error', ctx.raw?.['status']) !== 'off';
      const found = on ? blameIn(ctx).found : [];
      return (blamed = {
        fields: new Set(found.flatMap((f) => (f.field ? [f.field] : []))),
        spans: found.filter((f) => !f.field).map((f) => f.finding.span),
      });
    };

    for (const field of ['title', 'summary'] as const) {
      const raw = ctx.raw?.[field];
      if (typeof raw !== 'string') continue;
      const value = withoutIgnorable(raw);
      for (const m of matches(matcher, value)) {
        if (blame().fields.has(field)) break;
        ctx.report(
          ctx.file.frontmatter.locate([field]),
          `Unexpected blame-oriented wording ${code(m.text)} in \`${field}\`, expected systems-oriented language: ${m.suggestion}`,
          { sentence: value },
        );
      }
    }
    // §7: a contributing factor is a condition in the system or process, never a person.
    const factors = ctx.raw?.['contributingFactors'];
    if (Array.isArray(factors)) {
      factors.forEach((factor, index) => {
        const written = (factor as { description?: unknown } | null)?.description;
        if (typeof written !== 'string') return;
        const description = withoutIgnorable(written);
        for (const m of matches(matcher, description)) {
          if (blame().fields.has(`contributingFactors[${index}].description`)) break;
          ctx.report(
            ctx.file.frontmatter.locate(['contributingFactors', index, 'description']),
            `Unexpected blame-oriented wording ${code(m.text)} in \`contributingFactors[${index}].description\`, expected the condition in the system or process: ${m.suggestion}`,
            { sentence: description },
          );
        }
      });
    }
    if (!ctx.tree) return;
    // One scan of the whole file, keeping matches that fall inside prose (text nodes), not code; the tree is walked
    // for those only when there is a match at all.
    const found = [...matches(matcher, ctx.file.source)];
    const report = (offset: number, text: string, suggestion: string, sentence: string) => {
      if (blame().spans.some(([from, to]) => offset >= from && offset < to)) return;
      ctx.report(
        ctx.file.lines.point(offset),
        `Unexpected blame-oriented wording ${code(text)}, expected systems-oriented language: ${suggestion}`,
        { sentence },
      );
    };
    const reported: [number, number][] = [];
    if (found.length) {
      const ranges: [number, number][] = [];
      for (const node of ctx.nodes()) {
        const { start, end } = node.position ?? {};
        if (node.type === 'text' && start?.offset !== undefined && end?.offset !== undefined) ranges.push([start.offset, end.offset]);
      }
      ranges.sort((a, b) => a[0] - b[0]);
      for (const m of found) {
        if (!insideAny(ranges, m.index, m.index + m.text.length)) continue;
        reported.push([m.index, m.index + m.text.length]);
        report(m.index, m.text, m.suggestion, sentenceAround(ctx.file.source, m.index));
      }
    }
    // The prose as the reader gets it: wording split by an invisible character (`engineer\u200B's fault`), by
    // emphasis (`care*less*`) or written with character references, reported where it starts in the file.
    const visible = visibleText(ctx.file);
    const prose = [...matches(matcher, visible.text)].filter((m) => {
      const run = visible.runAt(m.index);
      return run.kind === 'prose' && visible.runAt(m.index + m.text.length - 1).kind === 'prose';
    });
    for (const m of visibleOnly(
      visible,
      prose.map((p) => ({ ...p, length: p.text.length })),
      reported,
    ))
      report(m.offset, m.text, m.suggestion, sentenceAround(visible.text, m.index));
  },
};
