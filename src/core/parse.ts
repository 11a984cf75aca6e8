/**
 * The single parse of a postmortem: YAML frontmatter with source positions and
 * the MDX syntax tree. Every rule, the build and the editor preset work from
 * this result; nothing in the file is ever evaluated.
 */
import type { Root } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { mdxFromMarkdown } from 'mdast-util-mdx';
import { frontmatter } from 'micromark-extension-frontmatter';
import { mdxjs } from 'micromark-extension-mdxjs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import { checkParseLimits } from './parse-limits.ts';
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
  /** The MDX tree, or `null` when the body does not parse (see `syntaxError`). */
  tree: Root | null;
  /** `message`, when set, is the whole sentence to report (a parse limit rather than a syntax error). */
  syntaxError: { point: Point; reason: string; message?: string } | null;
}

export interface ParsedFrontmatter {
  /** Whether the file opens with a `---` block. */
  present: boolean;
  /** The YAML as plain data (`undefined` when absent or unparseable). */
  data: unknown;
  /** YAML syntax problems, with positions in the file. */
  errors: { point: Point; reason: string }[];
  /** Where the frontmatter block starts (the opening `---`). */
  start: Point;
  /** Position in the file of the value at `path`, or of its closest existing parent. */
  locate(path: readonly PropertyKey[]): Point;
  /** Position of the key at `path` (for unknown-field messages). */
  locateKey(path: readonly PropertyKey[]): Point;
}

const FRONTMATTER = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** Length of the opening `---` frontmatter block (0 when there is none): where the body starts. */
export function frontmatterLength(source: string): number {
  return FRONTMATTER.exec(source)?.[0].length ?? 0;
}

const mdxExtensions = [mdxjs(), frontmatter(['yaml'])];
const mdastExtensions = [mdxFromMarkdown(), frontmatterFromMarkdown(['yaml'])];

/** Files are assumed to live under the repository root; `id` drops folders and `.mdx`. */
export function idFromPath(path: string): string {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return base.replace(/\.mdx$/i, '');
}

export function parsePostmortem(path: string, text: string): ParsedFile {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineIndex(source);
  const fm = parseFrontmatter(source, lines);
  let tree: Root | null = null;
  let syntaxError: ParsedFile['syntaxError'] = null;
  // Shapes the parser is slow on are refused before parsing, so one file takes bounded time (see parse-limits.ts).
  const limit = checkParseLimits(source, frontmatterLength(source));
  if (limit) {
    syntaxError = { point: lines.point(limit.offset), reason: limit.message, message: limit.message };
  } else {
    try {
      tree = parseMdx(source);
    } catch (error) {
      syntaxError = describeSyntaxError(error, source, lines);
    }
  }
  return { path, id: idFromPath(path), source, lines, frontmatter: fm, tree, syntaxError };
}

function parseMdx(source: string): Root {
  return fromMarkdown(source, { extensions: mdxExtensions, mdastExtensions });
}

function describeSyntaxError(error: unknown, source: string, lines: LineIndex): { point: Point; reason: string } {
  const e = error as { place?: unknown; line?: number; column?: number; reason?: string; message?: string; source?: string; ruleId?: string };
  let point: Point = { line: 1, column: 1 };
  let reason = String(e.reason ?? e.message ?? error);
  const place = e.place as { line?: number; column?: number; start?: { line: number; column: number }; offset?: number } | undefined;
  if (place && typeof place.line === 'number') point = { line: place.line, column: place.column ?? 1 };
  else if (place?.start) point = { line: place.start.line, column: place.start.column };
  else if (typeof e.line === 'number') point = { line: e.line, column: e.column ?? 1 };
  else {
    // An unclosed element is reported without a place; its position is only in the text: "… for `<details>` (27:1-27:10)".
    const named = /\((\d+):(\d+)-\d+:\d+\)/.exec(reason);
    if (named) point = { line: Number(named[1]), column: Number(named[2]) };
  }
  // The parser notices an unclosed `<tag` or `{` only where it gives up, often lines later or at the end of the
  // file; the author needs the place where it was opened.
  const opener = e.source === 'micromark-extension-mdx-jsx' ? '<' : e.source === 'micromark-extension-mdx-expression' && e.ruleId === 'unexpected-eof' ? '{' : undefined;
  if (opener && typeof place?.offset === 'number') {
    const at = openingBefore(source, place.offset, opener);
    const opened = at === undefined ? undefined : lines.point(at);
    if (opened && (opened.line < point.line || e.ruleId === 'unexpected-eof')) {
      reason = `${reason}, in the ${opener === '<' ? 'tag' : 'expression'} that starts here and runs to line ${point.line}, column ${point.column}`;
      point = opened;
    }
  }
  if (point.line > lines.lineCount) point = { line: lines.lineCount, column: 1 };
  return { point, reason };
}

/** The last `opener` before `offset` such that the text before it parses: where the broken construct starts. */
function openingBefore(source: string, offset: number, opener: '<' | '{'): number | undefined {
  let at = source.lastIndexOf(opener, offset - 1);
  // Each try parses the text before `at`: bound the characters re-parsed, so a large file costs a few parses at most.
  let budget = 500_000;
  for (let tries = 0; at >= 0 && tries < 20 && budget > 0; tries++, budget -= at, at = source.lastIndexOf(opener, at - 1)) {
    try {
      parseMdx(source.slice(0, at));
      return at;
    } catch {
      // A `<` or `{` inside a quoted attribute value, or one opened earlier: keep looking.
    }
  }
  return undefined;
}

function parseFrontmatter(source: string, lines: LineIndex): ParsedFrontmatter {
  const start: Point = { line: 1, column: 1 };
  const match = FRONTMATTER.exec(source);
  if (!match) {
    return { present: false, data: undefined, errors: [], start, locate: () => start, locateKey: () => start };
  }
  const yamlText = match[1] ?? '';
  const yamlOffset = source.indexOf('\n') + 1;
  const lineCounter = new LineCounter();
  // `logLevel: 'error'`: a YAML warning (such as a list used as a key) goes to stderr otherwise; the schema reports what is wrong.
  const doc = parseDocument(yamlText, { lineCounter, uniqueKeys: true, prettyErrors: false, schema: 'core', logLevel: 'error' });
  const at = (offset: number | undefined): Point => lines.point(yamlOffset + Math.max(0, offset ?? 0));
  const errors = doc.errors.map((err) => ({ point: at(err.pos[0]), reason: err.message.split('\n')[0]! }));
  let data: unknown;
  if (errors.length === 0) {
    try {
      data = doc.toJS({ maxAliasCount: 50 });
    } catch (error) {
      errors.push({ point: at(0), reason: (error as Error).message });
    }
  }
  const walk = (path: readonly PropertyKey[], wantKey: boolean): Point => {
    let node: unknown = doc.contents;
    let best = start;
    if (isNodeWithRange(node)) best = at(node.range[0]);
    for (const segment of path) {
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
  return { present: true, data, errors, start, locate: (p) => walk(p, false), locateKey: (p) => walk(p, true) };
}

function isNodeWithRange(node: unknown): node is YamlNode & { range: [number, number, number] } {
  return !!node && typeof node === 'object' && Array.isArray((node as { range?: unknown }).range);
}

export type { Document };
