import type { Rule } from '../rule.ts';
import { IGNORABLE, visibleText, type HiddenCharacter } from '../visible-text.ts';

/** Names of the characters people meet most; any other is named by its code point alone. */
const NAMES: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x034f: 'COMBINING GRAPHEME JOINER',
  0x061c: 'ARABIC LETTER MARK',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x3164: 'HANGUL FILLER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
};

const BIDI = /\p{Bidi_Control}/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
/** Letters of scripts that write with joiners (Arabic, Persian, the Indic scripts…): not Latin, Greek, Cyrillic or common punctuation. */
const JOINING_SCRIPT = /^(?![\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}])[\p{L}\p{M}]$/u;

const is = (re: RegExp, cp: number | undefined) => cp !== undefined && re.test(String.fromCodePoint(cp));

/**
 * Invisible characters that are part of what a reader sees rather than hidden in it: a variation selector after a
 * visible character (`⚠️`, `❤︎`), a joiner inside an emoji sequence (`👩‍💻`), an emoji flag's tag characters, and
 * the joiners of scripts that need them (Persian `می‌خواهم`, Devanagari conjuncts). Anything else, bidi controls above
 * all, is reported.
 */
function belongs(h: HiddenCharacter): boolean {
  const { codePoint: cp, before, after } = h;
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef))
    return before !== undefined && !is(IGNORABLE, before) && !/\s/.test(String.fromCodePoint(before));
  if (
    cp === 0x200d &&
    is(PICTOGRAPHIC, after) &&
    (is(PICTOGRAPHIC, before) ||
      (before !== undefined && ((before >= 0xfe00 && before <= 0xfe0f) || (before >= 0x1f3fb && before <= 0x1f3ff))))
  )
    return true;
  if (cp >= 0xe0020 && cp <= 0xe007f) return before !== undefined && (before === 0x1f3f4 || (before >= 0xe0020 && before <= 0xe007f));
  if ((cp === 0x200c || cp === 0x200d) && is(JOINING_SCRIPT, before) && is(JOINING_SCRIPT, after)) return true;
  return false;
}

function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

export const textInvisible: Rule = {
  id: 'text/invisible',
  level: 'error',
  description:
    'A bidirectional control or an invisible (default-ignorable) character in the text: it changes what a reader sees, or hides text from checks and searches.',
  docs: {
    meaning:
      'A bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) or a Unicode default-ignorable code point (zero-width spaces and joiners, U+2060–U+2064, soft hyphens, Hangul fillers, variation selectors and tags where they do not belong), in the frontmatter, the prose, code or a link, whether typed, written as a character reference (`&#x200E;`, `&zwnj;`) or as a YAML escape (`"\\u2063"`). A bidi override makes the page show text in another order than it is written, so a reviewer reads one thing and the site publishes another; an invisible character splits a word or a token so that checks (`secrets/leak`, `privacy/email`, the blameless rules) and search would miss it, which is why those rules read the text without them. Emoji (a variation selector, the joiners of `👩‍💻`, a flag’s tags) and the joiners of scripts that need them (Persian, the Indic scripts) are accepted.',
    fix: 'Delete the character (in most editors: move the cursor across the place and press Backspace once more than you see; `git diff` shows it as `<U+202E>`); if the text needs a right-to-left phrase, write it without direction controls.',
    trigger: 'a U+202E RIGHT-TO-LEFT OVERRIDE in a title, a zero-width space inside a word, `&#x2063;`',
    ok: [{ fixture: 'ok-emoji-and-scripts.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-bidi-override.mdx',
        message:
          'Unexpected bidirectional control U+202E (RIGHT-TO-LEFT OVERRIDE) in the frontmatter, expected none: it makes the page show the text around it in another order than it is written; delete it',
      },
    ],
  },
  check(ctx) {
    const { file } = ctx;
    const seen = new Set<number>();
    const report = (cp: number, offset: number, kind: string) => {
      if (seen.has(offset)) return;
      seen.add(offset);
      const name = NAMES[cp] ? ` (${NAMES[cp]})` : '';
      const where =
        kind === 'frontmatter'
          ? ' in the frontmatter'
          : kind === 'code'
            ? ' in code'
            : kind === 'attribute'
              ? ' in a link or an attribute'
              : '';
      ctx.report(
        file.lines.point(offset),
        BIDI.test(String.fromCodePoint(cp))
          ? `Unexpected bidirectional control ${hex(cp)}${name}${where}, expected none: it makes the page show the text around it in another order than it is written; delete it`
          : `Unexpected invisible character ${hex(cp)}${name}${where}, expected only characters a reader sees: it hides inside words, so checks and searches miss what the page shows; delete it`,
      );
    };
    const visible = visibleText(file);
    const hidden = visible.hidden().filter((h) => !belongs(h));
    hidden.sort((a, b) => a.offset - b.offset);
    for (const h of hidden) report(h.codePoint, h.offset, h.kind);
    // A direction control is reported wherever it is written, also where no reader's text comes from (a YAML comment or key).
    const BIDI_ALL = /\p{Bidi_Control}/gu;
    for (let m = BIDI_ALL.exec(file.source); m; m = BIDI_ALL.exec(file.source)) report(m[0].codePointAt(0)!, m.index, '');
  },
};
