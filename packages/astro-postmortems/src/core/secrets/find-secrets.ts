/**
 * `findSecrets(text)`: every credential in a string, as gitleaks' rule catalogue finds it, with the kind
 * (gitleaks' rule id and description) and exact offsets. It takes any text (a file as written, the text a
 * reader sees) and knows nothing of Markdown; `secrets/leak` decides which texts to give it.
 *
 * gitleaks' patterns are RE2 syntax and RE2 guarantees time linear in the input; JavaScript's engine
 * backtracks, and a pattern such as `[\w.-]{0,50}?(?i:key)(?:[ \t\w.-]{0,20})[\s'"]{0,3}…` is polynomial in
 * it. So the patterns run on re2js, a port of RE2 with the same syntax and the same linear bound, and only
 * where they can match:
 *
 * 1. one pass over the text finds every keyword of every rule (gitleaks' own prefilter, an Aho–Corasick
 *    automaton over ASCII-lower-cased text);
 * 2. a rule runs only on the windows around its keywords' places, `BEFORE` characters before and `AFTER`
 *    after each, merged where they touch, so each character is read at most once per rule whatever the
 *    number of keyword hits; a semi-generic rule's keyword counts only where an assignment of a value long
 *    enough for every such rule follows it (`assignedValueAt`, proven against the catalogue by
 *    test/security/secrets-prefilter.test.ts), and a rule whose keywords are fragments of prose only where the
 *    text holds what every match of it contains (`SHAPES`);
 * 3. the secret is the rule's secret group (or first non-empty group), kept when its Shannon entropy exceeds
 *    the rule's threshold and no allowlist (global or the rule's: regexes, stopwords) allows it, as gitleaks
 *    applies them. `line`-target allowlists read each line once per allowlist, whatever the findings on it.
 *
 * The work is thus linear in the text: O(text × rules whose keywords occur), with re2js's linear matching
 * inside each window. gitleaks' `gitleaks:allow` comment is not honoured: here the author of the text is the
 * one the rule protects against.
 */
import { RE2JS } from 're2js';
import type { Catalogue, CatalogueAllowlist, CatalogueRule } from './catalogue.ts';
import { GITLEAKS } from './gitleaks/rules.ts';
import { assignedValueAt, automaton, scan, semiGeneric, type Automaton } from './keyword-automaton.ts';
import { SHAPES } from './prefilter.ts';

export interface SecretFinding {
  /** gitleaks' rule id, such as `github-pat`. */
  ruleId: string;
  /** gitleaks' description of the rule. */
  description: string;
  /** The whole match (label and value). */
  start: number;
  end: number;
  /** The secret itself (the rule's secret group). */
  secretStart: number;
  secretEnd: number;
}

/** How far before a keyword a match may start (gitleaks' identifier prefixes reach 50 characters, plus quotes). */
const BEFORE = 64;
/** How far after a keyword a match is first looked for; a match reaching that far is looked for again over `EXTEND` more, up to `LONGEST`. */
const AFTER = 512;
const EXTEND = 4_096;
/** The longest match looked for (a 4096-bit private key block is about 3,300 characters; long JWTs 2,000). */
const LONGEST = 16_384;

interface CompiledAllowlist {
  list: CatalogueAllowlist;
  regex?: RE2JS;
}

interface CompiledRule {
  rule: CatalogueRule;
  readonly regex: RE2JS;
  readonly allowlists: CompiledAllowlist[];
  /** A semi-generic rule: its keyword must be followed by an assignment of a value (`assignedValueAt`). */
  assigned: boolean;
  /** What every match of the rule contains (`SHAPES`): without it in the text, the rule's windows are not opened. */
  shape?: RegExp;
}

const compileList = (list: CatalogueAllowlist): CompiledAllowlist => ({
  list,
  ...(list.regexes.length ? { regex: RE2JS.compile(list.regexes.map((r) => `(?:${r})`).join('|')) } : {}),
});

export interface CompiledCatalogue {
  rules: CompiledRule[];
  /** Rules with no keyword: they run on the whole text. */
  everywhere: number[];
  automaton: Automaton<number[]>;
  readonly allowlists: CompiledAllowlist[];
}

/**
 * Compiles a catalogue once (patterns, allowlists, the keyword automaton). `shapes`: per rule id, what every match of
 * that rule contains (the default catalogue's are `SHAPES`, proven against its patterns by secrets-prefilter.test.ts).
 */
