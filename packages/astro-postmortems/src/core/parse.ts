/**
 * The single parse of a postmortem: YAML frontmatter with source positions and
 * the MDX syntax tree. Every rule, the build and the editor preset work from
 * this result; nothing in the file is ever evaluated.
 */
import type { Root } from 'mdast';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import type { Document, Node as YamlNode } from 'yaml';

/**
 * `yaml` (the positioned Document: 70 modules, ~50 ms to load per thread) is needed only when something is reported
 * or the YAML uses what js-yaml reads differently, so it is loaded on first use, synchronously. A browser bundle,
 * which has no `require`, hands its own import to `useYaml`.
 */
let yamlModule: typeof import('yaml') | undefined;
function yamlLib(): typeof import('yaml') {
  if (yamlModule) return yamlModule;
  const mod = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:module') as
    typeof import('node:module') | undefined;
  if (!mod) throw new Error('parse.ts needs Node 22 (process.getBuiltinModule) to load `yaml`, or `useYaml(yaml)` first in a browser');
  return (yamlModule = mod.createRequire(import.meta.url)('yaml') as typeof import('yaml'));
}

/** For a browser bundle: use this `yaml` instead of loading one. */
export function useYaml(lib: typeof import('yaml')): void {
  yamlModule = lib;
}
import { checkParseLimits, PARSE_LIMITS } from './parse-limits.ts';
import { parseMdx, type MdxCode } from './parse-mdx.ts';
import { LineIndex, type Point } from './utils/lines.ts';

export interface ParsedFile {
  /** Path relative to the repository root, with `/` separators. */
  path: string;
  /** File name without `.mdx` and without folders. */
  id: string;
  /** Full text, BOM removed. */
  source: string;
  lines: LineIndex;
  frontmatter: ParsedFrontmatter;
  /** Offset where the body starts (after the frontmatter): the text stored and rendered is `source.slice(body)`. */
  body: number;
  /** The MDX tree, or `null` when the body does not parse (see `syntaxError`). */
  tree: Root | null;
  /** `message`, when set, is the whole sentence to report (a parse limit rather than a syntax error). */
  syntaxError: { point: Point; reason: string; message?: string } | null;
  /** Where MDX would read JavaScript (`{…}`, `import`/`export`); never parsed, never run. */
  mdxCode: MdxCode[];
}

export interface ParsedFrontmatter {
  /** Whether the file opens with a `---` block. */
  present: boolean;
  /** The YAML was not parsed: the fences are ambiguous, or the file is over the size limit (both reported on their own). */
  skipped: boolean;
  /** The YAML as plain data (`undefined` when absent or unparseable). */
  data: unknown;
  /** YAML syntax problems, with positions in the file. */
  errors: { point: Point; reason: string }[];
  /** Problems with the fences themselves (see `splitFrontmatter`), each a whole sentence. */
  fences: { point: Point; message: string }[];
  /** Where the frontmatter block starts (the opening `---`). */
  start: Point;
  /** Position in the file of the value at `path`, or of its closest existing parent. */
  locate(path: readonly PropertyKey[]): Point;
  /** Position of the key at `path` (for unknown-field messages). */
  locateKey(path: readonly PropertyKey[]): Point;
  /**
   * Where the string at `path` is written: file offsets of its scalar (quotes included) and its YAML style, so each
   * character of the decoded value can be traced back to the escape or line it came from (`visible-text.ts`).
   */
  scalar(path: readonly PropertyKey[]): ScalarSource | undefined;
}

export interface ScalarSource {
  start: number;
  end: number;
  style: 'PLAIN' | 'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';
}

/**
 * The one definition of the frontmatter fences; everything that reads a postmortem (rules, the build, the editor)
 * splits the file here, once, and nothing else ever sees the YAML as Markdown or the body as YAML:
 * - the file may start with one byte-order mark (U+FEFF), which is dropped; a second one is an error;
 * - the frontmatter opens with a first line that is exactly `---`, and closes at the next line that is exactly
 *   `---` (LF or CR LF line endings);
 * - anything a reader could take for a fence or a document end is an error rather than a guess: a first line that
 *   only starts with `---` or is `+++` (TOML), and, inside the block, `---` or `...` with trailing spaces or tabs, or
 *   `...` alone (YAML ends the document there and ignores the rest); so is an opening fence that is never closed.
 */
export interface FrontmatterSplit {
  /** The YAML text between the fences (empty when the file has no frontmatter). */
  yaml: string;
  /** Offset of the first YAML character. */
  yamlStart: number;
  /** Offset where the body starts: after the closing fence's line ending (0 without frontmatter). */
  length: number;
  /** Whether the file opens with a frontmatter block (closed or not). */
  present: boolean;
  /** Fence problems: where, and the whole sentence to report. */
  problems: { offset: number; message: string }[];
}

