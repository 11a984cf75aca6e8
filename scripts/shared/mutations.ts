/**
 * Hostile inputs for the checker: mutations of the real sample postmortems
 * (fast-check arbitraries), shapes just inside and beyond the parse limits,
 * and a runner that checks one text the way `check` does and validates every
 * message. Shared by `property.test.ts` and `scripts/reliability.ts`, which
 * runs more of them and writes the figures the README quotes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { anyCodePoints } from './arbitraries.ts';
import { resolveConfig } from '../../packages/astro-postmortems/src/core/config.ts';
import { lintFile } from '../../packages/astro-postmortems/src/core/lint.ts';
import type { LintMessage } from '../../packages/astro-postmortems/src/core/messages.ts';
import { parsePostmortem } from '../../packages/astro-postmortems/src/core/parse.ts';
import { PARSE_LIMITS } from '../../packages/astro-postmortems/src/core/parse-limits.ts';
import { indexRepository } from '../../packages/astro-postmortems/src/core/repository.ts';
import { rules } from '../../packages/astro-postmortems/src/core/rules/index.ts';
import { threadCpuMs } from './thread-cpu.ts';

export const PROJECT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * A file must be checked within this much CPU time, or the checker is taken to hang. CPU time rather than wall
 * time, so a busy machine (tests share two cores) does not make a bounded check look like a hang.
 */
export const HANG_GUARD_MS = 5_000;

/**
 * Each named worst case (`worstCases`) must stay under 1 s of CPU on a 64 KB file (`scripts/reliability.ts`
 * measures it; 0.42 s is the worst on an idle machine); the test allows three times that, for a loaded 2-core
 * machine, so it fails on a shape that grew superlinear, not on a busy neighbour.
 */
export const WORST_CASE_GUARD_MS = 3_000;

/** Runs `work`, returning its result with wall-clock and CPU milliseconds (this thread's: `thread-cpu.ts`). */
export function timed<T>(work: () => T): { result: T; ms: number; cpuMs: number } {
  const cpu = threadCpuMs();
  const started = performance.now();
  const result = work();
  const ms = performance.now() - started;
  return { result, ms, cpuMs: threadCpuMs(cpu) };
}

export interface Sample {
  /** Repository-relative path. */
  path: string;
  text: string;
}

/** The test suite's sample postmortems (`test/fixtures/repository/postmortems/`), never the checkout's content. */
export function loadSamples(root = join(PROJECT, 'test/fixtures/repository')): Sample[] {
  const out: Sample[] = [];
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const abs = join(dir, entry.name);
      if (entry.isDirectory()) visit(abs);
      else if (entry.name.endsWith('.mdx')) out.push({ path: relative(root, abs).split('\\').join('/'), text: readFileSync(abs, 'utf8') });
    }
  };
  visit(join(root, 'postmortems'));
  return out;
}

// ---------------------------------------------------------------------------
// Mutations

export type Mutation =
  | { kind: 'delete-lines'; at: number; count: number }
  | { kind: 'duplicate-lines'; at: number; count: number; times: number }
  | { kind: 'swap-lines'; a: number; b: number }
  | { kind: 'shuffle-sections'; order: number[] }
  | { kind: 'truncate'; at: number }
  | { kind: 'unterminate-frontmatter' }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replace-char'; at: number; text: string }
  | { kind: 'line-endings'; style: 'crlf' | 'cr' | 'mixed' }
  | { kind: 'bom' }
  | { kind: 'long-line'; at: number; unit: string; length: number }
  | { kind: 'nested-list'; at: number; depth: number; style: 'indent' | 'inline' | 'quote' | 'ordered'; lines: number }
  | { kind: 'huge'; times: number };