export function compileCatalogue(catalogue: Catalogue, shapes: Readonly<Record<string, RegExp>> = {}): CompiledCatalogue {
  // A rule that needs a file path never applies to a postmortem's text.
  const applicable = catalogue.rules.filter((r) => !r.path);
  // Patterns compile on first use: most rules' keywords never occur in a postmortem, and compiling 221 costs more than scanning.
  const rules = applicable.map((rule): CompiledRule => {
    let regex: RE2JS | undefined;
    let allowlists: CompiledAllowlist[] | undefined;
    return {
      rule,
      get regex() {
        return (regex ??= RE2JS.compile(rule.regex));
      },
      get allowlists() {
        return (allowlists ??= rule.allowlists.map(compileList));
      },
      assigned: semiGeneric(rule.regex),
      ...(Object.hasOwn(shapes, rule.id) ? { shape: shapes[rule.id] } : {}),
    };
  });
  const keywords = new Map<string, number[]>();
  const everywhere: number[] = [];
  rules.forEach(({ rule }, i) => {
    if (rule.keywords.length === 0) everywhere.push(i);
    for (const k of rule.keywords) keywords.set(k, [...(keywords.get(k) ?? []), i]);
  });
  let allowlists: CompiledAllowlist[] | undefined;
  return {
    rules,
    everywhere,
    automaton: automaton(keywords),
    get allowlists() {
      return (allowlists ??= catalogue.allowlists.map(compileList));
    },
  };
}

let defaultCatalogue: CompiledCatalogue | undefined;

