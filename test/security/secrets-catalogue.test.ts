/**
 * `secrets/leak` measured against its catalogue's own samples: every true and false positive gitleaks' rules
 * carry (`tps`, `fps` in cmd/generate/config/rules/*.go, read by scripts/update-secret-rules.ts into
 * test/fixtures/gitleaks/samples.json, which names the commit each file was read at), each placed in a fenced code block and in a
 * prose sentence of a valid postmortem, and judged by the rule's own decision (`findSecrets` of the rule
 * module: the text as written and as rendered, placeholders and documented examples excepted).
 *
 * A true positive counts as found when a finding overlaps it; a false positive counts as a false alarm when
 * one does. A sample listed as a false positive of one rule and a true positive of another (gitleaks' rules
 * label them per rule) is left out of the false positives. The figures are printed and go in the rule's docs.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { findSecrets } from '../../packages/astro-postmortems/src/core/rules/secrets-leak.ts';
import { GITLEAKS_KEYWORDS } from '../../packages/astro-postmortems/src/core/secrets/gitleaks/keywords.ts';
import { GITLEAKS } from '../../packages/astro-postmortems/src/core/secrets/gitleaks/rules.ts';
import { secretKeywordIn } from '../../packages/astro-postmortems/src/core/secrets/secret-catalogue.ts';
import { withBlock } from './postmortem.ts';

interface Samples {
  source: { repository: string; catalogue: { path: string; commit: string }; files: Record<string, string>; licence: { name: string; text: string } };
  rulesWithoutSamples: { noGenerator: string[]; noSamples: string[] };
  rules: Record<string, { tps: string[]; fps: string[]; unknown: number }>;
}
const samples = JSON.parse(readFileSync(new URL('../fixtures/gitleaks/samples.json', import.meta.url), 'utf8')) as Samples;

const PLACES: Record<string, (sample: string) => string> = {
  'a fenced code block': (s) => `\`\`\`\n${s}\n\`\`\``,
  'a prose sentence': (s) => `The deploy job printed ${s} in its log before anyone noticed.`,
};

/** Whether the rule reports anything overlapping `sample` once it is placed in a valid postmortem. */
function reported(sample: string, place: (s: string) => string): boolean {
  const block = place(sample);
  const text = withBlock(block);
  const from = text.indexOf(block) + block.indexOf(sample);
  const to = from + sample.length;
  return findSecrets(text).some((f) => f.start < to && f.end > from);
}

describe('secrets/leak against gitleaks\' own samples', () => {
  test('the keyword list the writing page fetches the catalogue by is every keyword of every applicable rule, and no rule runs without one', () => {
    const applicable = GITLEAKS.rules.filter((r) => !r.path);
    expect(GITLEAKS_KEYWORDS).toEqual([...new Set(applicable.flatMap((r) => r.keywords))].sort());
    expect(applicable.filter((r) => r.keywords.length === 0).map((r) => r.id)).toEqual([]);
    expect(secretKeywordIn('The deploy job printed GHP_abc in its log.')).toBe(true);
    expect(secretKeywordIn('The cache expired at noon and the checkout service returned errors')).toBe(false);
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

  test('≥ 95 % of true positives found and ≤ 5 % of false positives reported, in code blocks and in prose', { timeout: 300_000 }, () => {
    const allTrue = new Set(Object.values(samples.rules).flatMap((r) => r.tps));
    const lines: string[] = [];
    const figures: Record<string, { recall: number; falseAlarms: number }> = {};
    let missedExamples: string[] = [];
    for (const [placeName, place] of Object.entries(PLACES)) {
      let tps = 0;
      let found = 0;
      let fps = 0;
      let alarms = 0;
      const missedByRule = new Map<string, number>();
      const alarmsByRule = new Map<string, number>();
      for (const [id, rule] of Object.entries(samples.rules)) {
        for (const tp of rule.tps) {
          tps++;
          if (reported(tp, place)) found++;
          else {
            missedByRule.set(id, (missedByRule.get(id) ?? 0) + 1);
            if (missedExamples.length < 12) missedExamples.push(`${id}: ${JSON.stringify(tp.slice(0, 100))}`);
          }
        }
        for (const fp of rule.fps) {
          if (allTrue.has(fp)) continue;
          fps++;
          if (reported(fp, place)) {
            alarms++;
            alarmsByRule.set(id, (alarmsByRule.get(id) ?? 0) + 1);
          }
        }
      }
      const recall = (100 * found) / tps;
      const falseAlarms = (100 * alarms) / fps;
      figures[placeName] = { recall, falseAlarms };
      lines.push(
        `in ${placeName}: recall ${recall.toFixed(1)} % (${found} of ${tps} true positives), false alarms ${falseAlarms.toFixed(1)} % (${alarms} of ${fps} false positives)`,
        `  missed by rule: ${[...missedByRule].map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}`,
        `  false alarms by rule: ${[...alarmsByRule].map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}`,
      );
    }
    console.log(`secrets/leak against gitleaks ${samples.source.catalogue.commit.slice(0, 12)}'s samples (${Object.keys(samples.rules).length} rules):\n${lines.join('\n')}\n  first misses: ${missedExamples.join('\n    ') || 'none'}`);
    missedExamples = [];
    for (const { recall, falseAlarms } of Object.values(figures)) {
      expect(recall).toBeGreaterThanOrEqual(95);
      expect(falseAlarms).toBeLessThanOrEqual(5);
    }
  });
});
