/**
 * The MDX parse of a postmortem body, with no JavaScript parsed at all.
 *
 * The parser is the one Astro's MDX integration renders with (satteri, in
 * Rust), so what is checked is what is rendered, at a fraction of a
 * millisecond per file. It hands every `{…}` expression and every
 * `import`/`export` block to a JavaScript parser (oxc), and that is where it is
 * fragile: a few thousand nested brackets overflow the native stack and kill
 * the process, and JSX nested inside an expression takes exponential time
 * (`{<a><a>…` with 50 tags never finishes). A postmortem may contain no
 * expression and no ESM, so none of that code needs to run: before parsing,
 * every unescaped `{` and the first letter of every line that could start an
 * `import`/`export` block are replaced by private-use characters of the same
 * length. Positions stay exact, the tree is the same wherever the file is
 * valid, and the marks are put back afterwards. Where a mark lands in prose
 * (or in a tag) is where MDX would have read JavaScript, and each such place
 * is reported by `mdx/no-expression` or `mdx/no-esm`.
 */
import type { Root } from 'mdast';
import { mdxToMdast } from 'satteri';
import type { Node, Position } from 'unist';
import type { LineIndex, Point } from './utils/lines.ts';
import { walk } from './utils/mdast.ts';

/** A place where MDX would have read JavaScript. */
export interface MdxCode {
  kind: 'expression' | 'attribute' | 'spread' | 'esm';
  point: Point;
  /** The expression's text without its braces, or the ESM keyword. */
  value: string;
  /** The attribute's name, for `attribute`. */
  name?: string | undefined;
  /** No `}` closes the expression. */
  unclosed?: boolean;
  /** The `{` is in a bare URL (`https://…/{job}`). */
  inUrl?: boolean;
}

export interface MdxParse {
  tree: Root | null;
  code: MdxCode[];
  syntaxError: { point: Point; reason: string } | null;
}

// The frontmatter is split once, by `splitFrontmatter`, and blanked before parsing: the parser never sees the YAML,
// so it cannot disagree about where it ends. Smart punctuation as Astro's Markdown renders it: the tree the rules
// check is the tree that is rendered, typographic quotes and dashes included.
const FEATURES = { gfm: true, frontmatter: false, smartPunctuation: true } as const;

/** At most this many expressions in tags are blanked and the file parsed again; past that, the first is reported alone. */
const MAX_REPARSES = 8;

/** Places reported per file: a file with thousands of stray braces needs the first few to show what is wrong. */
const MAX_REPORTED = 50;

/** How far to look for the `}` that closes a `{` before calling it unclosed. */
const MAX_EXPRESSION = 4_000;

export function parseMdx(source: string, from: number, lines: LineIndex): MdxParse {
  const marks = pickMarks(source);
  let masked = mask(source, from, marks);
  const code: MdxCode[] = [];
  for (let attempt = 0; ; attempt++) {
    let tree: Root;
    try {
      tree = mdxToMdast(masked, { features: FEATURES }) as unknown as Root;
    } catch (error) {
      const { point, reason } = describeSyntaxError(error, lines);
      const offset = lines.offset(point);
      // A mark in the tag where the parser stopped: a `{` inside a tag (`title={x}`, `{...props}`). Blank it and go on.
      const at = masked.indexOf(marks.brace, offset);
      if (
        at !== -1 &&
        /^(?:<[^<>]*)?$/.test(masked.slice(offset, at)) &&
        !/\n[ \t]*\r?\n/.test(masked.slice(offset, at)) &&
        attempt < MAX_REPARSES
      ) {
        const found = tagExpression(source, at, lines);
        code.push(found.code);
        if (found.end !== undefined) {
          masked = masked.slice(0, at) + found.replacement + masked.slice(found.end);
          continue;
        }
        return { tree: null, code, syntaxError: null };
      }
      return { tree: null, code, syntaxError: { point, reason } };
    }
    restore(tree, source, from, marks, code, lines);
    codeInTree(tree, code, lines);
    locateJsxAttributes(tree, source, lines);
    code.sort((a, b) => a.point.line - b.point.line || a.point.column - b.point.column);
    const unique = code.filter(
      (c, i) => i === 0 || c.point.line !== code[i - 1]!.point.line || c.point.column !== code[i - 1]!.point.column,
    );
    return { tree, code: unique, syntaxError: null };
  }
}

interface Marks {
  brace: string;
  import: string;
  export: string;
  underscore: string;
}

/** Four private-use characters the file does not contain, so a mark is never confused with the author's text. */
function pickMarks(source: string): Marks {
  const free: string[] = [];
  for (let c = 0xe000; free.length < 4 && c <= 0xf8ff; c++) {
    const ch = String.fromCharCode(c);
    if (!source.includes(ch)) free.push(ch);
  }
  return { brace: free[0]!, import: free[1]!, export: free[2]!, underscore: free[3]! };
}

