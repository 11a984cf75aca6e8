/**
 * gitleaks' keyword prefilter as an Aho–Corasick automaton over ASCII-lower-cased text, shared by the catalogue's
 * matcher (`find-secrets.ts`, which opens its rules' windows where it stops) and the writing page's light test of
 * whether the catalogue can find anything at all (`prefilter.ts`, which must open exactly where the matcher does).
 */

/**
 * The dense transition table: `next[state * 128 + c]` is the state after reading character `c` (upper-case ASCII
 * folded), failure links resolved, so the scan is one table read per character. Any other character returns to the
 * start state (no keyword holds one).
 */
export interface Automaton<T> {
  next: Int32Array;
  /** For each state, the keywords ending there (own and through failure links): their length and what they stand for. */
  out: ({ length: number; value: T }[] | null)[];
}

export function automaton<T>(keywords: Map<string, T>): Automaton<T> {
  const goto: Map<number, number>[] = [new Map()];
  const out: { length: number; value: T }[][] = [[]];
  for (const [word, value] of keywords) {
    let state = 0;
    for (let i = 0; i < word.length; i++) {
      const c = word.charCodeAt(i);
      if (c >= 128) throw new Error(`keyword \`${word}\` is not ASCII`);
      let to = goto[state]!.get(c);
      if (to === undefined) {
        to = goto.length;
        goto.push(new Map());
        out.push([]);
        goto[state]!.set(c, to);
      }
      state = to;
    }
    out[state]!.push({ length: word.length, value });
  }
  const next = new Int32Array(goto.length * 128);
  const fail = new Int32Array(goto.length);
  // Breadth first: a state's failure target is resolved before its children are.
  const queue: number[] = [];
  for (let c = 0; c < 128; c++) {
    const to = goto[0]!.get(c);
    next[c] = to ?? 0;
    if (to !== undefined) queue.push(to);
  }
  for (let q = 0; q < queue.length; q++) {
    const state = queue[q]!;
    out[state] = [...out[state]!, ...out[fail[state]!]!];
    for (let c = 0; c < 128; c++) {
      const to = goto[state]!.get(c);
      if (to === undefined) next[state * 128 + c] = next[fail[state]! * 128 + c]!;
      else {
        fail[to] = next[fail[state]! * 128 + c]!;
        next[state * 128 + c] = to;
        queue.push(to);
      }
    }
  }
  // Upper-case ASCII reads as lower case.
  for (let state = 0; state < goto.length; state++) for (let c = 65; c <= 90; c++) next[state * 128 + c] = next[state * 128 + c + 32]!;
  return { next, out: out.map((o) => (o.length ? o : null)) };
}

/**
 * Calls `found(end, hits)` at every place a keyword ends (`end`: the index after its last character), in order; stops
 * and returns true as soon as `found` does.
 */
export function scan<T>(
  { next, out }: Automaton<T>,
  text: string,
  found: (end: number, hits: { length: number; value: T }[]) => boolean | void,
): boolean {
  let state = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    state = c < 128 ? next[state * 128 + c]! : 0;
    const hits = out[state];
    if (hits && found(i + 1, hits) === true) return true;
  }
  return false;
}

/**
 * The assignment gitleaks' semi-generic rules require right after their identifier (`utils.GenerateSemiGenericRegex`):
 * up to 20 name characters, up to 3 quotes or spaces, then an operator. Written out as it appears in a rule's pattern,
 * in either of gitleaks' two forms (the identifier group closed before the operator or not).
 */
const SEMI_GENERIC = [
  String.raw`(?:[ \t\w.-]{0,20})[\s'"]{0,3}(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)`,
  String.raw`(?:[ \t\w.-]{0,20})[\s'"]{0,3})(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)`,
];

/**
 * Whether a rule's pattern is semi-generic: its keyword must be followed by an assignment (`assignedValueAt`) for it to
 * match. Not a pattern with another way to match beside it (a `|` outside any group: atlassian-api-token also matches
 * a bare `ATATT3…`).
 */
export function semiGeneric(regex: string): boolean {
  return SEMI_GENERIC.some((s) => regex.includes(s)) && !topLevelAlternation(regex);
}

function topLevelAlternation(regex: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/**
 * The assignment as the semi-generic patterns write it, with what every one of them requires after it: up to five
 * quotes, spaces or `=`, then a secret of at least ten characters, each a word character or one of `. = + / : % -`
 * (test/security/secrets-prefilter.test.ts reads every semi-generic rule's secret pattern and proves both).
 */
const ASSIGNED_VALUE = /[ \t\w.-]{0,20}[\s'"]{0,3}(?::{1,3}=|=>|\?=|\|\||[=>:,])[`'"\s=]{0,5}[\w.=+/:%-]{10}/y;

/** Whether a semi-generic rule's keyword ending at `at` is followed by an assignment of a value it could report. */
export function assignedValueAt(text: string, at: number): boolean {
  ASSIGNED_VALUE.lastIndex = at;
  return ASSIGNED_VALUE.test(text);
}
