/**
 * The reader's text (`core/visible-text.ts`): every character of it traced back to where it is written, on random
 * bodies built from what makes the page differ from the source (escapes, references, emphasis, inline code,
 * elements that render nothing, invisible characters, smart punctuation); and its extraction linear on 64 KB of
 * each hostile shape, under the CPU-time hang guards `property.test.ts` uses (no wall clock).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parsePostmortem } from '../../packages/astro-postmortems/src/core/parse.ts';
import { visibleText } from '../../packages/astro-postmortems/src/core/visible-text.ts';
import { timed, WORST_CASE_GUARD_MS } from './mutations.ts';
import { validPostmortem, withBlock } from './postmortem.ts';

const PATH = 'postmortems/2025-06-10-visible.mdx';

/** Pieces whose rendered text differs from their source; letters and digits are only ever written as themselves. */
const PIECES = [
  'ab',
  'Q9',
  ' ',
  '&#95;',
  '&amp;',
  '\\_',
  '\\*',
  '*x*',
  '**y**',
  '~~z~~',
  '`c d`',
  '\u200B',
  '\u2063',
  '&#x200E;',
  "'",
  '"',
  '---',
  '--',
  '...',
  '<mark></mark>',
  '<kbd>k</kbd>',
  '[l](https://example.com/p)',
  '\n',
];

describe('every character of the reader’s text maps to where it is written', () => {
  test('a letter or digit maps to that same letter or digit in the source', () => {
    // Documents that do not parse have no reader's text and prove nothing: most must parse (all 150 did on 2026-12-06).
    let parsed = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 60 }), (pieces) => {
        const block = `Start ${pieces.join('')} end.`.replace(/\n+/g, '\n');
        const file = parsePostmortem(PATH, withBlock(block));
        if (!file.tree) return;
        parsed++;
        const visible = visibleText(file);
        for (let i = 0; i < visible.text.length; i++) {
          const c = visible.text[i]!;
          const kind = visible.runAt(i).kind;
          if (!/[A-Za-z0-9]/.test(c) || (kind !== 'prose' && kind !== 'code')) continue;
          const offset = visible.offsetAt(i);
          expect(file.source[offset], `${JSON.stringify(block)} [${i}] ${c}`).toBe(c);
        }
      }),
      { numRuns: 150 },
    );
    expect(parsed).toBeGreaterThan(75);
  });

  test('frontmatter strings: YAML escapes and an escaped line break map to the escape, plain letters to themselves', () => {
    const text = validPostmortem().replace(/^title: .*$/m, 'title: "A\\x5fB\\u005FC \\\n  DE"');
    const file = parsePostmortem(PATH, text);
    const visible = visibleText(file);
    const at = (s: string) => file.source.slice(visible.offsetAt(visible.text.indexOf(s)));
    expect(visible.text.startsWith('A_B_C DE\n')).toBe(true);
    expect(at('_B')).toMatch(/^\\x5fB/);
    expect(at('_C')).toMatch(/^\\u005FC/);
    expect(at('DE')).toMatch(/^DE"/);
  });
});

/**
 * About 60 KB of `piece` in the body of a valid postmortem (with the rest, just under the 64 KB parse limit), in
 * paragraphs of about 2,000 characters, as the parse limits allow markup-dense paragraphs (`parse-limits.ts`).
 */
const body = (piece: string) => {
  const paragraph = piece.repeat(Math.ceil(2_000 / piece.length));
  return withBlock(Array.from({ length: 30 }, () => paragraph).join('\n\n'));
};
const title = (value: string) => validPostmortem().replace(/^title: .*$/m, `title: "${value.repeat(Math.ceil(60_000 / value.length))}"`);

const SHAPES: Record<string, string> = {
  'character references': body('&#95;'),
  // (`\_` counts towards the parse limit on emphasis markers, `\#` does not.)
  escapes: body('\\#\\!'),
  'smart punctuation (quotes, dashes, ellipses)': body(`'"--- ...`),
  'emphasis around one character': body('a*b*'),
  // At most 1,000 `<` in a file (`parse-limits.ts`): 450 elements between runs of text.
  'elements that render nothing': withBlock(`${'x<mark></mark>'}${'y'.repeat(120)}`.repeat(450)),
  'invisible characters between letters': body('a\u200B\u2063'),
  'references to invisible characters': body('a&#x200E;'),
  'inline code': body('`a` '),
  'YAML hex escapes in the title': title('\\x5f'),
  'YAML escaped line breaks in the title': title('ab\\\n  '),
};

describe('the reader’s text of a 64 KB file stays linear', () => {
  test.each(Object.keys(SHAPES))('%s', (name) => {
    const text = SHAPES[name]!;
    const file = parsePostmortem(PATH, text);
    const { cpuMs, result } = timed(() => {
      const visible = visibleText(file);
      // Every character traced back (the alignment is built for every run), and every hidden one found.
      let last = 0;
      for (let i = 0; i < visible.text.length; i++) last = visible.offsetAt(i);
      return { length: visible.text.length, last, hidden: visible.hidden().length };
    });
    // A parse refused by a limit would make this test prove nothing.
    expect(file.syntaxError, name).toBeNull();
    expect(text.length).toBeGreaterThan(55_000);
    expect(result.length).toBeGreaterThan(5_000);
    expect(result.last).toBeLessThanOrEqual(text.length);
    // A hang guard with headroom for a busy machine: quadratic work on 64 KB takes seconds to minutes.
    expect(cpuMs).toBeLessThan(WORST_CASE_GUARD_MS);
  });
});
