/**
 * Every regular-expression literal of the engine, and what recheck (a ReDoS checker: automata analysis, then fuzzing)
 * says of each: the audit `npm run audit:regex` writes to `test/security/regex-audit.json` and
 * `test/security/regex-audit.test.ts` holds the source to. A literal recheck finds vulnerable stays only with a
 * reviewed reason (its input is the engine's own text, or bounded); every other one must be safe.
 *
 * Library choice: recheck (makenowjust-labs) decides by analysing the pattern's automaton, where a hand-picked
 * hostile input (`test/security/redos.test.ts`, the worst cases of `property.test.ts`) only finds what its author
 * thought of: this audit found two exponential and dozens of quadratic patterns those had missed. TypeScript's own
 * parser finds the literals (a regular expression cannot be told from a division by a pattern).
 * Every `.ts` file and every `.astro` file's frontmatter is read; patterns built at run time (`new RegExp(…)`) and the
 * scripts of `.astro` templates are not literals of those and are not audited here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { check } from 'recheck';
import ts from 'typescript';

export const ENGINE_SOURCE = join(import.meta.dirname, '../../packages/astro-postmortems/src');
export const AUDIT_FILE = join(import.meta.dirname, '../../test/security/regex-audit.json');

export interface Literal {
  /** Under the engine's `src/`, with `/`. */
  file: string;
  line: number;
  /** As written: `/\s+$/u`. */
  regex: string;
}

export interface Reviewed {
  regex: string;
  files: string[];
  complexity: string;
  /** recheck's attack, as a JavaScript expression (`'/'.repeat(54773) + '\x00/'`). */
  attack: string;
  /** Why the pattern may stay: what its input is, and how large it can be. Written by a person. */
  reason: string;
}

export interface Audit {
  about: string;
  safe: string[];
  reviewed: Reviewed[];
}

/** Every regular-expression literal of the engine's TypeScript. */
export function engineLiterals(root = ENGINE_SOURCE): Literal[] {
  const out: Literal[] = [];
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /(?<!\.d)\.ts$|\.astro$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const path of files) {
    const text = readFileSync(path, 'utf8');
    // An `.astro` file's code is its frontmatter; blanking the template keeps the line numbers.
    const code = path.endsWith('.astro') ? astroFrontmatter(text) : text;
    const source = ts.createSourceFile(path, code, ts.ScriptTarget.Latest, false);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral)
        out.push({
          file: relative(root, path).split('\\').join('/'),
          line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1,
          regex: node.getText(source),
        });
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

/** The frontmatter of an `.astro` file (between its `---` fences), every other line left empty. */
function astroFrontmatter(text: string): string {
  const lines = text.split('\n');
  const end = lines[0]?.trim() === '---' ? lines.indexOf('---', 1) : -1;
  return lines.map((line, i) => (i > 0 && i < end ? line : '')).join('\n');
}

/**
 * Patterns the engine builds from its own strings rather than writes as literals, run on postmortem text: the blame
 * detector's cue scanner and `blameless/language`'s default phrases joined as the rule joins them. (Patterns built
 * from the configuration, or from escaped names, are the site owners' code or plain words.)
 */
export async function builtPatterns(): Promise<Literal[]> {
  const { CUE_ALL } = await import('../../packages/astro-postmortems/src/core/blame.ts');
  const { DEFAULT_BLAMELESS_PHRASES } = await import('../../packages/astro-postmortems/src/core/config.ts');
  const { matcherFor } = await import('../../packages/astro-postmortems/src/core/rules/blameless-language.ts');
  const shown = (re: RegExp) => `/${re.source}/${re.flags}`;
  return [
    { file: 'core/blame.ts', line: 0, regex: shown(CUE_ALL) },
    { file: 'core/rules/blameless-language.ts', line: 0, regex: shown(matcherFor(DEFAULT_BLAMELESS_PHRASES).re) },
  ];
}

export type Verdict = { status: 'safe' } | { status: 'vulnerable' | 'unknown'; complexity: string; attack: string };

/** recheck's verdict on one literal. `d`, `g` and `y` change what a match reports or where it starts, not its cost. */
export async function verdict(regex: string, timeoutMs = 20_000): Promise<Verdict> {
  const end = regex.lastIndexOf('/');
  const flags = regex.slice(end + 1).replace(/[dgy]/g, '');
  const result = await check(regex.slice(1, end), flags, { timeout: timeoutMs });
  if (result.status === 'safe') return { status: 'safe' };
  if (result.status === 'vulnerable') return { status: 'vulnerable', complexity: result.complexity.type, attack: result.attack.pattern };
  return { status: 'unknown', complexity: 'unknown', attack: result.error.kind };
}

export function readAudit(): Audit {
  return JSON.parse(readFileSync(AUDIT_FILE, 'utf8')) as Audit;
}
