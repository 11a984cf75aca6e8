/**
 * What the reader sees: one text per postmortem, built from the parsed file
 * (the same MDX tree and YAML data the rules and the renderer use), that knows
 * where each of its characters is written.
 *
 * - Every string of the frontmatter (keys aside), as YAML decodes it: `\x5f`,
 *   `\u005F`, an escaped line break, `''` in single quotes, folded lines.
 * - The body's text, joined across the inline elements the page joins:
 *   emphasis, strong, deletion, links, inline code, and elements that render
 *   nothing between two halves of a word (`3N<mark></mark>f8`). Markdown
 *   escapes and character references are decoded (the parser's text values).
 *   Code blocks, and the values a page carries in attributes (link targets and
 *   titles, image descriptions, literal element attributes) follow as runs of
 *   their own. Blocks are separated by a line break, so nothing is joined
 *   across them.
 * - Unicode default-ignorable code points and bidirectional controls are
 *   removed (zero-width spaces and joiners, U+2063, soft hyphens, variation
 *   selectors, tags, U+200E/U+202E/U+2066…): a reader does not see them, and a
 *   check must not either. Each removed character is kept, with where it is
 *   written, for `text/invisible`.
 *
 * `offsetAt(i)` is the source offset of `text[i]`: the escape, reference or
 * YAML escape it came from. It is worked out per run, on first use (only a
 * finding asks), by walking the decoded value beside its source: linear, and
 * bounded per character.
 */
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import { decodeNumericCharacterReference } from 'micromark-util-decode-numeric-character-reference';
import type { ParsedFile } from './parse.ts';

/** Characters a reader does not see: Unicode's default-ignorable code points and the bidirectional controls. */
export const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/u;
const IGNORABLE_ALL = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu;

/** `value` with every ignorable character removed. */
export function withoutIgnorable(value: string): string {
  return IGNORABLE.test(value) ? value.replace(IGNORABLE_ALL, '') : value;
}

/** `code`: inline code, code blocks; `attribute`: a link target, an image description, an element's attribute. */
export type VisibleKind = 'frontmatter' | 'prose' | 'code' | 'attribute' | 'break';

export interface VisibleRun {
  /** Offset of the run in `text`, and its length there. */
  at: number;
  length: number;
  kind: VisibleKind;
  /** For frontmatter strings: the value's path (`['actionItems', 0, 'title']`). */
  path?: readonly (string | number)[];
}

/** A character removed from the reader's text, and where it is written. */
export interface HiddenCharacter {
  codePoint: number;
  offset: number;
  kind: VisibleKind;
  /** The code points just before and after it in its value (`undefined` at an end), to tell an emoji's joiner from a hidden one. */
  before: number | undefined;
  after: number | undefined;
}

export interface VisibleText {
  text: string;
  runs: readonly VisibleRun[];
  /** The source offset of `text[i]` (`i === text.length`: the end of the last run). */
  offsetAt(i: number): number;
  /** The run `text[i]` belongs to. */
  runAt(i: number): VisibleRun;
  /** Every removed ignorable character, in text order. */
  hidden(): HiddenCharacter[];
}

/** How one unit of source text decodes: its text and how many source characters it spans. */
type Decoder = (source: string, at: number, end: number) => { text: string; width: number } | undefined;