const LINE = /([^\r\n]*)(\r\n|\n|\r|$)/y;

export function splitFrontmatter(source: string): FrontmatterSplit {
  const problems: FrontmatterSplit['problems'] = [];
  if (source.charCodeAt(0) === 0xfeff) {
    problems.push({
      offset: 0,
      message:
        'Unexpected second byte-order mark (U+FEFF) at the start of the file, expected at most one; re-save the file as UTF-8 without a BOM',
    });
  }
  LINE.lastIndex = 0;
  const first = LINE.exec(source)!;
  if (first[1] !== '---') {
    if (/^(?:-{3,}|\+{3})[ \t]*$/.test(first[1]!) || /^---/.test(first[1]!)) {
      problems.push({
        offset: 0,
        message: `Unexpected ${describeLine(first[1]!)} on the first line, expected \`---\` alone to open the YAML frontmatter; write \`---\` with nothing after it`,
      });
    }
    return { yaml: '', yamlStart: 0, length: 0, present: problems.length > 0 && /^---/.test(first[1]!), problems };
  }
  const yamlStart = LINE.lastIndex;
  let at = yamlStart;
  while (at < source.length) {
    LINE.lastIndex = at;
    const m = LINE.exec(source)!;
    const line = m[1]!;
    if (line === '---') {
      return {
        yaml: source.slice(yamlStart, Math.max(yamlStart, at - lineEndingBefore(source, at))),
        yamlStart,
        length: LINE.lastIndex,
        present: true,
        problems,
      };
    }
    if (/^(?:---|\.\.\.)[ \t]+$/.test(line) || line === '...') {
      problems.push({
        offset: at,
        message: `Unexpected ${describeLine(line)} in the frontmatter, expected \`---\` alone on its line to close it; remove the line, or write \`---\` with nothing after it`,
      });
    }
    if (m[2] === '') break;
    at = LINE.lastIndex;
  }
  problems.push({
    offset: 0,
    message: 'Unexpected frontmatter with no closing `---`, expected a line that is exactly `---` after the YAML fields; add it',
  });
  return { yaml: source.slice(yamlStart), yamlStart, length: source.length, present: true, problems };
}

function lineEndingBefore(source: string, at: number): number {
  if (at >= 2 && source[at - 2] === '\r' && source[at - 1] === '\n') return 2;
  return at >= 1 && (source[at - 1] === '\n' || source[at - 1] === '\r') ? 1 : 0;
}

function describeLine(line: string): string {
  const shown = line.length > 20 ? `${line.slice(0, 20)}…` : line;
  return `\`${shown.replace(/\t/g, '\\t')}\`${/[ \t]$/.test(line) ? ' (with trailing spaces or tabs)' : ''}`;
}

/** Length of the frontmatter block (0 when there is none): where the body starts. */
export function frontmatterLength(source: string): number {
  return splitFrontmatter(source).length;
}

/** Files are assumed to live under the repository root; `id` drops folders and `.mdx`. */
export function idFromPath(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/\.mdx$/i, '');
}

export function parsePostmortem(path: string, text: string): ParsedFile {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineIndex(source);
  const split = splitFrontmatter(source);
  // Beyond the size limit, or when the fences are ambiguous, the YAML is not parsed at all: the one problem reported
  // is the limit or the fence, and a file of megabytes costs no more than reading it.
  const fm = parseFrontmatter(split, lines, split.problems.length > 0 || source.length > PARSE_LIMITS.characters);
  let tree: Root | null = null;
  let syntaxError: ParsedFile['syntaxError'] = null;
  let mdxCode: MdxCode[] = [];
  const body = split.length;
  // Shapes the parser is slow on are refused before parsing, so one file takes bounded time (see parse-limits.ts).
  const limit = checkParseLimits(source, body);
  if (limit) {
    syntaxError = { point: lines.point(limit.offset), reason: limit.message, message: limit.message };
  } else {
    ({ tree, syntaxError, code: mdxCode } = parseMdx(source, body, lines));
  }
  return { path, id: idFromPath(path), source, lines, frontmatter: fm, body, tree, syntaxError, mdxCode };
}

