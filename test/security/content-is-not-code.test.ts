/**
 * Content is not code (contract §4, issue 6): every construct that could run
 * code in CI or in a reader's browser is rejected by `check`, through the real
 * CLI with `--format json`, with the rule that owns it and its exact place.
 * And nothing in a checked file is evaluated: files whose code would write a
 * marker file if it ever ran leave no marker behind.
 *
 * Each case is the same valid postmortem with one hostile block added as its
 * own paragraph in *Root Cause* (at `BLOCK_LINE`); positions are given
 * relative to that line.
 */
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveConfig } from '../../packages/astro-postmortems/src/core/config.ts';
import { checkRepository } from '../../packages/astro-postmortems/src/core/repository.ts';
import { makeRepository } from '../rules/harness.ts';
import { payload } from './attacks/vectors.ts';
import { check, type JsonReport } from './cli.ts';
import { BLOCK_LINE, TODAY, validPostmortem, withBlock } from './postmortem.ts';

/** `[rule, line offset from the block's first line, column]`. */
type At = [rule: string, line: number, column: number];

const ESM = 'mdx/no-esm';
const EXPR = 'mdx/no-expression';
const ELEMENT = 'mdx/disallowed-element';
const SYNTAX = 'mdx/syntax';

/** Hostile block → every message it must produce (and no other). */
const CASES: Record<string, { block: string; expect: At[] }> = {
  'import statement': { block: "import fs from 'node:fs'", expect: [[ESM, 0, 1]] },
  'export const': { block: 'export const x = process.exit(1)', expect: [[ESM, 0, 1]] },
  'export default component': { block: 'export default function Layout() { return null }', expect: [[ESM, 0, 1]] },
  'import then export on two lines': { block: "import { env } from 'node:process'\nexport const token = env.TOKEN", expect: [[ESM, 0, 1]] },
  'expression in text': { block: 'Total {1 + 1} items.', expect: [[EXPR, 0, 7]] },
  'expression as a block': { block: '{process.exit(1)}', expect: [[EXPR, 0, 1]] },
  'MDX comment (an expression too)': { block: '{/* hidden */}', expect: [[EXPR, 0, 1]] },
  '<script> block': { block: '<script>alert(1)</script>', expect: [[ELEMENT, 0, 1]] },
  '<script> inline': { block: 'Text <script>alert(1)</script> more.', expect: [[ELEMENT, 0, 6]] },
  '<SCRIPT> in capitals': { block: '<SCRIPT>alert(1)</SCRIPT>', expect: [[ELEMENT, 0, 1]] },
  'unclosed <script>': { block: '<script>\nalert(1)', expect: [[SYNTAX, 0, 1]] },
  '<img src=x onerror=…> (HTML syntax, not MDX)': { block: '<img src=x onerror=alert(1)>', expect: [[SYNTAX, 0, 1]] },
  '<img onerror> self-closed': { block: '<img src="x" onerror="alert(1)" />', expect: [[ELEMENT, 0, 1]] },
  'on* handler on an allowed element': { block: '<abbr title="x" onClick="alert(1)">SLO</abbr>', expect: [[ELEMENT, 0, 17]] },
  'onmouseover in lower case on an allowed element': { block: '<kbd onmouseover="alert(1)">x</kbd>', expect: [[ELEMENT, 0, 6]] },
  '<a href="javascript:…">': { block: '<a href="javascript:alert(1)">x</a>', expect: [[ELEMENT, 0, 1]] },
  'javascript: in an allowed element attribute': { block: '<abbr title="javascript:alert(1)">x</abbr>', expect: [[ELEMENT, 0, 7]] },
  '[x](javascript:…)': { block: '[x](javascript:alert(1))', expect: [[ELEMENT, 0, 1]] },
  '[x](JaVaScRiPt:…) mixed case': { block: 'See [x](JaVaScRiPt:alert(1)).', expect: [[ELEMENT, 0, 5]] },
  'javascript: with a decimal entity': { block: '[x](&#106;avascript:alert(1))', expect: [[ELEMENT, 0, 1]] },
  'javascript: with a hex entity and &colon;': { block: '[x](&#x6A;avascript&colon;alert(1))', expect: [[ELEMENT, 0, 1]] },
  'javascript: with an encoded tab inside': { block: '[x](java&#x09;script:alert(1))', expect: [[ELEMENT, 0, 1]] },
  'javascript: after leading whitespace': { block: '[x](   javascript:alert(1))', expect: [[ELEMENT, 0, 1]] },
  'javascript: with a control character in <…>': { block: '[x](<java\u0001script:alert(1)>)', expect: [[ELEMENT, 0, 1]] },
  'javascript: with a newline entity': { block: '[x](java&#10;script:alert(1))', expect: [[ELEMENT, 0, 1]] },
  'vbscript: link': { block: '[x](vbscript:msgbox(1))', expect: [[ELEMENT, 0, 1]] },
  'javascript: in a reference definition': { block: '[x][evil]\n\n[evil]: javascript:alert(1)', expect: [[ELEMENT, 2, 1]] },
  'data: image': { block: '![chart](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)', expect: [['image/source', 0, 1]] },
  'data: link': { block: '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)', expect: [[ELEMENT, 0, 1]] },
  '<iframe>': { block: '<iframe src="https://evil.example/"></iframe>', expect: [[ELEMENT, 0, 1]] },
  '<object>': { block: '<object data="movie.swf"></object>', expect: [[ELEMENT, 0, 1]] },
  '<embed>': { block: '<embed src="movie.swf" />', expect: [[ELEMENT, 0, 1]] },
  '<style>': { block: '<style>body</style>', expect: [[ELEMENT, 0, 1]] },
  'style attribute on an allowed element': {
    block: '<mark style="background:url(javascript:alert(1))">x</mark>',
    expect: [[ELEMENT, 0, 7]],
  },
  '<svg> with <script> inside': {
    block: '<svg><script>alert(1)</script></svg>',
    expect: [
      [ELEMENT, 0, 1],
      [ELEMENT, 0, 6],
    ],
  },
  '<svg onload>': { block: '<svg onload="alert(1)" />', expect: [[ELEMENT, 0, 1]] },
  '<math>': {
    block: '<math><mi>x</mi></math>',
    expect: [
      [ELEMENT, 0, 1],
      [ELEMENT, 0, 7],
    ],
  },
  '<form action>': {
    block: '<form action="https://evil.example/"><button>Go</button></form>',
    expect: [
      [ELEMENT, 0, 1],
      [ELEMENT, 0, 38],
    ],
  },
  '<link> and <meta>': {
    block:
      '<link rel="stylesheet" href="https://evil.example/x.css" />\n<meta httpEquiv="refresh" content="0;url=https://evil.example/" />',
    expect: [
      [ELEMENT, 0, 1],
      [ELEMENT, 1, 1],
    ],
  },
  '<base>': { block: '<base href="https://evil.example/" />', expect: [[ELEMENT, 0, 1]] },
  'a component <Foo>': { block: '<Foo />', expect: [[ELEMENT, 0, 1]] },
  'a member component <Foo.Bar>': { block: '<Foo.Bar>x</Foo.Bar>', expect: [[ELEMENT, 0, 1]] },
  'a namespaced element <xlink:a>': { block: '<xlink:a>x</xlink:a>', expect: [[ELEMENT, 0, 1]] },
  '{...spread} attributes': { block: '<abbr {...props}>SLO</abbr>', expect: [[EXPR, 0, 7]] },
  '<>fragments</>': { block: '<>fragment</>', expect: [[ELEMENT, 0, 1]] },
  'expression in an attribute': { block: '<abbr title={globalThis.secret}>SLO</abbr>', expect: [[EXPR, 0, 7]] },
  'template literal in an attribute': { block: '<abbr title={`${process.env.TOKEN}`}>SLO</abbr>', expect: [[EXPR, 0, 7]] },
  'HTML comment': { block: '<!-- hidden -->', expect: [[SYNTAX, 0, 1]] },
  'raw HTML block': { block: '<div class="x">raw</div>', expect: [[ELEMENT, 0, 1]] },
  'raw HTML inline': { block: 'Some <span>inline</span> HTML.', expect: [[ELEMENT, 0, 6]] },
  'autolink with javascript: (not an autolink in MDX)': { block: '<javascript:alert(1)>', expect: [[SYNTAX, 0, 1]] },
};