/** A character reference as CommonMark reads it: the `;` is required; at most 6 hex or 7 decimal digits, or a name. */
const REFERENCE = /&(?:#[xX]([0-9A-Fa-f]{1,6})|#([0-9]{1,7})|([A-Za-z][A-Za-z0-9]{0,31}));/y;

/** Markdown's escapes (`\` before ASCII punctuation) and character references (`&#95;`, `&lowbar;`, `&#x5F;`). */
export const decodeMarkdown: Decoder = (source, at) => {
  const c = source[at];
  if (c === '\\') {
    const next = source[at + 1];
    return next !== undefined && /^[!-/:-@[-`{-~]$/.test(next) ? { text: next, width: 2 } : undefined;
  }
  if (c !== '&') return undefined;
  REFERENCE.lastIndex = at;
  const ref = REFERENCE.exec(source);
  if (!ref) return undefined;
  const decoded =
    ref[1] !== undefined
      ? decodeNumericCharacterReference(ref[1], 16)
      : ref[2] !== undefined
        ? decodeNumericCharacterReference(ref[2], 10)
        : decodeNamedCharacterReference(ref[3]!);
  return decoded === false ? undefined : { text: decoded, width: ref[0].length };
};

const YAML_ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/** YAML double-quoted escapes: `\x5f`, `\u005F`, `\U0001F600`, `\n`…; an escaped line break joins lines (spans the break and the next line's indentation). */
const decodeYamlDouble: Decoder = (source, at, end) => {
  if (source[at] !== '\\') return undefined;
  const next = source[at + 1];
  if (next === undefined) return undefined;
  const hex = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
  if (hex) {
    const digits = source.slice(at + 2, at + 2 + hex);
    if (!/^[0-9A-Fa-f]+$/.test(digits) || digits.length !== hex) return undefined;
    const cp = Number.parseInt(digits, 16);
    return cp <= 0x10ffff ? { text: String.fromCodePoint(cp), width: 2 + hex } : undefined;
  }
  if (next === '\n' || next === '\r') {
    let j = at + 1;
    while (j < end && /[\r\n \t]/.test(source[j]!)) j++;
    return { text: '', width: j - at };
  }
  const text = YAML_ESCAPES[next];
  return text === undefined ? undefined : { text, width: 2 };
};

const decodeYamlSingle: Decoder = (source, at) => (source[at] === "'" && source[at + 1] === "'" ? { text: "'", width: 2 } : undefined);

/** How far ahead of the last matched source character a value's next character is looked for (indentation, `> `, fences). */
const LOOK_AHEAD = 64;

/**
 * Where each character of `value` (decoded from `source[start, end)`) is written. Most values are written as they
 * read: no map to build. Else the map is built when first asked, the two walked side by side, the source decoding one
 * unit at a time (`decode`) and skipping what did not become text (indentation, block-quote markers, a fence's info
 * string); a rendered typographic quote, dash or ellipsis (`typographic`) matches the ASCII it came from. A character
 * found nowhere near maps to where the walk is. O(value length × `LOOK_AHEAD`), once.
 */
function lazyMap(
  value: string,
  source: string,
  start: number,
  end: number,
  decode: Decoder | undefined,
  typographic: boolean,
): (i: number) => number {
  if (end - start === value.length && source.startsWith(value, start)) return (i) => start + i;
  let built: Int32Array | undefined;
  return (i) => (built ??= align())[i] ?? start;

  function align(): Int32Array {
    const map = new Int32Array(value.length);
    let j = start;
    let v = 0;
    while (v < value.length) {
      let found = -1;
      let width = 0;
      let length = 0;
      for (let k = j, steps = 0; k < end && steps < LOOK_AHEAD; steps++) {
        const unit = decode?.(source, k, end);
        const text = unit ? unit.text : source[k]!;
        const w = unit ? unit.width : 1;
        if (text === '' && unit) {
          // An escaped line break in YAML: nothing to match, step over it.
          k += w;
          continue;
        }
        if (value.startsWith(text, v)) {
          found = k;
          width = w;
          length = text.length;
          break;
        }
        const t = typographic && !unit ? typographicWidth(value[v]!, source, k) : 0;
        if (t) {
          found = k;
          width = t;
          length = 1;
          break;
        }
        k += w;
      }
      if (found < 0) {
        map[v] = Math.max(start, Math.min(j, end - 1));
        v++;
        continue;
      }
      for (let n = 0; n < length; n++) map[v + n] = found;
      v += length;
      j = found + width;
    }
    return map;
  }
}

/** How many ASCII characters at `source[k]` smart punctuation turned into `rendered` (0: none). */
function typographicWidth(rendered: string, source: string, k: number): number {
  const c = source[k];
  if (rendered === '\u2019' || rendered === '\u2018') return c === "'" ? 1 : 0;
  if (rendered === '\u201C' || rendered === '\u201D') return c === '"' ? 1 : 0;
  if (rendered === '\u2026') return source.startsWith('...', k) ? 3 : 0;
  if (rendered === '\u2013' || rendered === '\u2014') {
    if (c !== '-') return 0;
    let n = 1;
    while (n < 3 && source[k + n] === '-') n++;
    return n;
  }
  return 0;
}

/** A run while the text is built: its value before ignorable characters were removed, and how to find its source. */
interface Pending extends VisibleRun {
  value: string;
  /** Indices in `value` of the characters kept in `text` (absent: all of them). */
  kept?: number[];
  /** Indices in `value` of removed ignorable characters (first UTF-16 unit). */
  removed?: number[];
  /** The source offset of `value[i]`. */
  source: (i: number) => number;
}

type AnyNode = {
  type: string;
  value?: unknown;
  children?: AnyNode[];
  position?: { start: { offset?: number }; end: { offset?: number } };
  [key: string]: unknown;
};

/** Elements of a paragraph: their text joins the text around them. */
const INLINE = new Set([
  'text',
  'emphasis',
  'strong',
  'delete',
  'link',
  'linkReference',
  'inlineCode',
  'break',
  'mdxJsxTextElement',
  'footnoteReference',
  'image',
  'imageReference',
]);

class TextBuilder {
  readonly runs: Pending[] = [];
  readonly parts: string[] = [];
  length = 0;
  /** Whether the last run ends a block (so the next block starts on a line of its own). */
  #open = false;

  push(value: string, kind: VisibleKind, source: (i: number) => number, path?: readonly (string | number)[]): void {
    if (!value) return;
    let text = value;
    let kept: number[] | undefined;
    let removed: number[] | undefined;
    if (IGNORABLE.test(value)) {
      kept = [];
      removed = [];
      IGNORABLE_ALL.lastIndex = 0;
      let from = 0;
      for (let m = IGNORABLE_ALL.exec(value); m; m = IGNORABLE_ALL.exec(value)) {
        for (let i = from; i < m.index; i++) kept.push(i);
        removed.push(m.index);
        from = m.index + m[0].length;
      }
      for (let i = from; i < value.length; i++) kept.push(i);
      text = value.replace(IGNORABLE_ALL, '');
    }
    const run: Pending = {
      at: this.length,
      length: text.length,
      kind,
      value,
      source,
      ...(kept && removed ? { kept, removed } : {}),
      ...(path ? { path } : {}),
    };
    this.runs.push(run);
    this.parts.push(text);
    this.length += text.length;
    if (kind !== 'break') this.#open = true;
  }

  /** Ends the current block: a line break, so no pattern joins two blocks. */
  endBlock(at: number): void {
    if (!this.#open) return;
    this.#open = false;
    this.push('\n', 'break', () => at);
  }
}

function offsetsOf(node: AnyNode): { start: number; end: number } | undefined {
  const s = node.position?.start.offset;
  const e = node.position?.end.offset;
  return s !== undefined && e !== undefined ? { start: s, end: e } : undefined;
}

function frontmatterRuns(file: ParsedFile, b: TextBuilder): void {
  const fm = file.frontmatter;
  const data = fm.data;
  if (!fm.present || !data || typeof data !== 'object') return;
  const source = file.source;
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: data, path: [] }];
  // Strings in document order: children pushed in reverse.
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      // Where the scalar is written needs the YAML parsed with positions: paid for once, when a finding asks.
      const resolve = (): ((i: number) => number) => {
        const scalar = fm.scalar(path);
        if (!scalar) {
          const at = file.lines.offset(fm.locate(path));
          return () => at;
        }
        let { start } = scalar;
        const { end, style } = scalar;
        if (style === 'BLOCK_LITERAL' || style === 'BLOCK_FOLDED') start = Math.min(end, source.indexOf('\n', start) + 1 || end);
        else if (style !== 'PLAIN') start++;
        return lazyMap(
          value,
          source,
          start,
          end,
          style === 'QUOTE_DOUBLE' ? decodeYamlDouble : style === 'QUOTE_SINGLE' ? decodeYamlSingle : undefined,
          false,
        );
      };
      let map: ((i: number) => number) | undefined;
      b.push(value, 'frontmatter', (i) => (map ??= resolve())(i), path);
      b.endBlock(0);
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i]![1], path: [...path, entries[i]![0]] });
    }
  }
}

function bodyRuns(file: ParsedFile, b: TextBuilder): void {
  const tree = file.tree as AnyNode | null;
  if (!tree) return;
  const source = file.source;
  const deferred: { value: string; map: (i: number) => number }[] = [];
  const attribute = (value: unknown, node: AnyNode) => {
    if (typeof value !== 'string' || !value) return;
    const range = offsetsOf(node);
    const start = range?.start ?? 0;
    // Written as it reads (most link targets and attributes): each character at its place; otherwise (escaped,
    // encoded) at the element's start.
    const at = range ? source.indexOf(value, start) : -1;
    const exact = at >= 0 && range !== undefined && at + value.length <= range.end;
    deferred.push({ value, map: exact ? (i) => at + i : () => start });
  };
  const flush = (at: number) => {
    b.endBlock(at);
    for (const d of deferred.splice(0)) {
      b.push(d.value, 'attribute', d.map);
      b.endBlock(at);
    }
  };
  type Entry = AnyNode | { end: number };
  const stack: Entry[] = [tree];
  while (stack.length) {
    const entry = stack.pop()!;
    if (!('type' in entry)) {
      flush(entry.end);
      continue;
    }
    const node = entry;
    const range = offsetsOf(node);
    switch (node.type) {
      case 'text':
        if (typeof node.value === 'string')
          b.push(node.value, 'prose', range ? lazyMap(node.value, source, range.start, range.end, decodeMarkdown, true) : () => 0);
        continue;
      case 'inlineCode':
        if (typeof node.value === 'string')
          b.push(node.value, 'code', range ? lazyMap(node.value, source, range.start, range.end, undefined, false) : () => 0);
        continue;
      case 'code': {
        flush(range?.start ?? 0);
        if (typeof node.value === 'string' && range) {
          // A fenced block's text starts on the line after its fence (whose info string is not shown).
          const fenced = /^[ \t]*(?:`{3,}|~{3,})/.test(source.slice(range.start, range.start + 40));
          const from = fenced ? Math.min(range.end, source.indexOf('\n', range.start) + 1 || range.end) : range.start;
          b.push(node.value, 'code', lazyMap(node.value, source, from, range.end, undefined, false));
        }
        flush(range?.end ?? 0);
        continue;
      }
      case 'break':
        b.push('\n', 'break', () => range?.start ?? 0);
        continue;
      case 'image':
        attribute(node['alt'], node);
        attribute(node['url'], node);
        attribute(node['title'], node);
        continue;
      case 'link':
      case 'definition':
        attribute(node['url'], node);
        attribute(node['title'], node);
        break;
      case 'imageReference':
        attribute(node['alt'], node);
        continue;
      case 'html':
      case 'mdxjsEsm':
      case 'mdxFlowExpression':
      case 'mdxTextExpression':
        // Raw markup and JavaScript are refused by their own rules; they are never shown as text.
        continue;
      case 'mdxJsxTextElement':
      case 'mdxJsxFlowElement':
        for (const a of (node['attributes'] as { type: string; value?: unknown }[] | undefined) ?? [])
          if (a.type === 'mdxJsxAttribute') attribute(a.value, node);
        break;
      default:
        break;
    }
    const children = node.children;
    if (!children) continue;
    const block = !INLINE.has(node.type);
    if (block) {
      flush(range?.start ?? 0);
      stack.push({ end: range?.end ?? 0 });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  flush(source.length);
}

const memo = new WeakMap<ParsedFile, VisibleText>();

/** The reader's text of `file`: its frontmatter's strings, then its body (see the module's comment). Built once per parsed file. */
export function visibleText(file: ParsedFile): VisibleText {
  const known = memo.get(file);
  if (known) return known;
  const b = new TextBuilder();
  frontmatterRuns(file, b);
  bodyRuns(file, b);
  const runs = b.runs;
  const text = b.parts.join('');
  const runAt = (i: number): Pending => {
    let lo = 0;
    let hi = runs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runs[mid]!.at <= i) lo = mid;
      else hi = mid - 1;
    }
    return runs[lo]!;
  };
  const result: VisibleText = {
    text,
    runs,
    runAt,
    offsetAt(i) {
      if (!runs.length) return 0;
      if (i >= text.length) {
        const last = runs.at(-1)!;
        return last.source(Math.max(0, last.value.length - 1)) + 1;
      }
      const run = runAt(i);
      const k = i - run.at;
      return run.source(run.kept ? (run.kept[k] ?? run.value.length - 1) : k);
    },
    hidden() {
      const out: HiddenCharacter[] = [];
      for (const run of runs) {
        for (const i of run.removed ?? []) {
          const low = i > 1 && /[\uDC00-\uDFFF]/.test(run.value[i - 1]!);
          const before = i > 0 ? run.value.codePointAt(i - (low ? 2 : 1)) : undefined;
          const cp = run.value.codePointAt(i)!;
          const next = i + (cp > 0xffff ? 2 : 1);
          out.push({
            codePoint: cp,
            offset: run.source(i),
            kind: run.kind,
            before,
            after: next < run.value.length ? run.value.codePointAt(next) : undefined,
          });
        }
      }
      return out;
    },
  };
  memo.set(file, result);
  return result;
}

