/**
 * `secrets/leak` measured against its catalogue's own samples: every true and false positive gitleaks' rules carry
 * (`tps`, `fps` in cmd/generate/config/rules/*.go, read by scripts/update-secret-rules.ts into
 * test/fixtures/gitleaks/samples.json, which names the commit each file was read at), each placed in a fenced code
 * block and in a prose sentence of a valid postmortem, and judged by the rule's own decision (`findSecrets`: the text
 * as written and as rendered, placeholders and documented examples excepted). A true positive counts as found when a
 * finding overlaps it; a false positive counts as a false alarm when one does. One measurement for the unit test
 * (test/security/secrets-catalogue.test.ts) and `npm run bench:secrets` (scripts/bench/secrets-catalogue.ts).
 */
import { readFileSync } from 'node:fs';
import { findSecrets } from '../../packages/astro-postmortems/src/core/rules/secrets-leak.ts';
import { withBlock } from './postmortem.ts';

export interface Samples {
  source: {
    repository: string;
    catalogue: { path: string; commit: string };
    files: Record<string, string>;
    licence: { name: string; text: string };
  };
  rulesWithoutSamples: { noGenerator: string[]; noSamples: string[] };
  rules: Record<string, { tps: string[]; fps: string[]; unknown: number }>;
}

export const samples = JSON.parse(readFileSync(new URL('../../test/fixtures/gitleaks/samples.json', import.meta.url), 'utf8')) as Samples;

export const PLACES: Record<string, (sample: string) => string> = {
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

export interface Figures {
  recall: number;
  falseAlarms: number;
  found: number;
  tps: number;
  alarms: number;
  fps: number;
}

/**
 * Recall and false alarms in each place, over the true positives `truePositives` keeps of each rule (all by
 * default) and every false positive. A sample that is a false positive of one rule and a true positive of another
 * (gitleaks labels them per rule) is left out of the false positives. Returns the figures and a printable report.
 */
export function measure(truePositives: (tps: readonly string[]) => readonly string[] = (tps) => tps): {
  figures: Record<string, Figures>;
  report: string;
} {
  const allTrue = new Set(Object.values(samples.rules).flatMap((r) => r.tps));
  const lines: string[] = [];
  const figures: Record<string, Figures> = {};
  const missedExamples: string[] = [];
  for (const [placeName, place] of Object.entries(PLACES)) {
    let tps = 0;
    let found = 0;
    let fps = 0;
    let alarms = 0;
    const missedByRule = new Map<string, number>();
    const alarmsByRule = new Map<string, number>();
    for (const [id, rule] of Object.entries(samples.rules)) {
      for (const tp of truePositives(rule.tps)) {
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
    figures[placeName] = { recall, falseAlarms, found, tps, alarms, fps };
    lines.push(
      `in ${placeName}: recall ${recall.toFixed(1)} % (${found} of ${tps} true positives), false alarms ${falseAlarms.toFixed(1)} % (${alarms} of ${fps} false positives)`,
      `  missed by rule: ${[...missedByRule].map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}`,
      `  false alarms by rule: ${[...alarmsByRule].map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}`,
    );
  }
  const report = `secrets/leak against gitleaks ${samples.source.catalogue.commit.slice(0, 12)}'s samples (${Object.keys(samples.rules).length} rules):\n${lines.join('\n')}\n  first misses: ${missedExamples.join('\n    ') || 'none'}`;
  return { figures, report };
}

/** The thresholds the rule's documentation promises, in either place. */
export const TARGET = { recall: 95, falseAlarms: 5 };
