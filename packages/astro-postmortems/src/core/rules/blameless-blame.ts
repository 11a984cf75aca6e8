import { candidate, findBlame, MAX_ANALYSED, type BlameFinding } from '../blame.ts';
import type { ParsedFile } from '../parse.ts';
import { proseBlocks, proseValue, sentencesOf, type Sentence } from '../prose.ts';
import type { Rule, RuleContext } from '../rule.ts';
import { code } from '../rule.ts';
import type { Point } from '../utils/lines.ts';

/** What may make the source read differently from the prose: escapes, references, invisible characters, links, tags. */
const HIDDEN = /[\\&<\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]|\]\(/u;

/** Frontmatter values read as prose: what lists, feeds and the factors page show. */
const FIELDS = ['title', 'summary'] as const;

export interface BlameIn {
  finding: BlameFinding;
  point: Point;
  /** The frontmatter field, when the sentence is not in the body. */
  field?: string;
}

const scans = new WeakMap<ParsedFile, { found: BlameIn[]; skipped: { count: number; point: Point } | undefined }>();

/** Every blaming sentence of a file, in its title, summary, contributing factors and body: once per file (`blameless/language` reads it too). */
export function blameIn(ctx: Pick<RuleContext, 'file' | 'tree' | 'raw'>): {
  found: BlameIn[];
  skipped: { count: number; point: Point } | undefined;
} {
  const memo = scans.get(ctx.file);
  if (memo) return memo;
  const found: BlameIn[] = [];
  const fm = ctx.file.frontmatter;
  const values: { path: (string | number)[]; text: string }[] = [];
  for (const field of FIELDS) {
    const value = ctx.raw?.[field];
    if (typeof value === 'string') values.push({ path: [field], text: value });
  }
  const factors = ctx.raw?.['contributingFactors'];
  if (Array.isArray(factors)) {
    factors.forEach((factor: unknown, i) => {
      const description = (factor as { description?: unknown } | null)?.description;
      if (typeof description === 'string') values.push({ path: ['contributingFactors', i, 'description'], text: description });
    });
  }
  const sentences: { sentence: Sentence; path?: (string | number)[] }[] = [];
  for (const v of values) {
    const prose = candidate(v.text) ? proseValue(v.text, 0) : undefined;
    if (prose) for (const sentence of sentencesOf(prose)) sentences.push({ sentence, path: v.path });
  }
  // Most postmortems hold no candidate at all: a body that reads as written (no escape, character reference or
  // invisible character) is judged on its source first, and only one with a candidate is read as prose.
  const body = ctx.file.source.slice(ctx.file.body);
  if (ctx.tree && (HIDDEN.test(body) || candidate(body))) {
    for (const block of proseBlocks(ctx.tree, ctx.file.source))
      if (candidate(block.text)) for (const sentence of sentencesOf(block)) sentences.push({ sentence });
  }
  const scan = findBlame(sentences.map((s) => s.sentence));
  for (const finding of scan.findings) {
    const { path } = sentences[finding.index]!;
    // A frontmatter value is reported at its field (located only now: it parses the YAML with positions).
    if (path)
      found.push({
        finding,
        point: fm.locate(path),
        field: path
          .map((p) => (typeof p === 'number' ? `[${p}]` : p))
          .join('.')
          .replace(/\.\[/g, '['),
      });
    else found.push({ finding, point: ctx.file.lines.point(finding.at) });
  }
  const result = { found, skipped: scan.skipped ? { count: scan.skipped.count, point: ctx.file.lines.point(scan.skipped.at) } : undefined };
  scans.set(ctx.file, result);
  return result;
}

const QUESTION = 'what made this action possible or likely?';

function excerpt(sentence: string): string {
  const one = sentence.replace(/\s+/g, ' ').trim();
  return one.length > 100 ? `${one.slice(0, 99)}…` : one;
}

export function blameMessage({ finding, field }: BlameIn): string {
  return `Unexpected blame${field ? ` in \`${field}\`` : ''}: ${code(finding.person)} is made the one who failed (${code(finding.cue)}) in “${excerpt(finding.sentence)}”, expected the systems question instead: ${QUESTION} Describe that condition (a missing safeguard, an unclear signal, time pressure) rather than the person; if this is not blame, accept the sentence under \`exceptions\` with a reason`;
}

export const blamelessBlame: Rule = {
  id: 'blameless/blame',
  level: 'error',
  acceptsExceptions: true,
  description:
    'A person as the subject or owner of a failing ("Bob forgot…", "the engineer’s mistake"), with the systems question to ask instead.',
  docs: {
    meaning:
      'A sentence that makes a person the one who failed: a name, a possessive, a role (“the engineer”, “the on-call”), a handle or a personal pronoun as the subject of a failing verb (failed to, forgot, missed, ignored, neglected, overlooked, skipped, didn’t check, should have, could have prevented), as the owner of a failing noun (mistake, error, fault, oversight), judged (careless, negligent, sloppy), acting “accidentally” or on “the wrong” thing, or causing the outage. The same words about a system (“the health check failed to detect…”), about the organisation (“we missed…”), about people in general (“engineers make mistakes”), negated (“it was not Alice’s fault”), in a passive with no person (“the runbook was not followed”) or inside quotation marks or a block quote (someone’s words kept as evidence) are not blame. Names doing ordinary things (“14:02 Alice paged the database team”) are not blame either; the writing guide asks for roles rather than names, and no rule enforces it. The title, summary, contributing factors and body are read as the reader gets them (escapes and character references resolved, invisible characters removed). Sentences are read with [compromise](https://github.com/spencermountain/compromise)’s part-of-speech tagger and lexicon of names, after a cheap prefilter. Measured by `test/blame-corpus.test.ts` on [labelled sentences](../test/fixtures/blame/README.md): it flags 132 of 133 blaming sentences (99 %) and 0 of 155 blameless ones (0.0 %) it was developed on; on sentences held out from its development, 28 of 30 blaming sentences (93 %) and 0 of 30 blameless ones (0.0 %); 0 messages on 33 real published postmortems (`test/fixtures/real/`). What it misses: a name its lexicon does not know with a failing a system could do too (“Hiroshi didn’t run the smoke tests”); it reads one sentence at a time, so “they” is never a person.',
    fix: 'Ask what made the action possible or likely, and write that: the missing guard, the signal that did not reach anyone, the step the tooling did not enforce. If the sentence is not blame (a false positive), accept it for this sentence with `exceptions: [{ rule: blameless/blame, sentence: "…", reason: "…" }]` in the frontmatter: reviewers see the reason in the pull request, and `check` counts it.',
    trigger: '“Bob’s mistake caused the outage.”, “The engineer failed to follow the runbook.”',
    ok: [{ fixture: 'ok-systems-and-names.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-issue-sentences.mdx',
        message:
          'Unexpected blame: `Bob’s` is made the one who failed (`mistake`) in “Bob’s mistake caused the outage.”, expected the systems question instead: what made this action possible or likely? Describe that condition (a missing safeguard, an unclear signal, time pressure) rather than the person; if this is not blame, accept the sentence under `exceptions` with a reason',
      },
    ],
  },
  check(ctx) {
    const { found, skipped } = blameIn(ctx);
    for (const f of found) ctx.report(f.point, blameMessage(f), { sentence: f.finding.sentence });
    if (skipped) {
      ctx.report(
        skipped.point,
        `Unexpected ${skipped.count} more sentence${skipped.count === 1 ? '' : 's'} with failure wording than this rule reads in one file (${MAX_ANALYSED}), expected a postmortem of ordinary length; move logs and transcripts into files beside the postmortem`,
      );
    }
  },
};
