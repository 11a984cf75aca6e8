/**
 * The display function for terminal and CI output (core/terminal-text.ts), checked against an independent reading
 * of what GitHub's runner and a terminal act on (helpers/ci-log.ts), on hand-picked attacks and on generated text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  displayBlock,
  displayJson,
  displayLine,
  displayLogger,
  displayText,
} from '../packages/astro-postmortems/src/core/terminal-text.ts';
import { ciLogProblems } from './helpers/ci-log.ts';
import { anyCodePoints } from '../scripts/shared/arbitraries.ts';

/** Values a postmortem, a file name or an imported document can carry into a message. */
const HOSTILE_TEXT = [
  'title\n::notice title=pwned::from a title',
  'title\r::error::after a carriage return',
  'title\r\n::add-mask::hunter2',
  '::stop-commands::token',
  '  ::warning::indented',
  '\u00a0\u3000::warning::after Unicode spaces',
  '\u00ad::notice::after a soft hyphen',
  ':\u200b:notice::zero-width space between the colons',
  '\ufeff::notice::after a byte-order mark',
  'text ##[warning]legacy command in the middle',
  'text #\u00ad#[error]legacy command with a soft hyphen',
  'text #\u200b#\u200d[set-output name=x;]y',
  'colour \u001b[31mred\u001b[0m and a title \u001b]0;owned\u0007 and a link \u001b]8;;https://evil.example\u001b\\x\u001b]8;;\u001b\\',
  '8-bit CSI \u009b31m and NEL \u0085 and DEL \u007f',
  'separators \u2028 line \u2029 paragraph',
  'bidi \u202eevil\u202c \u2066isolate\u2069 \u200emark \u061c',
  'tab\there and vertical\u000btab and form\u000cfeed and NUL\u0000',
  'lone surrogate \ud800 here',
];

describe('displayText', () => {
  it('leaves ordinary text as it is: accents, scripts, emoji with joiners and variation selectors, backslashes, Markdown', () => {
    const ordinary = 'Checkout p99 — café, 日本語, עברית, ❤️, 👨‍👩‍👧, `code` \\* C:\\path, 10:30 UTC, a::b, #1 ## [x]';
    expect(displayText(ordinary)).toBe(ordinary);
  });

  it('shows every control, separator and bidi control as an escape, on one line', () => {
    for (const value of HOSTILE_TEXT) {
      const shown = displayText(value);
      expect(ciLogProblems(shown), JSON.stringify(value)).toEqual([]);
      expect(shown.split(/\r\n|\r|\n/)).toHaveLength(1);
    }
    expect(displayText('a\nb\rc\td\u001be\u202ef\u2028g')).toBe('a\\nb\\rc\\td\\u{1b}e\\u{202e}f\\u{2028}g');
    expect(displayText('x\ud800y')).toBe('x\\u{d800}y');
  });

  it('breaks a workflow command at the start and the legacy one anywhere, and nothing else of the text', () => {
    expect(displayText('::notice::x')).toBe('\\u{3a}:notice::x');
    expect(displayText('  ::notice::x')).toBe('  \\u{3a}:notice::x');
    expect(displayText('\u00ad::notice::x')).toBe('\u00ad\\u{3a}:notice::x');
    expect(displayText('a ##[warning]b')).toBe('a ##\\u{5b}warning]b');
    expect(displayText('a #\u200b#[warning]b')).toBe('a #\u200b#\\u{5b}warning]b');
    expect(displayText('a ::notice::b')).toBe('a ::notice::b');
  });

  it('is idempotent and never lets a line break, control or command through, for any text', () => {
    fc.assert(
      fc.property(anyCodePoints({ maxLength: 80 }), (value) => {
        const shown = displayText(value);
        expect(displayText(shown)).toBe(shown);
        expect(ciLogProblems(shown)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
    // Text built from the dangerous pieces themselves, so the generator meets them often.
    const piece = fc.constantFrom(':', '#', '[', ' ', '\u00ad', '\u200b', '\n', '\r', '\u2028', '\u001b', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        expect(ciLogProblems(displayText(pieces.join('')))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('displayLine', () => {
  it('keeps the literal words, line breaks included, and shows every value', () => {
    const path = 'postmortems/x\n::error::y.mdx';
    expect(displayLine`could not read ${path} (${'EACCES'})`).toBe('could not read postmortems/x\\n::error::y.mdx (EACCES)');
    expect(displayLine`${'::x::'} first`).toBe('\\u{3a}:x:: first');
  });
});

describe('displayBlock, the last guard on a whole output', () => {
  it('keeps its own line breaks and colours, and escapes what a forgotten value would bring', () => {
    const colour = '\u001b[31merror\u001b[39m';
    expect(displayBlock(`one\n${colour} two\n  three`, { colour: true })).toBe(`one\n${colour} two\n  three`);
    // Not on a terminal (CI), colour is never written, so no escape sequence is kept.
    expect(displayBlock(colour)).toBe('\\u{1b}[31merror\\u{1b}[39m');
    expect(displayBlock('a\r::error::b\n::warning::c\n##[add-mask]d')).toBe('a\\r::error::b\n\\u{3a}:warning::c\n##\\u{5b}add-mask]d');
  });

  it('keeps workflow commands only when the caller built them', () => {
    expect(displayBlock('::error file=a.mdx,line=1,col=1,title=x::m\nsummary', { workflowCommands: true })).toBe(
      '::error file=a.mdx,line=1,col=1,title=x::m\nsummary',
    );
    expect(ciLogProblems(displayBlock(HOSTILE_TEXT.join('\n')))).toEqual([]);
  });
});

describe('displayJson', () => {
  it('decodes to the same value and holds nothing a log or terminal acts on', () => {
    const value = { messages: HOSTILE_TEXT.map((message, i) => ({ file: `postmortems/${i}.mdx`, message })), list: [1, [2, '##[x]']] };
    for (const indent of [undefined, 2]) {
      const text = displayJson(value, indent);
      expect(JSON.parse(text)).toEqual(value);
      expect(ciLogProblems(text)).toEqual([]);
    }
    fc.assert(
      fc.property(fc.jsonValue(), anyCodePoints(), (json, s) => {
        const text = displayJson({ json, s });
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify({ json, s })));
        expect(ciLogProblems(text)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });
});

describe('displayLogger', () => {
  it('writes each message as one shown line', () => {
    const lines: string[] = [];
    const log = displayLogger({
      info: (m) => lines.push(`info ${m}`),
      warn: (m) => lines.push(`warn ${m}`),
      error: (m) => lines.push(`error ${m}`),
    });
    log.warn('postmortems/a.mdx:1:1  Unexpected title\n::error::x');
    log.error('\u001b[2J');
    expect(lines).toEqual(['warn postmortems/a.mdx:1:1  Unexpected title\\n::error::x', 'error \\u{1b}[2J']);
  });
});