/**
 * Underscores between two letters or digits (`snake_case`, `x_x_x…`): CommonMark never reads them as emphasis (an
 * intraword `_` run is both left- and right-flanking, with no punctuation around it, so it can neither open nor
 * close), but the parser's delimiter matching is quadratic in them (64 KB of `x_` took 0.7 s). Past this many in a
 * file they are masked like braces, which leaves the tree unchanged but for one corner: a bare `www.` autolink with
 * `_` in a domain label.
 */
const MAX_INTRAWORD_UNDERSCORES = 2_000;
const INTRAWORD_UNDERSCORES = /(?<=[\p{L}\p{N}])_+(?=[\p{L}\p{N}])/gu;

function manyIntrawordUnderscores(text: string): boolean {
  let count = 0;
  for (let i = text.indexOf('_'); i !== -1; i = text.indexOf('_', i + 1)) if (++count > MAX_INTRAWORD_UNDERSCORES) break;
  if (count <= MAX_INTRAWORD_UNDERSCORES) return false;
  count = 0;
  INTRAWORD_UNDERSCORES.lastIndex = 0;
  while (INTRAWORD_UNDERSCORES.exec(text)) if (++count > MAX_INTRAWORD_UNDERSCORES / 4) return true;
  return false;
}

function isEscaped(source: string, i: number): boolean {
  let n = 0;
  while (i - 1 - n >= 0 && source.charCodeAt(i - 1 - n) === 0x5c) n++;
  return n % 2 === 1;
}

/**
 * The frontmatter blanked (spaces, line endings kept, so positions are exact), then every unescaped `{`, and the
 * `i`/`e` of `import`/`export` at the start of a line before anything but a letter or digit (a line ending too:
 * MDX reads an ESM block that starts with `export` alone on its line).
 */
function mask(source: string, from: number, marks: Marks): string {
  // A line at a time, not a character at a time (a match each: a tenth of the parse's allocations).
  const head = source.slice(0, from).replace(/[^\r\n]+/g, (line) => ' '.repeat(line.length));
  let body = source.slice(from);
  if (body.includes('{') || /(?:^|[\r\n])(?:import|export)/.test(body)) {
    // Slices between the marks, not a string grown one character at a time (a tenth of `check`'s parse).
    const parts: string[] = [];
    let last = 0;
    let lineStart = true;
    for (let i = 0; i < body.length; i++) {
      const c = body.charCodeAt(i);
      if (c === 0x7b && !isEscaped(source, from + i)) {
        parts.push(body.slice(last, i), marks.brace);
        last = i + 1;
      } else if (lineStart && (c === 0x69 || c === 0x65) && /^(?:import|export)(?![\p{L}\p{N}_$])/u.test(body.slice(i, i + 7))) {
        parts.push(body.slice(last, i), c === 0x69 ? marks.import : marks.export);
        last = i + 1;
      }
      lineStart = c === 0x0a || c === 0x0d;
    }
    parts.push(body.slice(last));
    body = parts.join('');
  }
  if (manyIntrawordUnderscores(body)) body = body.replace(INTRAWORD_UNDERSCORES, (run) => marks.underscore.repeat(run.length));
  return head + body;
}

const CODE_NODES: Record<string, MdxCode['kind']> = { mdxjsEsm: 'esm', mdxFlowExpression: 'expression', mdxTextExpression: 'expression' };

/**
 * Whatever the masks saw, a node of code anywhere in the tree is code: expressions, ESM, expression attributes and
 * attribute values that are not plain strings are recorded too, so no gap in the masking can reach the renderer.
 */
function codeInTree(tree: Root, code: MdxCode[], lines: LineIndex): void {
  const seen = new Set(code.map((c) => `${c.point.line}:${c.point.column}`));
  const add = (found: MdxCode) => {
    const key = `${found.point.line}:${found.point.column}`;
    if (!seen.has(key)) {
      seen.add(key);
      code.push(found);
    }
  };
  for (const node of walk(tree) as Iterable<Node & Record<string, unknown>>) {
    const at = node.position ? lines.point(node.position.start.offset ?? 0) : { line: 1, column: 1 };
    const kind = CODE_NODES[node.type];
    if (kind)
      add({
        kind,
        point: at,
        value:
          kind === 'esm'
            ? String(node['value'] ?? '')
                .trim()
                .split(/\s/)[0] || 'export'
            : String(node['value'] ?? ''),
      });
    for (const attr of (node['attributes'] as (Node & Record<string, unknown>)[] | undefined) ?? []) {
      if (attr.type === 'mdxJsxExpressionAttribute') add({ kind: 'spread', point: at, value: String(attr['value'] ?? '') });
      else if (attr['value'] !== null && attr['value'] !== undefined && typeof attr['value'] !== 'string')
        add({ kind: 'attribute', point: at, value: '', name: String(attr['name']) });
    }
  }
}

