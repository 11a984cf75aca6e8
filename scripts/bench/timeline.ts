/**
 * `npm run bench:timeline [-- --runs R] [--out file.json]`
 *
 * Issue 24's target for `postmortems timeline`: the 500-message Slack channel of
 * INC-2231 (test/fixtures/timeline/) becomes a reviewable timeline of at most 40
 * entries in under 2 s. Measures the whole command as a user runs it (a fresh
 * Node process running the installed package's compiled `postmortems` binary:
 * start-up, module loading, reading, writing), median of R runs:
 *
 *   (1) the Slack export alone, printed (the target);
 *   (2) Slack and PagerDuty inserted into a copy of a postmortem (each run on a fresh copy).
 *
 * Wall time, CPU time of the process tree and its peak RSS, as scripts/bench/cli.ts measures them.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { median, runMeasured, type Measured } from './measure.ts';
import { BIN, CLI, ROOT } from './sites.ts';

const FIXTURES = join(ROOT, 'test/fixtures/timeline');
const TARGET = { entries: 40, wallMs: 2000 };

interface Case {
  name: string;
  args: string[];
  /** Prepares a fresh working folder for one run. */
  setup?: (dir: string) => void;
}

const CASES: Case[] = [
  {
    name: '(1) 500-message Slack channel, printed',
    args: [join(FIXTURES, 'slack-inc-2231'), '--zone', 'America/New_York', '--format', 'json'],
  },
  {
    name: '(2) Slack + PagerDuty inserted into a postmortem',
    args: [
      join(FIXTURES, 'slack-inc-2231'),
      join(FIXTURES, 'pagerduty-log-entries.json'),
      '--into',
      'postmortems/2026-11-01-label-batch-ran-twice.mdx',
      '--format',
      'json',
    ],
    setup: (dir) => {
      mkdirSync(join(dir, 'postmortems'), { recursive: true });
      copyFileSync(join(FIXTURES, '2026-11-01-label-batch-ran-twice.mdx'), join(dir, 'postmortems/2026-11-01-label-batch-ran-twice.mdx'));
    },
  },
];

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, out: { type: 'string' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`bench:timeline: --runs expects a positive whole number, got \`${values.runs}\`\n`);
  process.exit(2);
}

const node = join(BIN, 'node');
const results = [];
for (const c of CASES) {
  const measured: Measured[] = [];
  let entries = 0;
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-timeline-'));
    try {
      c.setup?.(dir);
      const m = await runMeasured(node, [CLI, 'timeline', ...c.args], { cwd: dir, env: process.env });
      if (m.code !== 0) throw new Error(`${c.name} exited ${m.code}:\n${m.output.slice(0, 2000)}`);
      entries = (JSON.parse(m.output) as { entries: unknown[] }).entries.length;
      measured.push(m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const wall = median(measured.map((m) => m.wallMs));
  const cpu = measured.every((m) => m.cpuMs !== null) ? median(measured.map((m) => m.cpuMs!)) : null;
  const rss = measured.every((m) => m.peakRssBytes !== null) ? median(measured.map((m) => m.peakRssBytes!)) : null;
  results.push({
    case: c.name,
    runs,
    entries,
    wallMs: Math.round(wall),
    cpuMs: cpu === null ? null : Math.round(cpu),
    peakRssMb: rss === null ? null : Math.round(rss / 1024 / 1024),
    walls: measured.map((m) => Math.round(m.wallMs)),
  });
}

const first = results[0]!;
const targets = [
  { target: `(1) at most ${TARGET.entries} entries`, value: String(first.entries), held: first.entries <= TARGET.entries },
  {
    target: `(1) under ${TARGET.wallMs / 1000} s (median wall time)`,
    value: `${(first.wallMs / 1000).toFixed(2)} s`,
    held: first.wallMs < TARGET.wallMs,
  },
];
const lines = [
  '| case | entries | wall (median) | CPU | peak RSS | all runs (ms) |',
  '|---|---|---|---|---|---|',
  ...results.map(
    (r) =>
      `| ${r.case} | ${r.entries} | ${(r.wallMs / 1000).toFixed(2)} s | ${r.cpuMs === null ? '–' : `${(r.cpuMs / 1000).toFixed(2)} s`} | ${r.peakRssMb ?? '–'} MB | ${r.walls.join(', ')} |`,
  ),
  '',
  ...targets.map((t) => `${t.held ? 'held' : 'NOT HELD'}: ${t.target}: ${t.value}`),
];
process.stdout.write(`${lines.join('\n')}\n`);
const out = values.out ?? join(ROOT, '.bench/timeline.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), results, targets }, null, 2)}\n`);
process.exitCode = targets.every((t) => t.held) ? 0 : 1;
