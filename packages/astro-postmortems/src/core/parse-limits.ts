/**
 * Bounds on what the MDX parser is given, so checking one file takes bounded
 * time whatever its bytes.
 *
 * MDX parsers are linear on ordinary text but superlinear on a few shapes that
 * no postmortem needs. The parser used now (satteri, the one Astro renders
 * with; see parse-mdx.ts for why it never parses JavaScript here) is quadratic
 * in the number of JSX tags (`<b>` repeated over 128 kB takes 1–8 s; each open
 * one costs a scan of the text after it) and in a few long-paragraph shapes
 * (`[http://x.y` or `x_` repeated: 1–2 s at 128 kB, under 1 s at 64 kB), so
 * files are capped at 64 kB and 1,000 `<`. The JavaScript parser used before
 * (micromark) was quadratic on many list items or quotes nested inside other
 * containers, on containers nested hundreds of levels deep on one line, and on
 * long runs of emphasis or link closers (`*`, `_`, `]`) in one paragraph; those
 * limits stay, so the files refused do not depend on the parser.
 *
 * One linear pass over the lines measures those shapes, conservatively (it
 * does not know about code fences, so it may count more than the parser would
 * see, never less), and the file is refused with a clear message instead of
 * being parsed when a limit is exceeded. The limits are far above anything a
 * postmortem written by people contains.
 */

export const PARSE_LIMITS = {
  /** Characters in the file: about five times a long postmortem. */
  characters: 64 * 1024,
  /** Containers (list items, `>` quotes) open on one line; two columns of indentation count as one level. */
  depth: 16,
  /** Nesting in the whole file: for each line with a list item (or an indented quote) inside another container, its depth minus one, summed. */
  nesting: 1_000,
  /** For a block of lines that may be one paragraph: closers (`*`, `_`, `]`) times markup characters and lines. */
  paragraphWork: 10_000_000,
  /** The same, summed over the file. */
  inlineWork: 50_000_000,
  /** `<` characters after the frontmatter, code included: each may start a JSX tag. */
  angles: 1_000,
} as const;

export interface LimitProblem {
  /** Offset in the source of the place to report. */
  offset: number;
  message: string;
}

const n = (value: number) => value.toLocaleString('en-US');