/** Fragments that break or attack MDX and YAML, and characters parsers trip on. */
export const HOSTILE_FRAGMENTS: readonly string[] = [
  '<script>alert(1)</script>',
  '<',
  '>',
  '{',
  '}',
  '{1+1}',
  '{/* c */}',
  '<!-- c -->',
  '<>',
  '</>',
  '<details>',
  '</details>',
  'export const a = 1',
  'import x from "y"',
  '<img src=x onerror=alert(1) />',
  '[x](javascript:alert(1))',
  '![x](data:image/svg+xml,1)',
  '<abbr {...p}>x</abbr>',
  '<abbr title={x}>x</abbr>',
  '<Foo />',
  '<svg><script>1</script></svg>',
  '<iframe src="x"></iframe>',
  '```',
  '~~~',
  '---',
  '***',
  '> ',
  '- ',
  '* ',
  '+ ',
  '1. ',
  '# ',
  '## ',
  '### Timeline',
  '## Timeline',
  '## Action Items',
  '&',
  '&amp;',
  '&#0;',
  '\\',
  '`',
  '``',
  '*',
  '_',
  '**',
  '[',
  ']',
  '](',
  '!',
  '|',
  ':',
  ': ',
  '"',
  "'",
  '\t',
  '  ',
  '\0',
  '\u0007',
  '\u001b[31m',
  '\ufeff',
  '\ud800',
  '\udfff',
  '\u2028',
  '\u2029',
  '\u200b',
  '\u202e',
  '😀',
  '👩‍👩‍👧',
  'é',
  'ﬁ',
  '\r',
  '\n',
  '\r\n',
  '\n\n',
  'title: x',
  'severity: P0',
  'incident:',
  '  started: 2025-13-45T99:99:99Z',
  'actionItems:',
  '  - title: x',
  '&a',
  '*a',
  '!!binary aGk=',
  '? [a]',
  '<<: *a',
  'eyJhbGciOiJIUzI1NiJ9',
  'ghp_',
  'AKIA',
  'postgres://u:p@h',
  'a@b.co',
  'human error',
  '09:00',
  '2025-01-01 09:00',
];

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });

/** Text to insert: hostile fragments, random Unicode (lone surrogates included), or raw control and byte-range characters. */
const insertion = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...HOSTILE_FRAGMENTS), { minLength: 2, maxLength: 8 }).map((a) => a.join('')) },
  { weight: 2, arbitrary: anyCodePoints({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 80 }) },
);