const STRING_FIELDS = ['value', 'url', 'alt', 'title', 'name', 'label', 'identifier', 'lang', 'meta'] as const;

/** Puts the author's characters back and records the marks that landed where MDX reads JavaScript. */
function restore(tree: Root, source: string, from: number, marks: Marks, code: MdxCode[], lines: LineIndex): void {
  const all = new RegExp(`[${marks.brace}${marks.import}${marks.export}${marks.underscore}]`, 'g');
  const back = (s: string) => s.replace(all, (m) => (m === marks.brace ? '{' : m === marks.import ? 'i' : m === marks.export ? 'e' : '_'));
  const any = new RegExp(`[${marks.brace}${marks.import}${marks.export}${marks.underscore}]`);
  const braces = (node: Node) => {
    const found: number[] = [];
    const start = node.position?.start.offset ?? 0;
    const end = node.position?.end.offset ?? start;
    for (
      let i = source.indexOf('{', start);
      i !== -1 && i < end && code.length + found.length < MAX_REPORTED;
      i = source.indexOf('{', i + 1)
    ) {
      if (!isEscaped(source, i)) found.push(i);
    }
    return found;
  };
  const expression = (i: number): MdxCode => {
    const close = matchingBrace(source, i);
    return close === undefined
      ? { kind: 'expression', point: lines.point(i), value: source.slice(i + 1, i + 41).split(/\r?\n|\r/)[0]!, unclosed: true }
      : { kind: 'expression', point: lines.point(i), value: source.slice(i + 1, close) };
  };
  const literalUrls = new Set<Node>();
  const codeBlocks: [number, number][] = [];
  for (const node of walk(tree) as Iterable<Node & Record<string, unknown>>) {
    const children = node['children'] as (Node & Record<string, unknown>)[] | undefined;
    if (node.type === 'code' && node.position) codeBlocks.push([node.position.start.offset ?? 0, node.position.end.offset ?? 0]);
    if (node.type === 'paragraph' && node.position && children?.length === 1 && children[0]!.type === 'text') {
      // A paragraph that is one whole `{…}` is a flow expression to MDX: keep that shape (it is not content).
      const start = node.position.start.offset ?? 0;
      const end = node.position.end.offset ?? start;
      if (source[start] === '{' && !isEscaped(source, start) && matchingBrace(source, start) === end - 1) {
        code.push(expression(start));
        node.type = 'mdxFlowExpression';
        node['value'] = source.slice(start + 1, end - 1);
        delete node['children'];
        continue;
      }
    }
    if (node.type === 'text' && node.position) {
      const v = node['value'];
      // `import`/`export` where a top-level block starts: MDX reads the whole block as ESM, braces included.
      if (typeof v === 'string' && node.position.start.column === 1 && (v[0] === marks.import || v[0] === marks.export)) {
        code.push({ kind: 'esm', point: lines.point(node.position.start.offset ?? 0), value: v[0] === marks.import ? 'import' : 'export' });
      } else {
        for (const i of braces(node)) code.push({ ...expression(i), ...(literalUrls.has(node) ? { inUrl: true } : {}) });
      }
    } else if (node.type === 'link' && children?.length === 1 && children[0]!.type === 'text') {
      // A bare URL (`https://…/{job}`): whether MDX reads a brace in it as part of the URL or as JavaScript depends on
      // what follows, so it is refused, with the way out: in `[text](url)` the destination is never JavaScript.
      const child = children[0]!;
      if (child.position?.start.offset === node.position?.start.offset && child.position?.end.offset === node.position?.end.offset)
        literalUrls.add(child);
    } else if (node.type === 'image' && String(node['alt'] ?? '').includes(marks.brace)) {
      // Alt text is prose to MDX (`![a{b}](c.png)` holds an expression), though the tree keeps it as a string.
      const i = braces(node)[0];
      if (i !== undefined) code.push(expression(i));
    }
    for (const field of STRING_FIELDS) {
      const value = node[field];
      if (typeof value === 'string' && any.test(value)) node[field] = back(value);
    }
    const attributes = node['attributes'] as Record<string, unknown>[] | undefined;
    if (attributes) {
      for (const a of attributes) {
        const value = a['value'];
        if (typeof value === 'string' && any.test(value)) a['value'] = back(value);
        const name = a['name'];
        if (typeof name === 'string' && any.test(name)) a['name'] = back(name);
      }
    }
  }
  // A `{` first on its line starts a flow expression that interrupts a paragraph, so MDX may read as code what the
  // masked parse kept inside a code span or a URL running across lines. Only a fenced code block is sure to hold it.
  for (const i of lineLeadingBraces(source, from)) {
    if (!codeBlocks.some(([start, end]) => i >= start && i < end)) code.push(expression(i));
  }
}

