/**
 * Regular expressions outside the rules, on the long hostile inputs that made
 * them quadratic (each took seconds to minutes on 100 kB before it was made
 * linear): the summary and plain-text helpers the site applies to every
 * postmortem body, word splitting for similar incidents, slugs. The rules'
 * own expressions are covered by the worst cases in `property.test.ts`.
 */
import { describe, expect, test } from 'vitest';
import { plainText, summaryFromBody } from '../../src/core/utils/incident.ts';
import { tokenize } from '../../src/core/utils/similarity.ts';
import { slugify } from '../../src/core/utils/text.ts';
import { HANG_GUARD_MS, timed } from './mutations.ts';

const N = 200_000;

const CASES: Record<string, () => unknown> = {
  'summary heading followed by spaces and a word': () => summaryFromBody(`## Executive Summary${' '.repeat(N)}x\n\nText.`),
  'plain text of `[` repeated': () => plainText('['.repeat(N)),
  'plain text of `![` repeated': () => plainText('!['.repeat(N / 2)),
  'plain text of `[a](` repeated': () => plainText('[a]('.repeat(N / 4)),
  'plain text of `<a` repeated': () => plainText('<a'.repeat(N / 2)),
  'words joined by a long run of hyphens': () => tokenize(`a${'-'.repeat(N)}b c${'_'.repeat(N)}`),
  'slug of a long run of punctuation': () => slugify(`a${'-!'.repeat(N / 2)}b`),
};

describe('helper regular expressions stay linear on hostile text', () => {
  test.each(Object.keys(CASES))('%s', (name) => {
    const { cpuMs } = timed(CASES[name]!);
    // A hang guard: linear takes milliseconds here, the old quadratic forms took minutes.
    expect(cpuMs).toBeLessThan(HANG_GUARD_MS);
  });

  test('the linear forms mean the same on ordinary text', () => {
    expect(summaryFromBody('## Executive Summary ##\n\nThe **cache** [rule](https://x.example) failed.\n\n## Next')).toBe('The cache rule failed.');
    expect(summaryFromBody('## executive   summary\nFirst line\nsecond line.\n')).toBe('First line second line.');
    expect(plainText('See ![chart](a.png) and [the ticket](https://t.example/1), <abbr title="x">SLO</abbr>.')).toBe('See chart and the ticket, SLO.');
    expect(tokenize('--cache-stampede__ after_key change')).toEqual(expect.arrayContaining(['cache-stampede', 'after_key']));
  });
});
