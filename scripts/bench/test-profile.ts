/**
 * Where a test layer's CPU goes, per test file and per function:
 *
 *   npm run bench:tests                                  # the unit layer
 *   npm run bench:tests -- --project site --top 20
 *   npm run bench:tests -- --inclusive 're2js|findSecrets' --keep
 *
 * Runs `vitest run --project <layer>` with each test file profiled inside its worker (test/helpers/profile-test-file.ts;
 * `TEST_PROFILE_DIR`), then prints the time each test file kept its worker's thread busy (its imports included: the
 * first file of a worker pays for the modules the others share) and the functions with the most self time. The
 * profiler samples the thread, so a synchronous wait counts (a `spawnSync` shows as `spawn`, a `cpSync` as
 * `cpSyncCopyDir`), and the commands the tests start are not in it. Its own cost makes the run slower than a plain
 * one: compare files and functions, not totals. `--keep` leaves the profiles for Chrome's or VS Code's viewer.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { summarizeProfiles } from './profiles.ts';

const { values } = parseArgs({
  options: {
    project: { type: 'string', default: 'unit' },
    top: { type: 'string', default: '25' },
    inclusive: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const top = Number(values.top);
const dir = mkdtempSync(join(tmpdir(), 'pm-test-profile-'));
const vitest = join(import.meta.dirname, '../../node_modules/.bin/vitest');
const run = spawnSync(vitest, ['run', '--project', values.project], {
  stdio: 'inherit',
  env: { ...process.env, TEST_PROFILE_DIR: dir },
});
const summary = summarizeProfiles(dir, values.inclusive === undefined ? undefined : new RegExp(values.inclusive));
const table = (title: string, rows: [string, number][]) =>
  `\n| ${title} | busy (s) |\n|---|--:|\n${rows
    .slice(0, top)
    .map(([name, ms]) => `| ${name.replaceAll('|', '\\|')} | ${(ms / 1000).toFixed(2)} |`)
    .join('\n')}\n`;
const total = summary.profiles.reduce((sum, [, ms]) => sum + ms, 0);
process.stdout.write(
  `\nTime the ${values.project} layer's workers were busy: ${(total / 1000).toFixed(1)} s over ${summary.profiles.length} test files\n`,
);
process.stdout.write(table('test file (worker, pid, order)', summary.profiles));
process.stdout.write(table('function (self time)', summary.self));
if (values.inclusive !== undefined)
  process.stdout.write(table(`function matching /${values.inclusive}/ (with its callees)`, summary.inclusive));
if (values.keep) process.stdout.write(`\nprofiles kept in ${dir}\n`);
else rmSync(dir, { recursive: true, force: true });
process.exitCode = run.status ?? 1;
