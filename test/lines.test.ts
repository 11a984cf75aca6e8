/** Offsets to line and column, as every message counts them. */
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../packages/astro-postmortems/src/core/utils/lines.ts';
import { checkRepository } from '../packages/astro-postmortems/src/core/repository.ts';
import { resolveConfig } from '../packages/astro-postmortems/src/core/config.ts';
import { makeRepository } from './rules/harness.ts';
import { PARSE_LIMITS } from '../packages/astro-postmortems/src/core/parse-limits.ts';

describe('LineIndex', () => {
  it('counts LF, CRLF and lone CR line endings, and puts an offset inside a CRLF on its CR', () => {
    const lines = new LineIndex('a\r\n\r\nb\rc');
    expect([0, 1, 2, 3, 4, 5, 6, 7, 8].map((o) => lines.point(o))).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 2 },
      { line: 1, column: 2 }, // the `\n` of `a\r\n` is the line ending's place, not a column past it
      { line: 2, column: 1 },
      { line: 2, column: 1 },
      { line: 3, column: 1 },
      { line: 3, column: 2 },
      { line: 4, column: 1 },
      { line: 4, column: 2 },
    ]);
  });

  it('a size limit that cuts a CRLF file between CR and LF points inside the file (found by the property test)', async () => {
    // Empty CRLF lines up to the limit; the odd-length head puts the limit's offset on the `\n` of a `\r\n`.
    const head = '---\r\ntitle: xy\r\n---\r\n';
    const text = head + '\r\n'.repeat(PARSE_LIMITS.characters / 2 + 10);
    expect(text[PARSE_LIMITS.characters]).toBe('\n');
    const root = await makeRepository({ 'postmortems/2025-01-01-huge.mdx': text });
    const { messages } = await checkRepository({ root, config: resolveConfig({}) });
    const limit = messages.find((m) => m.rule === 'mdx/syntax')!;
    expect(limit.column).toBe(1);
  });
});