const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAlnum(c: number): boolean {
  return isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** Characters that start inline constructs, i.e. become separate parser events. */
function isMarkup(c: number): boolean {
  // ! & * < > [ \ ] _ ` { }
  return (
    c === 0x21 ||
    c === 0x26 ||
    c === 0x2a ||
    c === 0x3c ||
    c === 0x3e ||
    c === 0x5b ||
    c === 0x5c ||
    c === 0x5d ||
    c === 0x5f ||
    c === 0x60 ||
    c === 0x7b ||
    c === 0x7d
  );
}

/** The first limit `source` exceeds, or `undefined`. `from` is where the body starts (after the frontmatter). */
export function checkParseLimits(source: string, from = 0): LimitProblem | undefined {
  const {
    characters,
    depth: maxDepth,
    nesting: maxNesting,
    paragraphWork: maxParagraph,
    inlineWork: maxWork,
    angles: maxAngles,
  } = PARSE_LIMITS;
  if (source.length > characters) {
    return {
      offset: characters,
      message: `Unexpected text beyond ${n(characters)} characters (the file has ${n(source.length)}), expected a postmortem of at most ${n(characters)} characters; move long logs and data into files beside the postmortem and link to them`,
    };
  }
  let nesting = 0;
  let angles = 0;
  let work = 0;
  let closers = 0;
  let markup = 0;
  let blockStart = from;
  const end = source.length;
  let i = from;
  while (i <= end) {
    const lineStart = i;
    // The container prefix: `>` and list markers, with the whitespace around them.
    let markers = 0;
    let listMarkers = 0;
    let whitespace = 0;
    /** A bullet (`-`, `*`, `+`) indented at most 3 columns, first on the line: it always ends the paragraph before it. */
    let bullet = false;
    for (;;) {
      let c = source.charCodeAt(i);
      while (c === SPACE || c === TAB) {
        whitespace += c === TAB ? 4 - (whitespace % 4) : 1;
        c = source.charCodeAt(++i);
      }
      if (c === 0x3e) {
        if (markers === 0 && whitespace > 0) listMarkers++; // an indented quote: inside a list item
        markers++;
        i++;
        continue;
      }
      let j = i;
      if (c === 0x2d || c === 0x2a || c === 0x2b) j = i + 1;
      else if (isDigit(c)) {
        while (isDigit(source.charCodeAt(j)) && j - i < 10) j++;
        const d = source.charCodeAt(j);
        j = j - i <= 9 && (d === 0x2e || d === 0x29) ? j + 1 : i;
      }
      const after = source.charCodeAt(j);
      if (j > i && (j >= end || after === SPACE || after === TAB || after === LF || after === CR)) {
        if (markers === 0 && whitespace <= 3 && j === i + 1) bullet = true;
        markers++;
        listMarkers++;
        i = j;
        continue;
      }
      break;
    }
    // A new list item starts a new paragraph: close the block before this line.
    if (bullet && i < end && source.charCodeAt(i) !== LF && source.charCodeAt(i) !== CR) {
      work += closers * markup;
      closers = 0;
      markup = 0;
      blockStart = lineStart;
    }
    // Inline markup on the rest of the line.
    let blank = true;
    for (; i < end; i++) {
      const c = source.charCodeAt(i);
      if (c === LF) break;
      if (c === CR) {
        if (source.charCodeAt(i + 1) === LF) i++;
        break;
      }
      if (c !== SPACE && c !== TAB) blank = false;
      if (c === 0x3c && ++angles > maxAngles) {
        return {
          offset: i,
          message: `Unexpected \`<\` number ${n(angles)}, expected at most ${n(maxAngles)} in a postmortem (parsing slows down with the square of their number); write a literal \`<\` as \`\\<\`, and move long code, markup or logs into a file beside the postmortem`,
        };
      }
      if (isMarkup(c)) {
        markup++;
        if (c === 0x2a || c === 0x5d || (c === 0x5f && !isAlnum(source.charCodeAt(i + 1)))) closers++;
      }
    }
    if (markers > 0) {
      // One space after each marker belongs to it; more indentation nests deeper.
      const depth = markers + Math.floor(Math.max(0, whitespace - markers) / 2);
      if (depth > maxDepth) {
        return {
          offset: lineStart,
          message: `Unexpected list or quote nested ${n(depth)} levels deep, expected at most ${maxDepth} (two spaces of indentation count as one level); flatten the list, or put indented text in a fenced code block`,
        };
      }
      // Lines of a quote (`> > text`) continue cheaply; list items, and quotes inside them, are what costs.
      if (depth >= 2 && listMarkers > 0) nesting += depth - 1;
      if (nesting > maxNesting) {
        return {
          offset: lineStart,
          message: `Unexpected nesting: more than ${n(maxNesting)} levels of nested list items and quotes in one file by this line, expected fewer; flatten the lists (a table or a flat list reads better), or split the postmortem`,
        };
      }
    }
    if (blank && markers === 0) {
      work += closers * markup;
      closers = 0;
      markup = 0;
      blockStart = i + 1;
    } else {
      markup++; // the line ending is an event too
    }
    if (closers * markup > maxParagraph || work + closers * markup > maxWork) {
      const alone = closers * markup > maxParagraph;
      return {
        offset: blockStart,
        message: alone
          ? `Unexpected paragraph with ${n(closers)} \`*\`, \`_\` or \`]\` among ${n(markup)} markup characters and lines, expected far fewer (parsing slows down with the square of their number); break it up with blank lines, or escape literal markers as \`\\*\``
          : `Unexpected amount of \`*\`, \`_\` and \`]\` in long paragraphs by this one, expected less in one file (parsing slows down with the square of their number per paragraph); break long paragraphs up with blank lines, or escape literal markers as \`\\*\``,
      };
    }
    i++;
  }
  return undefined;
}