/**
 * Files whose code, if it were ever evaluated (by `check`, a loader or a compiler), would create `marker`. The
 * payload works in an ES module, as the engine's code is (`require` is not defined there: a trap that used it would
 * throw instead of writing, and prove nothing); the test runs it once itself to show it does write.
 */
function evaluationTraps(marker: string): Record<string, string> {
  const write = payload(marker);
  return {
    'trap-expression': withBlock(`{${write}}`),
    'trap-inline-expression': withBlock(`Total {${write}} items.`),
    'trap-esm': withBlock(
      `import { writeFileSync } from 'node:fs'\nexport const pwned = writeFileSync(${JSON.stringify(marker)}, 'evaluated')`,
    ),
    'trap-attribute': withBlock(`<abbr title={(() => { ${write} })()}>SLO</abbr>`),
    'trap-spread': withBlock(`<abbr {...(${write}, {})}>SLO</abbr>`),
    'trap-script': withBlock(`<script>{${write}}</script>`),
    'trap-link': withBlock(`[x](javascript:${write.replace(', ', ',')})`),
    'trap-yaml-tag': validPostmortem(1).replace('severity: P2', `severity: !!js/function "function () { ${write} }"`),
    'trap-frontmatter-expression': validPostmortem(1).replace('severity: P2', `severity: "{${write}}"`),
  };
}