function parseFrontmatter(split: FrontmatterSplit, lines: LineIndex, skip: boolean): ParsedFrontmatter {
  const start: Point = { line: 1, column: 1 };
  const fences = split.problems.map((p) => ({ point: lines.point(p.offset), message: p.message }));
  if (!split.present || skip) {
    return {
      present: split.present,
      skipped: skip,
      data: undefined,
      errors: [],
      fences,
      start,
      locate: () => start,
      locateKey: () => start,
      scalar: () => undefined,
    };
  }
  const yamlText = split.yaml;
  const yamlOffset = split.yamlStart;
  const at = (offset: number | undefined): Point => lines.point(yamlOffset + Math.max(0, offset ?? 0));
  // The data from js-yaml (the parser Astro uses for frontmatter, ~8x faster here); the positioned Document from
  // `yaml` only when something must be reported: a syntax error, or a rule asking where a field is.
  const fast = fastYaml(yamlText);
  let document: Document | undefined;
  const doc = () =>
    // `logLevel: 'error'`: a YAML warning (such as a list used as a key) goes to stderr otherwise; the schema reports what is wrong.
    (document ??= yamlLib().parseDocument(yamlText, {
      lineCounter: new (yamlLib().LineCounter)(),
      uniqueKeys: true,
      prettyErrors: false,
      schema: 'core',
      logLevel: 'error',
    }));
  let data: unknown;
  let errors: ParsedFrontmatter['errors'] = [];
  if (fast.ok) {
    data = fast.data;
  } else {
    // A warning is an ambiguity too (a tag such as `!!js/function` that the core schema does not know is read as a
    // plain string by one parser and refused by another): the file must mean one thing to every reader.
    errors = [...doc().errors, ...doc().warnings].map((err) => ({ point: at(err.pos[0]), reason: err.message.split('\n')[0]! }));
    if (errors.length === 0) {
      try {
        data = doc().toJS({ maxAliasCount: 50 });
      } catch (error) {
        errors.push({ point: at(0), reason: (error as Error).message });
      }
    }
  }
  const nodeAt = (path: readonly PropertyKey[]): unknown => {
    let node: unknown = doc().contents;
    const { isMap, isScalar, isSeq } = yamlLib();
    for (const segment of path) {
      if (isMap(node)) node = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment))?.value;
      else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
      else return undefined;
    }
    return node;
  };
  const scalar = (path: readonly PropertyKey[]): ScalarSource | undefined => {
    const node = nodeAt(path);
    if (!yamlLib().isScalar(node) || !isNodeWithRange(node) || typeof node.type !== 'string') return undefined;
    return { start: yamlOffset + node.range[0], end: yamlOffset + node.range[1], style: node.type as ScalarSource['style'] };
  };
  const walk = (path: readonly PropertyKey[], wantKey: boolean): Point => {
    let node: unknown = doc().contents;
    let best = start;
    if (isNodeWithRange(node)) best = at(node.range[0]);
    for (const segment of path) {
      const { isMap, isScalar, isSeq } = yamlLib();
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
        if (!pair) return best;
        if (wantKey && isNodeWithRange(pair.key)) best = at(pair.key.range[0]);
        else if (isNodeWithRange(pair.value)) best = at(pair.value.range[0]);
        else if (isNodeWithRange(pair.key)) best = at(pair.key.range[0]);
        node = pair.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment];
        if (!isNodeWithRange(item)) return best;
        best = at(item.range[0]);
        node = item;
      } else {
        return best;
      }
    }
    return best;
  };
  return {
    present: true,
    skipped: false,
    data,
    errors,
    fences,
    start,
    locate: (p) => walk(p, false),
    locateKey: (p) => walk(p, true),
    scalar,
  };
}

/**
 * YAML 1.2 core schema, as `yaml` reads it (no timestamps, no merge keys; a duplicate key is an error). Anchors and
 * aliases are left to `yaml`, which bounds their expansion: js-yaml shares aliased nodes, and a "billion laughs"
 * document would blow up in whatever walks the data next.
 */
function fastYaml(text: string): { ok: true; data: unknown } | { ok: false } {
  // Also left to `yaml`: complex keys (`? [a, b]`), which the two libraries turn into different strings, and numbers
  // written `.5`/`-.5`, which only `yaml` reads as numbers. Tags the core schema lacks make js-yaml throw.
  if (/(?:^|[\s[{,:?-])[&*][^\s]/.test(text) || /^[ \t-]*\?(?:[ \t]|$)/m.test(text) || /[\s:[,-][-+]?\.\d/.test(text)) return { ok: false };
  try {
    return { ok: true, data: loadYaml(text, { schema: CORE_SCHEMA }) ?? null };
  } catch {
    return { ok: false };
  }
}

function isNodeWithRange(node: unknown): node is YamlNode & { range: [number, number, number] } {
  return !!node && typeof node === 'object' && Array.isArray((node as { range?: unknown }).range);
}

export type { Document };
