/**
 * `secrets/leak` measured against its catalogue's own samples (gitleaks' `tps`/`fps`; scripts/shared/secrets-samples.ts
 * says how): every false positive and, of every rule, four true positives spread over its list (first, a third, two
 * thirds, last), each in a fenced code block and in a prose sentence, held to the thresholds of the rule's docs.
 * `npm run bench:secrets` measures all 6,057 true positives the same way (10 s of CPU) for the figures the docs
 * quote; run it after `npm run secrets:update`.
 */
import { describe, expect, test } from 'vitest';
import { findSecrets } from '../../packages/astro-postmortems/src/core/rules/secrets-leak.ts';
import { GITLEAKS_KEYWORDS } from '../../packages/astro-postmortems/src/core/secrets/gitleaks/keywords.ts';
import { GITLEAKS } from '../../packages/astro-postmortems/src/core/secrets/gitleaks/rules.ts';
import { measure, PLACES, samples, TARGET } from '../../scripts/shared/secrets-samples.ts';
import { withBlock } from './postmortem.ts';

/** Four true positives of a rule, spread over its list (all of them when it has four or fewer). */
const spread = (tps: readonly string[]): string[] =>
  [...new Set([0, Math.floor(tps.length / 3), Math.floor((2 * tps.length) / 3), tps.length - 1])]
    .filter((i) => i >= 0 && i < tps.length)
    .map((i) => tps[i]!);

describe("secrets/leak against gitleaks' own samples", () => {
  test("the keyword list is every keyword of every applicable rule, and no rule runs without one (the writing page's use of it: secrets-prefilter.test.ts)", () => {
    const applicable = GITLEAKS.rules.filter((r) => !r.path);
    expect(GITLEAKS_KEYWORDS).toEqual([...new Set(applicable.flatMap((r) => r.keywords))].sort());
    expect(applicable.filter((r) => r.keywords.length === 0).map((r) => r.id)).toEqual([]);
  });

  test('the samples go with the vendored catalogue, name the commit of every file they come from, and cover all but a few rules', () => {
    expect(samples.source.catalogue.commit).toBe(GITLEAKS.source.commit);
    expect(samples.source.files['config/gitleaks.toml']).toBe(GITLEAKS.source.commit);
    for (const commit of Object.values(samples.source.files)) expect(commit).toMatch(/^[0-9a-f]{40}$/);
    expect(samples.source.licence.name).toBe('MIT');
    const ids = new Set(GITLEAKS.rules.map((r) => r.id));
    for (const id of Object.keys(samples.rules)) expect(ids).toContain(id);
    const without = [...samples.rulesWithoutSamples.noGenerator, ...samples.rulesWithoutSamples.noSamples];
    expect(Object.keys(samples.rules).length + without.length).toBe(GITLEAKS.rules.length);
    expect(without.length).toBeLessThanOrEqual(5);
  });

  test('a valid postmortem alone reports nothing', () => {
    expect(findSecrets(withBlock('The job log was clean.'))).toEqual([]);
  });

  test(
    'every false positive and four true positives of every rule: ≥ 95 % found and ≤ 5 % false alarms, in code blocks and in prose',
    { timeout: 300_000 },
    () => {
      const { figures, report } = measure(spread);
      console.log(report);
      // Both places are measured (the checks below hold for an empty list too).
      expect(Object.keys(figures)).toEqual(Object.keys(PLACES));
      // Every rule with samples is measured, and every false positive (but those another rule calls true).
      const truePositives = new Set(Object.values(samples.rules).flatMap((r) => r.tps));
      const falsePositives = Object.values(samples.rules).reduce((n, r) => n + r.fps.filter((fp) => !truePositives.has(fp)).length, 0);
      expect(falsePositives).toBeGreaterThan(300);
      for (const f of Object.values(figures)) {
        expect(f.tps).toBe(Object.values(samples.rules).reduce((n, r) => n + spread(r.tps).length, 0));
        expect(f.tps).toBeGreaterThanOrEqual(Object.keys(samples.rules).length);
        expect(f.fps).toBe(falsePositives);
      }
      for (const { recall, falseAlarms } of Object.values(figures)) {
        expect(recall).toBeGreaterThanOrEqual(TARGET.recall);
        expect(falseAlarms).toBeLessThanOrEqual(TARGET.falseAlarms);
      }
    },
  );

  test("the share of true positives: the first, a third, two thirds and the last of a rule's list", () => {
    expect(spread(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toEqual(['a', 'c', 'e', 'g']);
    expect(spread(['a'])).toEqual(['a']);
    expect(spread([])).toEqual([]);
  });
});
