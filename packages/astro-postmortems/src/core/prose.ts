/**
 * The author's own prose, as a reader gets it, in sentences that know where
 * each of their characters is written: what the blameless rules read.
 *
 * A block is a paragraph, a heading or a table cell (list items hold
 * paragraphs). Its text is the rendered text of its inline content: Markdown
 * escapes and character references resolved (the parser's text values),
 * typographic quotes as rendered, invisible characters (soft hyphens,
 * zero-width spaces and joiners) removed, inline code as a neutral `code`
 * word, line breaks as spaces. Quoted words are someone's words kept as
 * evidence, not the author's: block quotes and text inside quotation marks
 * are left out (the latter by `sentencesOf`, which blanks it).
 *
 * One pass over the tree; a block's text is joined from its text nodes, and
 * where a character is written is worked out only when a finding asks
 * (`offsetAt`), so the cost for the many blocks with nothing to report is a
 * string join.
 */
import type { Root } from 'mdast';
import type { Node } from 'unist';
import { IGNORABLE, withoutIgnorable } from './visible-text.ts';

export interface ProseText {
  text: string;
  /** Where `text[i]` is written in the source. */
  offsetAt(i: number): number;
}

export interface Sentence extends ProseText {
  /** Offset in the source of the sentence's first character. */
  start: number;
}

/** Characters that do not render (Unicode's default-ignorable code points and bidi controls), as `visible-text.ts` defines them. */
const INVISIBLE = IGNORABLE;
const LINE_BREAKS = /[\n\r\t]/g;

/** Source characters a rendered character may stand for: typographic quotes and dashes come from ASCII ones. */
function sameAsWritten(rendered: string, written: string): boolean {
  if (rendered === written) return true;
  if (rendered === '\u2019' || rendered === '\u2018') return written === "'";
  if (rendered === '\u201C' || rendered === '\u201D') return written === '"';
  if (rendered === '\u2013' || rendered === '\u2014') return written === '-';
  if (rendered === '\u2026') return written === '.';
  return false;
}

/** A run of a block's text from one node, and how to find where each of its characters is written. */
interface Segment {
  /** Offset of the run in the block's text. */
  at: number;
  map: (i: number) => number;
}

class Builder {
  parts: string[] = [];
  segments: Segment[] = [];
  length = 0;
  push(value: string, map: (i: number) => number): void {
    let text = value;
    let at = map;
    if (INVISIBLE.test(value)) {
      // Rare: keep the index of each character that stays.
      const kept: number[] = [];
      for (let i = 0; i < value.length; i++) {
        const cp = value.codePointAt(i)!;
        const width = cp > 0xffff ? 2 : 1;
        if (!INVISIBLE.test(String.fromCodePoint(cp))) for (let k = 0; k < width; k++) kept.push(i + k);
        i += width - 1;
      }
      text = withoutIgnorable(value);
      at = (i) => map(kept[i] ?? value.length - 1);
    }
    if (!text) return;
    this.parts.push(text.replace(LINE_BREAKS, ' '));
    this.segments.push({ at: this.length, map: at });
    this.length += text.length;
  }
  done(): ProseText | undefined {
    if (!this.length) return undefined;
    const segments = this.segments;
    return {
      text: this.parts.join(''),
      offsetAt(i: number): number {
        let lo = 0;
        let hi = segments.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (segments[mid]!.at <= i) lo = mid;
          else hi = mid - 1;
        }
        const s = segments[lo]!;
        return s.map(i - s.at);
      },
    };
  }
}

/**
 * Where each character of a text node's value is written: the value is the source with escapes and references
 * resolved and punctuation made typographic, so the two are walked side by side, the source skipping what did not
 * render (`\`, `&…;`, the extra `-` of `---`), never more than a few characters at a time. Built on first use.
 */
function align(value: string, source: string, start: number, end: number): (i: number) => number {
  if (end - start === value.length && source.startsWith(value, start)) return (i) => start + i;
  let map: Int32Array | undefined;
  return (i) => {
    if (!map) {
      map = new Int32Array(value.length);
      let j = start;
      for (let v = 0; v < value.length; v++) {
        const c = value[v]!;
        let k = j;
        while (k < end && k - j < 12 && !sameAsWritten(c, source[k]!)) k++;
        if (k < end && k - j < 12) {
          map[v] = k;
          j = k + 1;
          // `--`/`---` render as one dash, `...` as one ellipsis.
          if ((c === '\u2013' || c === '\u2014') && source[j] === '-') while (j < end && source[j] === '-') j++;
          if (c === '\u2026') while (j < end && source[j] === '.') j++;
        } else {
          map[v] = Math.min(j, Math.max(start, end - 1));
        }
      }
    }
    return map[i] ?? start;
  };
}