export const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('delete-lines' as const), at: fraction, count: fc.integer({ min: 1, max: 20 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('duplicate-lines' as const),
      at: fraction,
      count: fc.integer({ min: 1, max: 12 }),
      times: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('swap-lines' as const), a: fraction, b: fraction }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('shuffle-sections' as const), order: fc.array(fc.nat(), { minLength: 2, maxLength: 12 }) }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fraction }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'unterminate-frontmatter' as const }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fraction, text: insertion }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('replace-char' as const), at: fraction, text: insertion }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('line-endings' as const),
      style: fc.constantFrom('crlf' as const, 'cr' as const, 'mixed' as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'bom' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('long-line' as const),
      at: fraction,
      unit: fc.constantFrom('a', 'a ', '*', '_', '[', '`', '<', '{', '-', '#', ' ', 'é', '😀', 'ab*_'),
      length: fc.integer({ min: 1_000, max: 120_000 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('nested-list' as const),
      at: fraction,
      depth: fc.integer({ min: 2, max: 60 }),
      style: fc.constantFrom('indent' as const, 'inline' as const, 'quote' as const, 'ordered' as const),
      lines: fc.integer({ min: 1, max: 300 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('huge' as const), times: fc.integer({ min: 2, max: 40 }) }) },
);

/** A sample and the mutations applied to it, in order. */
export const inputArbitrary = (samples: readonly Sample[]) =>
  fc.record({
    sample: fc.integer({ min: 0, max: samples.length - 1 }),
    mutations: fc.array(mutationArbitrary, { minLength: 1, maxLength: 4 }),
  });

const pick = (f: number, length: number) => Math.min(length - 1, Math.max(0, Math.floor(f * length)));

function nestedList(depth: number, style: Extract<Mutation, { kind: 'nested-list' }>['style'], lines: number): string {
  const one = (d: number) =>
    style === 'indent'
      ? Array.from({ length: d }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n')
      : style === 'inline'
        ? `${'- '.repeat(d)}item`
        : style === 'quote'
          ? `${'> '.repeat(d)}quoted`
          : Array.from({ length: d }, (_, i) => `${'   '.repeat(i)}1. step ${i}`).join('\n');
  return Array.from({ length: lines }, () => one(depth)).join('\n');
}

/** Generated inputs stay below this size (a few times `MAX_CHECKED_BYTES`, so both sides of that limit are tried). */
export const MAX_INPUT = 12_000_000;

export function applyMutation(text: string, m: Mutation): string {
  const lines = text.split('\n');
  switch (m.kind) {
    case 'delete-lines': {
      lines.splice(pick(m.at, lines.length), m.count);
      return lines.join('\n');
    }
    case 'duplicate-lines': {
      const at = pick(m.at, lines.length);
      const chunk = lines.slice(at, at + m.count);
      lines.splice(at, 0, ...Array.from({ length: m.times }, () => chunk).flat());
      return lines.join('\n');
    }
    case 'swap-lines': {
      const a = pick(m.a, lines.length);
      const b = pick(m.b, lines.length);
      [lines[a], lines[b]] = [lines[b]!, lines[a]!];
      return lines.join('\n');
    }
    case 'shuffle-sections': {
      const parts = text.split(/(?=^## )/m);
      const head = parts.shift() ?? '';
      const keyed = parts.map((p, i) => ({ p, k: m.order[i % m.order.length]! * 31 + i }));
      keyed.sort((x, y) => x.k - y.k);
      return head + keyed.map((x) => x.p).join('');
    }
    case 'truncate':
      return text.slice(0, pick(m.at, text.length + 1));
    case 'unterminate-frontmatter': {
      const close = text.indexOf('\n---', 3);
      return close === -1 ? text : text.slice(0, close) + text.slice(close + 4);
    }
    case 'insert': {
      const at = pick(m.at, text.length + 1);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'replace-char': {
      const at = pick(m.at, text.length);
      return text.slice(0, at) + m.text + text.slice(at + 1);
    }
    case 'line-endings':
      return m.style === 'crlf'
        ? text.replace(/\r?\n/g, '\r\n')
        : m.style === 'cr'
          ? text.replace(/\r?\n/g, '\r')
          : lines.map((l, i) => l + (i % 3 === 0 ? '\r' : '')).join('\n');
    case 'bom':
      return `\ufeff${text}`;
    case 'long-line': {
      const at = pick(m.at, lines.length);
      lines.splice(at, 0, m.unit.repeat(Math.ceil(m.length / m.unit.length)).slice(0, m.length));
      return lines.join('\n');
    }
    case 'nested-list': {
      const at = pick(m.at, lines.length);
      lines.splice(at, 0, '', nestedList(m.depth, m.style, m.lines), '');
      return lines.join('\n');
    }
    case 'huge': {
      // Composed `huge` mutations would multiply: keep each input under MAX_INPUT characters.
      const body = text.indexOf('\n## ');
      const unit = body === -1 ? text : text.slice(body);
      const times = Math.min(m.times, Math.floor((MAX_INPUT - text.length) / Math.max(1, unit.length)));
      if (times <= 0) return text;
      return body === -1 ? text.repeat(times) : text + unit.repeat(times);
    }
  }
}

export function applyMutations(text: string, mutations: readonly Mutation[]): string {
  return mutations.reduce(applyMutation, text);
}

// ---------------------------------------------------------------------------
// Shapes at and beyond the parse limits, and the regular-expression worst cases

const fill = (head: string, unit: string, size: number) => head + unit.repeat(Math.max(0, Math.floor((size - head.length) / unit.length)));

/** Named worst cases for bounded time: what made the parser or a rule superlinear before the limits, sized just inside or beyond them. */
export function worstCases(sample: string): Record<string, string> {
  const max = PARSE_LIMITS.characters;
  const body = sample.slice(sample.indexOf('\n## '));
  const inside = max - 200;
  return {
    'largest allowed file of ordinary text': fill(sample, body, inside),
    'file beyond the size limit (4 MB)': fill(sample, body, 4_000_000),
    'nested list items up to the nesting limit': sample + '\n\n' + '- x\n  - y\n'.repeat(PARSE_LIMITS.nesting - 1),
    'nested list items beyond the nesting limit': sample + '\n\n' + '- x\n  - y\n'.repeat(4_000),
    'lists 16 deep, then text at that depth': fill(
      sample + '\n\n' + `${'- '.repeat(16)}x\n`.repeat(60),
      `${' '.repeat(32)}more text at depth sixteen\n`,
      inside,
    ),
    'list 2,000 levels deep on one line': sample + '\n\n' + '- '.repeat(2_000) + 'x\n',
    'staircase list 400 levels deep': sample + '\n\n' + Array.from({ length: 400 }, (_, i) => `${'  '.repeat(i)}- x`).join('\n'),
    'paragraph of emphasis closers near the limit': sample + '\n\n' + '*_'.repeat(1_500) + '\n',
    'paragraph of emphasis closers beyond the limit': sample + '\n\n' + '*_'.repeat(20_000) + '\n',
    'paragraphs of `[a]` just inside the file limit': sample + ('\n\n' + '[a]'.repeat(700)).repeat(5),
    'tight list of formatted items filling the file': fill(sample + '\n\n', '- **a** [b](https://example.com) *d*\n', inside),
    'unclosed tag at the end of a large file': fill(sample, body, inside - 100) + '\n<abbr title="' + '<'.repeat(30) + '\n',
    'unclosed expression at the end of a large file': fill(sample, body, inside - 100) + '\n' + '{'.repeat(30) + '\n',
    // Locating the opening of an unclosed tag re-parses the text before each earlier `<`: the slowest shape, many times over.
    'unclosed attribute full of `<` after a list filling the file':
      fill(sample + '\n\n', '- **a** [b](https://example.com) *d*\n', inside - 300) + '\n<abbr title="' + '<'.repeat(30) + '\n',
    'unterminated frontmatter in a 4 MB file': '---\ntitle: x\n' + 'a: b\n'.repeat(800_000),
    'deep YAML flow collections': '---\ntitle: ' + '['.repeat(5_000) + ']'.repeat(5_000) + '\n---\n' + body,
    'deep YAML block nesting': '---\n' + Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n---\n' + body,
    'YAML alias expansion (billion laughs)':
      '---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\n' +
      body,
    'deeply nested expression': sample + '\n\n{' + '('.repeat(10_000) + ')'.repeat(10_000) + '}\n',
    'deeply nested JSX': sample + '\n\n' + '<abbr>'.repeat(3_000) + '\n',
    // The MDX parser's JavaScript parser overflows the native stack on these, and is exponential on JSX inside an
    // expression: the checker must never hand it the code (parse-mdx.ts masks it).
    'deeply nested brackets in an expression': sample + '\n\n{' + '['.repeat(20_000) + ']'.repeat(20_000) + '}\n',
    'deeply nested parentheses in `export`': sample + '\n\nexport const a = ' + '('.repeat(20_000) + '1' + ')'.repeat(20_000) + '\n',
    'JSX inside an expression, 60 deep': sample + '\n\n{' + '<a>'.repeat(60) + '}\n',
    'expressions nested in attributes, 100 deep': sample + '\n\n' + '<abbr title={'.repeat(100) + '\n',
    'stray `{` filling the file': fill(sample + '\n\n', '{', inside),
    // Quadratic shapes of the MDX parser, up to the limits.
    'unclosed `<b>` up to the `<` limit': sample + '\n\n' + '<b>\n\n'.repeat(PARSE_LIMITS.angles - 60),
    'links holding URLs filling the file': fill(sample + '\n\n', '[http://x.y', inside),
    'intraword `_` filling the file': fill(sample + '\n\n', 'x_', inside),
    // Regular-expression worst cases (each was quadratic before): long runs a backtracking pattern rescans from every position.
    'e-mail ReDoS: run of `%`': fill(sample + '\n\n', '%', inside),
    'JWT ReDoS: `eyJ-` repeated': fill(sample + '\n\n', 'eyJ-', inside),
    'URL ReDoS: `a.` repeated': fill(sample + '\n\n', 'a.', inside),
    'URL ReDoS: `a-` repeated': fill(sample + '\n\n', 'a-', inside),
    'URL ReDoS: `a@a.` repeated': fill(sample + '\n\n', 'a@a.', inside),
    'token ReDoS: `glpat-` repeated': fill(sample + '\n\n', 'glpat-', inside),
    'token ReDoS: `xoxb-1-` repeated': fill(sample + '\n\n', 'xoxb-1-', inside),
    // gitleaks' catalogue (secrets/leak): keywords everywhere, each followed by what its patterns look for next, so every
    // rule's windows merge into the whole file and the longest patterns extend to their limit.
    'secrets: semi-generic keyword and assignment repeated': fill(sample + '\n\n', 'api_key = "a1', inside),
    'secrets: keyword soup of the catalogue': fill(
      sample + '\n\n',
      'token=ghp_ sk_live_ xoxb- eyJ AKIA glpat- hvs. s. key: secret " ',
      inside,
    ),
    'secrets: private-key headers without an end': fill(sample + '\n\n', '-----BEGIN RSA PRIVATE KEY-----\nMIIE', inside),
    'secrets: curl header continued on every line': fill(sample + '\n\n', 'curl -H "Authorization: Bearer \\\n', inside),
    'secrets: Kubernetes secret without data': fill(sample + '\n\n', 'kind: secret\n  data: ', inside),
    'secrets: one long line of base64': sample + '\n\n' + 'key = ' + 'QUJD'.repeat(Math.floor((inside - sample.length) / 4) - 10) + '\n',
    // The curl shape's expression alone takes over 30 s on this; run from its keywords it must stay fast.
    'secrets: curl `-u` between controls filling the file': fill(sample + '\n\n', '-u\u0000', inside),
    'private-key body ReDoS': sample + '\n\n' + ('-----BEGIN RSA PRIVATE KEY-----' + 'a:\\n'.repeat(120) + '!\n').repeat(200),
    'timeline ReDoS: date then spaces': sample.replace(
      /## Timeline\n/,
      `## Timeline\n\n2025-01-01${' '.repeat(inside - sample.length - 100)}x\n`,
    ),
    // A time, then spaces: the offset after a time (`09:20 (UTC)`) was read with two adjacent optional runs of spaces.
    'timeline ReDoS: time then spaces': sample.replace(
      /## Timeline\n/,
      `## Timeline\n\nAll times UTC.\n\n- 09:20${' '.repeat(inside - sample.length - 100)}x Detected\n`,
    ),
    'timeline: entries labelled as milestones filling the file': fill(
      sample.replace(/## Timeline\n/, '## Timeline\n\nAll times UTC.\n'),
      '- 09:20 UTC+01:00 — Detected: the alert fires.\n',
      inside,
    ),
    'blameless ReDoS: `a.` run in prose': fill(sample + '\n\n', "a.'", inside),
    // The blame detector's tagger reads at most MAX_ANALYSED candidate sentences of at most 80 words per file.
    'blame: failing sentences filling the file': fill(sample + '\n\n', 'Bob forgot the step. ', inside),
    'blame: one paragraph of failing words, no full stop': fill(sample + '\n\n', 'Alice ignored the page and ', inside),
    'blame: different failing sentences filling the file':
      sample +
      '\n\n' +
      Array.from({ length: 2_600 }, (_, i) => `Engineer ${i} forgot it. `)
        .join('')
        .slice(0, inside - sample.length - 2),
    'blame: unclosed quotes and possessives': fill(sample + '\n\n', '“the on-call engineer’s mistake, ', inside),
    'blame: a table of failing cells': fill(sample + '\n\n| a | b |\n| - | - |\n', '| Sam forgot | Ana missed it |\n', inside),
    'long line of one character': sample + '\n\n' + 'a'.repeat(inside - sample.length - 10) + '\n',
    'binary-looking text': fill(sample + '\n\n', '\u0000\u0001\u00ff\ufffd\ud800', inside),
    ...cmarkPathological(sample, inside),
  };
}

/**
 * The CommonMark reference implementation's own pathological inputs (commonmark/cmark, `test/pathological_tests.py`
 * at 02c7e76, BSD-2-Clause): the same shapes, each sized to fill the rest of a file at the size limit instead of
 * cmark's fixed counts (65,000 units and more are past the limit, where a file is refused unparsed).
 */
function cmarkPathological(sample: string, inside: number): Record<string, string> {
  const room = inside - sample.length - 2;
  const around = (open: string, middle: string, close: string) => {
    const n = Math.floor((room - middle.length) / (open.length + close.length));
    return open.repeat(n) + middle + close.repeat(n);
  };
  const grow = (piece: (k: number) => string) => {
    let out = '';
    for (let k = 0; out.length < room; k++) out += piece(k);
    return out.slice(0, room);
  };
  const shapes: Record<string, string> = {
    'nested strong emph': around('*a **a ', 'b', ' a** a*'),
    'many emph closers with no openers': fill('', 'a_ ', room),
    'many emph openers with no closers': fill('', '_a ', room),
    'many link closers with no openers': fill('', 'a]', room),
    'many link openers with no closers': fill('', '[a', room),
    'mismatched openers and closers': fill('', '*a_ ', room),
    'openers and closers multiple of 3': fill('a**b', 'c* ', room),
    'link openers and emph closers': fill('', '[ a_', room),
    'hard link/emph case': '**x [a*b**c*](d)',
    'nested brackets': around('[', 'a', ']'),
    'nested block quotes': fill('', '> ', room - 1) + 'a',
    'deeply nested lists': grow((k) => `${'  '.repeat(k)}* a\n`),
    'U+0000 in input': 'abc\u0000de\u0000',
    backticks: grow((k) => `e${'`'.repeat(k + 1)}`),
    'unclosed links A': fill('', '[a](<b', room),
    'unclosed links B': fill('', '[a](b', room),
    'many references':
      grow((k) => `[${k + 1}]: u\n`).slice(0, Math.floor(room * 0.7)) + '\n' + '[0] '.repeat(Math.floor((room * 0.3 - 2) / 4)),
  };
  return Object.fromEntries(Object.entries(shapes).map(([name, block]) => [`cmark: ${name}`, `${sample}\n\n${block}\n`]));
}

// ---------------------------------------------------------------------------
// Running the checker on one text and validating what it says

const config = resolveConfig({});
export const RULE_IDS: ReadonlySet<string> = new Set([...rules.map((r) => r.id), 'file/unreadable', 'file/encoding']);

/** Lines as the checker counts them: `\r\n`, `\n` and a lone `\r` each end one. */
export function lineLengths(source: string): number[] {
  return source.split(/\r\n|\r|\n/).map((l) => l.length);
}

export interface CheckOutcome {
  messages: LintMessage[];
  /** Milliseconds for parse and lint: wall clock, and CPU time of this process. */
  ms: number;
  cpuMs: number;
  /** What is wrong with the messages (empty when every message is well-formed and in range). */
  problems: string[];
}

/** Checks one text as `check` does (same parse, same rules), timing it and validating each message. Throws if the checker throws. */
export function checkText(path: string, text: string, knownPaths: readonly string[] = [path], today = '2026-01-15'): CheckOutcome {
  const repository = indexRepository([...new Set([...knownPaths, path])]);
  const { result, ms, cpuMs } = timed(() => {
    const file = parsePostmortem(path, text);
    return { file, messages: lintFile(file, { config, repository, today }).messages };
  });
  return { messages: result.messages, ms, cpuMs, problems: validate(result.messages, result.file.source, path) };
}

/** Every message names the file, a line and column inside it, a known rule, a level and a sentence. */
export function validate(messages: readonly LintMessage[], source: string, path: string): string[] {
  const lengths = lineLengths(source);
  const problems: string[] = [];
  for (const m of messages) {
    const where = `${m.rule} at ${m.line}:${m.column}`;
    if (m.file !== path) problems.push(`${where}: file \`${m.file}\`, expected \`${path}\``);
    if (!Number.isInteger(m.line) || m.line < 1 || m.line > lengths.length) problems.push(`${where}: line outside 1..${lengths.length}`);
    else if (!Number.isInteger(m.column) || m.column < 1 || m.column > lengths[m.line - 1]! + 1)
      problems.push(`${where}: column outside 1..${lengths[m.line - 1]! + 1}`);
    if (!RULE_IDS.has(m.rule)) problems.push(`${where}: unknown rule`);
    if (m.severity !== 'error' && m.severity !== 'warning') problems.push(`${where}: severity \`${String(m.severity)}\``);
    if (typeof m.message !== 'string' || m.message.length < 20 || !/^(Unexpected|Missing|Invalid)\b/.test(m.message))
      problems.push(`${where}: message \`${m.message}\``);
  }
  return problems;
}
