/**
 * Every regular-expression literal of the engine is either safe by recheck's analysis or kept for a reason a person
 * wrote (scripts/shared/regex-audit.ts says why recheck; `npm run audit:regex` rewrites test/security/regex-audit.json).
 * A literal added or changed since the audit is analysed here, so a pattern that backtracks badly fails this test
 * before it ships, whatever hostile input its author thought of.
 */
import { describe, expect, it } from 'vitest';
import { builtPatterns, engineLiterals, readAudit, verdict } from '../../scripts/shared/regex-audit.ts';

const found = engineLiterals();
const literals = [...found, ...(await builtPatterns())];
const audit = readAudit();
const known = new Set([...audit.safe, ...audit.reviewed.map((r) => r.regex)]);

describe("the engine's regular expressions", () => {
  it('are found in the source: every literal, in every layer, `.astro` frontmatter included', () => {
    expect(found.length).toBeGreaterThan(500);
    // (remark/ has none: its one pattern is core/urls.ts's `withoutTrailingSlashes`.)
    expect(new Set(found.map((l) => l.file.split('/')[0]))).toEqual(
      new Set(['cli', 'components', 'core', 'import', 'integration', 'lib', 'server', 'timeline']),
    );
    expect(found.filter((l) => l.file.endsWith('.astro')).length).toBeGreaterThan(0);
    // And the two patterns built from the engine's own strings.
    expect(literals.length - found.length).toBe(2);
  });

  it('kept though recheck finds them vulnerable only with a reason, and the audit names no pattern the source lost', () => {
    expect(audit.reviewed.filter((r) => r.reason.trim().length < 40).map((r) => r.regex)).toEqual([]);
    const inSource = new Set(literals.map((l) => l.regex));
    expect([...known].filter((regex) => !inSource.has(regex))).toEqual([]);
  });

  it('added or changed since the audit are safe by recheck (else fix the pattern, or run `npm run audit:regex` and give the reason)', async () => {
    const fresh = [...new Map(literals.filter((l) => !known.has(l.regex)).map((l) => [l.regex, l])).values()];
    const found: string[] = [];
    for (const l of fresh) {
      const v = await verdict(l.regex);
      if (v.status !== 'safe') found.push(`${l.file}:${l.line} ${l.regex} is ${v.status} (${v.complexity}: ${v.attack})`);
    }
    expect(found).toEqual([]);
  });

  it('are judged by a checker that tells a backtracking pattern from its linear form', async () => {
    // Two patterns this audit found and fixed: displayText's guard on U+FEFF runs (exponential) and a Timeline entry's
    // offset after its time (quadratic), before and after.
    expect(await verdict('/^((?:\\s|\\p{Default_Ignorable_Code_Point})*):(?=\\p{Default_Ignorable_Code_Point}*:)/u')).toMatchObject({
      status: 'vulnerable',
      complexity: 'exponential',
    });
    expect(await verdict('/^([\\s\\p{Default_Ignorable_Code_Point}]*):(?=\\p{Default_Ignorable_Code_Point}*:)/u')).toEqual({
      status: 'safe',
    });
    expect(await verdict('/^\\d{1,2}:\\d{2}(?:\\s*\\(?\\s*(?:UTC|GMT))?/')).toMatchObject({
      status: 'vulnerable',
      complexity: 'polynomial',
    });
    expect(await verdict('/^\\d{1,2}:\\d{2}(?:\\s*(?:\\(\\s*)?(?:UTC|GMT))?/')).toEqual({ status: 'safe' });
  });
});