const pathOf = (name: string) =>
  `postmortems/2025-06-10-${name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}.mdx`;

describe('content is not code: `check --format json` rejects every hostile construct, with its rule and place', async () => {
  const files: Record<string, string> = { [pathOf('clean control')]: validPostmortem('control') };
  Object.entries(CASES).forEach(([name, { block }], i) => (files[pathOf(name)] = withBlock(block, i)));
  const root = await makeRepository(files);
  const run = await check(root, ['--format', 'json', '--today', TODAY]);
  const report = JSON.parse(run.stdout) as JsonReport;

  test('one run: exit 1, every file counted, no stack trace', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(report.files).toBe(Object.keys(files).length);
  });

  test('the unmodified postmortem passes (the cases below fail only because of what they add)', () => {
    expect(report.messages.filter((m) => m.file === pathOf('clean control'))).toEqual([]);
  });

  test.each(Object.keys(CASES))('%s', (name) => {
    const got = report.messages.filter((m) => m.file === pathOf(name));
    expect(got.map((m): At => [m.rule, m.line - BLOCK_LINE, m.column])).toEqual(CASES[name]!.expect);
    for (const m of got) {
      expect(m.severity).toBe('error');
      // A sentence that says what and how to fix: "Unexpected X, expected Y; fix" (syntax errors quote the parser's "Expected …").
      expect(m.message).toMatch(/^Unexpected .+[Ee]xpected .+/);
    }
  });
});

describe('nothing in a checked file is evaluated', () => {
  test('code that would write a marker file if run leaves no marker, through the CLI and through checkRepository', async () => {
    const marker = join(tmpdir(), `pwned-${process.pid}-${Date.now()}`);
    const traps = evaluationTraps(marker);
    const files = Object.fromEntries(Object.entries(traps).map(([name, text]) => [pathOf(name), text]));
    const root = await makeRepository(files);

    const run = await check(root, ['--format', 'json', '--today', TODAY]);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(run.code).toBe(1);
    const result = await checkRepository({ root, config: resolveConfig({}), today: TODAY });
    expect(existsSync(marker)).toBe(false);
    // The payload does write its marker when it is run, here in this ES module as it would be in the engine's.
    const control = `${marker}-control`;
    try {
      new Function(payload(control))();
      expect(existsSync(control)).toBe(true);
    } finally {
      rmSync(control, { force: true });
    }

    // Each trap is rejected (the YAML tag is not a type YAML knows, so it is an invalid value, never a function).
    for (const path of Object.keys(files)) {
      expect(report.messages.filter((m) => m.file === path && m.severity === 'error').length, path).toBeGreaterThan(0);
      expect(result.messages.filter((m) => m.file === path && m.severity === 'error').length, path).toBeGreaterThan(0);
    }
  });
});