/** Bits per character of `s`, counted per code point as gitleaks does. */
export function shannonEntropy(s: string): number {
  if (!s) return 0;
  const counts = new Map<number, number>();
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    counts.set(c, (counts.get(c) ?? 0) + 1);
    n++;
  }
  let h = 0;
  for (const count of counts.values()) {
    const p = count / n;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Merged windows `[from, to)` per rule around each keyword occurrence. */
function windows(text: string, compiled: CompiledCatalogue): Map<number, number[]> {
  const ranges = new Map<number, number[]>();
  const add = (rule: number, from: number, to: number) => {
    let r = ranges.get(rule);
    if (!r) ranges.set(rule, (r = []));
    // Occurrences arrive in order of their end, so a window either extends the last one or starts a new one.
    if (r.length && from <= r[r.length - 1]!) r[r.length - 1] = Math.max(r[r.length - 1]!, to);
    else r.push(from, to);
  };
  // A rule whose keywords are fragments of prose ("s.", "ey", "sk") would open a window at nearly every sentence: where
  // the text holds nothing every match of it contains, it can match nowhere, and no window is opened for it.
  const shaped = new Map<number, boolean>();
  const possible = (rule: number) => {
    const { shape } = compiled.rules[rule]!;
    if (!shape) return true;
    let yes = shaped.get(rule);
    if (yes === undefined) shaped.set(rule, (yes = shape.test(text)));
    return yes;
  };
  scan(compiled.automaton, text, (end, ends) => {
    // Not the assignment alone: a comma counts as one (`key, token`), so prose would open a window at every list.
    const assignment = assignedValueAt(text, end);
    for (const { length, value: rules } of ends) {
      const from = Math.max(0, end - length - BEFORE);
      const to = Math.min(text.length, end + AFTER);
      for (const rule of rules) if ((assignment || !compiled.rules[rule]!.assigned) && possible(rule)) add(rule, from, to);
    }
  });
  for (const rule of compiled.everywhere) ranges.set(rule, [0, text.length]);
  return ranges;
}

/** The line (between line breaks) around `[start, end)`. */
function lineAround(text: string, start: number, end: number): [number, number] {
  const from = text.lastIndexOf('\n', start - 1) + 1;
  const nl = text.indexOf('\n', end);
  return [from, nl < 0 ? text.length : nl];
}

/**
 * Every credential in `text`, ordered by place; where several rules match one place, the most specific (a
 * provider's rule before gitleaks' `generic-api-key`, then the longer secret) is kept.
 */
export function findSecrets(text: string, catalogue?: CompiledCatalogue): SecretFinding[] {
  const compiled = catalogue ?? (defaultCatalogue ??= compileCatalogue(GITLEAKS, SHAPES));
  const found: SecretFinding[] = [];
  // A `line` allowlist's verdict for each line, so a line holding many findings is read once per allowlist.
  const lineVerdicts = new Map<CompiledAllowlist, Map<number, boolean>>();
  const allowedBy = (lists: CompiledAllowlist[], secret: string, match: string, matchStart: number, matchEnd: number): boolean =>
    lists.some((a) => {
      const { list } = a;
      let regexAllowed = false;
      if (a.regex && secret) {
        if (list.regexTarget === 'line') {
          const [from, to] = lineAround(text, matchStart, matchEnd);
          let verdicts = lineVerdicts.get(a);
          if (!verdicts) lineVerdicts.set(a, (verdicts = new Map()));
          let v = verdicts.get(from);
          if (v === undefined) verdicts.set(from, (v = a.regex.test(text.slice(from, to))));
          regexAllowed = v;
        } else regexAllowed = a.regex.test(list.regexTarget === 'match' ? match : secret);
      }
      const lower = secret.toLowerCase();
      const stopword = list.stopwords.some((w) => lower.includes(w));
      if (list.condition === 'AND') {
        const checks: boolean[] = [];
        if (list.commits.length) checks.push(false);
        if (list.paths.length) checks.push(false);
        if (list.regexes.length) checks.push(regexAllowed);
        if (list.stopwords.length) checks.push(stopword);
        return checks.every(Boolean);
      }
      return regexAllowed || stopword;
    });

  for (const [index, ranges] of windows(text, compiled)) {
    const { rule, regex, allowlists } = compiled.rules[index]!;
    for (let k = 0; k < ranges.length; k += 2) {
      const from = ranges[k]!;
      let to = ranges[k + 1]!;
      // The next window starts after this one's last match: a window extended over it is not read twice.
      const limit = Math.min(text.length, from + (ranges[k + 1]! - from) + LONGEST);
      let window = text.slice(from, to);
      // The DFA answers "any match here?" much faster than a search that tracks groups; most windows have none.
      if (!regex.test(window)) continue;
      let m = regex.matcher(window);
      const matches: [number, number, number, number][] = [];
      while (m.find()) {
        // A match that runs to the window's end may go on past it: look again over a longer window (bounded by `LONGEST`).
        if (m.end() === window.length && to < limit) {
          to = Math.min(limit, to + EXTEND);
          window = text.slice(from, to);
          m = regex.matcher(window);
          matches.length = 0;
          continue;
        }
        // A match cut by the window's edge is not judged on part of its text (`\b`, `$` would hold at the cut).
        if ((m.start() === 0 && from > 0) || (m.end() === window.length && to < text.length)) continue;
        let start = m.start();
        let end = m.end();
        // gitleaks trims line breaks from both ends of a match.
        while (end > start && text[from + end - 1] === '\n') end--;
        while (start < end && text[from + start] === '\n') start++;
        let secretStart = start;
        let secretEnd = end;
        const groups = m.groupCount();
        if (groups >= 1) {
          const pick = (g: number) => m.start(g) >= 0 && m.end(g) > m.start(g);
          const g = rule.secretGroup ?? Array.from({ length: groups }, (_, i) => i + 1).find(pick);
          if (g !== undefined && g <= groups && pick(g)) {
            secretStart = m.start(g);
            secretEnd = m.end(g);
          } else if (rule.secretGroup) continue;
        }
        matches.push([start, end, secretStart, secretEnd]);
      }
      for (const [start, end, secretStart, secretEnd] of matches) {
        const secret = text.slice(from + secretStart, from + secretEnd);
        if (rule.entropy && shannonEntropy(secret) <= rule.entropy) continue;
        const match = text.slice(from + start, from + end);
        if (
          allowedBy(compiled.allowlists, secret, match, from + start, from + end) ||
          allowedBy(allowlists, secret, match, from + start, from + end)
        )
          continue;
        found.push({
          ruleId: rule.id,
          description: rule.description,
          start: from + start,
          end: from + end,
          secretStart: from + secretStart,
          secretEnd: from + secretEnd,
        });
      }
    }
  }
  const generic = (f: SecretFinding) => (f.ruleId.startsWith('generic') ? 1 : 0);
  found.sort((a, b) => a.secretStart - b.secretStart || generic(a) - generic(b) || b.secretEnd - a.secretEnd);
  // One finding per place: a later one whose secret overlaps a kept one is the same credential seen by another rule.
  const kept: SecretFinding[] = [];
  // Sorted by start and kept apart, so only the last kept one can overlap the next.
  for (const f of found) {
    const last = kept[kept.length - 1];
    if (!last || f.secretStart >= last.secretEnd) kept.push(f);
    else if (generic(last) && !generic(f)) kept[kept.length - 1] = f;
  }
  return kept;
}