/**
 * Matches found in the reader's text that a scan of the source did not already report at the same place: each with
 * the source offsets of its first character and of its end. `covered` holds the source findings' `[start, end)`.
 */
export function visibleOnly<T extends { index: number; length: number }>(
  visible: VisibleText,
  found: readonly T[],
  covered: readonly (readonly [number, number])[],
): (T & { offset: number })[] {
  const out: (T & { offset: number })[] = [];
  for (const f of found) {
    const offset = visible.offsetAt(f.index);
    if (covered.some(([from, to]) => offset >= from && offset < Math.max(to, from + 1))) continue;
    if (out.some((o) => o.offset === offset)) continue;
    out.push({ ...f, offset });
  }
  return out;
}

/**
 * What `find` finds in the file as written, and in the text a reader gets (`visibleText`) where the source's scan found
 * nothing at that place, sorted by offset in the source: the rules that look for a value wherever a reader could see it
 * (credentials, addresses) scan both. `place` gives a finding's `[start, end)` in the text searched, and `at`, the
 * character to report it at.
 */
export function foundAsWrittenAndRead<T>(
  file: ParsedFile,
  find: (text: string) => readonly T[],
  place: (found: T) => { at: number; start: number; end: number },
): { found: T; offset: number }[] {
  const written = find(file.source);
  const visible = visibleText(file);
  const read = visibleOnly(
    visible,
    find(visible.text).map((found) => {
      const { at, end } = place(found);
      return { index: at, length: end - at, found };
    }),
    written.map((found) => {
      const { start, end } = place(found);
      return [start, end] as const;
    }),
  );
  return [...written.map((found) => ({ found, offset: place(found).at })), ...read].sort((a, b) => a.offset - b.offset);
}