/** Unescaped `{` that are the first character of a line after indentation, `>` and list markers. */
function lineLeadingBraces(source: string, from: number): number[] {
  const found: number[] = [];
  const prefix = /(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t])))*[ \t]*/y;
  for (let start = from; start < source.length;) {
    prefix.lastIndex = start;
    prefix.exec(source);
    const i = prefix.lastIndex;
    if (source[i] === '{' && !isEscaped(source, i) && found.length < MAX_REPORTED) found.push(i);
    let end = i;
    while (end < source.length && source[end] !== '\n' && source[end] !== '\r') end++;
    if (end >= source.length) break;
    start = end + (source[end] === '\r' && source[end + 1] === '\n' ? 2 : 1);
  }
  return found;
}

/** The offset of the `}` that closes the `{` at `open`, stepping over string literals. */
function matchingBrace(source: string, open: number): number | undefined {
  let depth = 0;
  for (let i = open; i < source.length && i - open < MAX_EXPRESSION; i++) {
    const c = source[i];
    if (c === '"' || c === "'" || c === '`') {
      const close = source.indexOf(c, i + 1);
      if (close < 0) return undefined;
      i = close;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return undefined;
}

/** A `{…}` in a tag: what to report, and a blank of the same length that keeps the tag valid so the parse can go on. */
function tagExpression(source: string, open: number, lines: LineIndex): { code: MdxCode; end?: number; replacement: string } {
  const close = matchingBrace(source, open);
  const value = source.slice(open + 1, close ?? open + 1);
  const before = /([^\s=<>{}"'/]+)\s*=\s*$/.exec(source.slice(Math.max(0, open - 200), open));
  if (close === undefined)
    return { code: { kind: before ? 'attribute' : 'spread', point: lines.point(open), value, name: before?.[1] }, replacement: '' };
  const length = close + 1 - open;
  if (before) {
    // `name={x}` becomes `name="  "`: the attribute keeps its place; its value is not used.
    const point = lines.point(open - before[0].length);
    return { code: { kind: 'attribute', point, value, name: before[1] }, end: close + 1, replacement: `"${' '.repeat(length - 2)}"` };
  }
  return { code: { kind: 'spread', point: lines.point(open), value }, end: close + 1, replacement: ' '.repeat(length) };
}

type JsxNode = Node & { attributes?: (Node & { position?: Position })[] };

/**
 * The parser gives JSX attributes no position; rules report an attribute where it is written, so find each one in
 * the element's opening tag. Attributes come in source order and the tag is known to parse, so a scan suffices.
 */
function locateJsxAttributes(tree: Root, source: string, lines: LineIndex): void {
  for (const node of walk(tree) as Iterable<JsxNode>) {
    if ((node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') || !node.attributes?.length || !node.position) continue;
    let i = (node.position.start.offset ?? 0) + 1;
    i = skipSpace(source, i);
    while (i < source.length && !/[\s/>{]/.test(source[i]!)) i++;
    for (const attr of node.attributes) {
      i = skipSpace(source, i);
      const start = i;
      while (i < source.length && !/[\s=/>{]/.test(source[i]!)) i++;
      const afterName = skipSpace(source, i);
      if (source[afterName] === '=') {
        i = skipSpace(source, afterName + 1);
        const quote = source[i];
        if (quote === '"' || quote === "'") i = source.indexOf(quote, i + 1) + 1 || source.length;
      }
      attr.position = { start: { ...lines.point(start), offset: start }, end: { ...lines.point(i), offset: i } };
    }
  }
}

function skipSpace(source: string, i: number): number {
  while (i < source.length && /\s/.test(source[i]!)) i++;
  return i;
}

/** The parser's errors read `line:column: reason (source:rule)` and point at where the broken construct starts. */
function describeSyntaxError(error: unknown, lines: LineIndex): { point: Point; reason: string } {
  const text = String((error as { message?: unknown })?.message ?? error);
  const m = /^(\d+):(\d+): ([\s\S]*?)(?: \([\w-]+:[\w-]+\))?$/.exec(text);
  let point: Point = m ? { line: Number(m[1]), column: Number(m[2]) } : { line: 1, column: 1 };
  if (point.line > lines.lineCount) point = { line: lines.lineCount, column: 1 };
  return { point, reason: m ? m[3]! : text };
}
