/**
 * `npm run bench:secrets`: `secrets/leak` against every true and false positive of its catalogue's own samples
 * (gitleaks' `tps`/`fps`, test/fixtures/gitleaks/samples.json), each in a fenced code block and in a prose sentence
 * of a valid postmortem: the figures docs/rules.md quotes. About 13,000 checks (10 s of CPU); the unit test
 * (test/security/secrets-catalogue.test.ts) runs the same measurement on every false positive and a fixed share of
 * every rule's true positives, with the same thresholds. Run both after `npm run secrets:update`.
 */
import { measure, TARGET } from '../shared/secrets-samples.ts';

const started = process.cpuUsage();
const { figures, report } = measure();
const cpu = process.cpuUsage(started);
process.stdout.write(`${report}\n(${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU)\n`);
const missed = Object.entries(figures).filter(([, f]) => f.recall < TARGET.recall || f.falseAlarms > TARGET.falseAlarms);
if (missed.length) {
  process.stderr.write(
    `below target (recall ≥ ${TARGET.recall} %, false alarms ≤ ${TARGET.falseAlarms} %) in ${missed.map(([p]) => p).join(', ')}\n`,
  );
  process.exitCode = 1;
}