type AnyNode = Node & { value?: unknown; children?: AnyNode[] };

/** Blocks of prose in document order (paragraphs, headings, table cells), skipping code, quotes and raw markup. */
export function proseBlocks(tree: Root, source: string): ProseText[] {
  const blocks: ProseText[] = [];
  const inline = (node: AnyNode, out: Builder) => {
    const stack: AnyNode[] = [node];
    while (stack.length) {
      const n = stack.pop()!;
      const p = n.position;
      // A tree built without positions (from HTML, in tests) maps every character to the start.
      if (n.type === 'text' && typeof n.value === 'string') {
        out.push(
          n.value,
          p?.start.offset !== undefined && p.end.offset !== undefined ? align(n.value, source, p.start.offset, p.end.offset) : () => 0,
        );
      } else if (n.type === 'inlineCode') {
        const at = p?.start.offset ?? 0;
        out.push('code', () => at);
      } else if (n.type === 'break') {
        const at = p?.start.offset ?? 0;
        out.push(' ', () => at);
      } else if (n.children) {
        // Emphasis, links, deletions and allowed inline elements (`<abbr>`, `<kbd>`…) are read for their text.
        for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
      }
    }
  };
  const stack: AnyNode[] = [tree as AnyNode];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
      const b = new Builder();
      inline(node, b);
      const block = b.done();
      if (block) blocks.push(block);
      continue;
    }
    // Someone's words quoted as evidence, code and raw markup are not the author's prose.
    if (
      node.type === 'blockquote' ||
      node.type === 'code' ||
      node.type === 'html' ||
      node.type === 'mdxjsEsm' ||
      node.type === 'mdxFlowExpression'
    )
      continue;
    const children = node.children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return blocks;
}

/** A value from the frontmatter (title, summary, a factor's description): every character reported at `at`. */
export function proseValue(value: string, at: number): ProseText | undefined {
  const b = new Builder();
  b.push(value, () => at);
  return b.done();
}

/** Abbreviations whose full stop ends no sentence. */
const ABBREVIATION = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|cf|approx|incl|Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|No|[A-Z])\.$/;

/** Longest run of words analysed as one sentence: a longer one is cut at its next clause boundary, or hard at 80. */
const MAX_WORDS = 60;

/**
 * The sentences of a block, with quoted words blanked (spaces of the same length, so offsets stay) and sentences
 * over `MAX_WORDS` words cut into pieces. Linear: one pass over the text.
 */
export function sentencesOf(block: ProseText): Sentence[] {
  const text = blankQuotes(block.text);
  const out: Sentence[] = [];
  let from = 0;
  let words = 0;
  let inWord = false;
  const emit = (to: number) => {
    let a = from;
    while (a < to && text[a] === ' ') a++;
    let b = to;
    while (b > a && text[b - 1] === ' ') b--;
    if (b > a) {
      const shift = a;
      out.push({
        text: text.slice(a, b),
        offsetAt: (i) => block.offsetAt(shift + i),
        get start() {
          return block.offsetAt(shift);
        },
      });
    }
    from = to;
    words = 0;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const space = c === ' ';
    if (!space && !inWord) words++;
    inWord = !space;
    if ((c === '.' || c === '!' || c === '?' || c === '\u2026') && (i + 1 === text.length || text[i + 1] === ' ')) {
      if (c === '.' && ABBREVIATION.test(text.slice(Math.max(from, i - 8), i + 1))) continue;
      emit(i + 1);
    } else if (
      words >= MAX_WORDS &&
      space &&
      (text[i - 1] === ',' || text[i - 1] === ';' || text[i - 1] === ':' || words >= MAX_WORDS + 20)
    ) {
      emit(i);
    }
  }
  emit(text.length);
  return out;
}

/** Text between quotation marks (typographic or straight double quotes) replaced by spaces: someone else's words. */
function blankQuotes(text: string): string {
  if (!/["\u201C\u201D]/.test(text)) return text;
  let out = '';
  let last = 0;
  // Each attempt stops at the next quotation mark of either kind, so the scan stays linear on unclosed quotes.
  const re = /\u201C[^\u201C\u201D]{0,2000}\u201D|"[^"]{0,2000}"/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out += text.slice(last, m.index) + ' '.repeat(m[0].length);
    last = m.index + m[0].length;
  }
  return out + text.slice(last);
}
