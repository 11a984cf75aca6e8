/**
 * `npm run bench -- --count N [--runs R] [--stages a,b,c,d] [--dev] [--out file.json]`
 * `npm run bench -- --report results.json…` prints the README table from saved results.
 *
 * Generates N postmortems in a temporary folder and measures, on the same files
 * and the same Astro: (a) `check` of all files, (b) `check` of one file, (c) the
 * real site's build (validation, every page, Pagefind), (d) a bare Astro build
 * of the MDX pages alone. Prints a table and writes the same as JSON.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { measureDevEdit, type DevResult } from './dev.ts';
import { clearCaches, createBenchSites, type BenchSites } from './sites.ts';
import { folderSize, median, runMeasured, type Measured } from './measure.ts';
import { estimateTransfer, measureTransfer, type TransferReport } from './search-transfer.ts';
import { BIN, CLI, ROOT, toolEnv } from './sites.ts';
import { ID_PATTERN } from '../../packages/astro-postmortems/src/core/paths.ts';

export const STAGES = {
  a: 'check, all files',
  b: 'check, one file',
  c: 'full build (validation, all pages, Pagefind)',
  d: 'bare build (MDX pages only)',
  e: 'full build, validation off',
  f: 'check, all files, every rule off',
} as const;
export type Stage = keyof typeof STAGES;

export interface BenchOptions {
  count: number;
  runs: number;
  stages: Stage[];
  dev: boolean;
  transfer: boolean;
  seed: number;
  out: string;
  keep: boolean;
}

export type Parsed = { kind: 'help' } | { kind: 'report'; files: string[] } | { kind: 'bench'; options: BenchOptions };

export const HELP = `Usage: npm run bench -- --count N [options]
       npm run bench -- --report <results.json>...

Generates N realistic postmortems in a temporary folder and measures, with the
same Astro on the same files:
  (a) check of all files      (b) check of one file
  (c) the full site build     (d) a bare Astro build of the MDX pages alone
  (e) the full site build with validation off (what validation adds: (c)/(e))
  (f) check of all files with every rule off (reading, parsing, the schema and
      the render step: what a check costs before any rule; not run by default)
Prints a table (median wall time, peak RSS of the process tree, dist size,
search index size) and writes the same as JSON.

Options:
  --count N        postmortems to generate (default 100)
  --runs R         runs of each stage; medians are reported (default 3)
  --stages LIST    comma-separated subset of a,b,c,d,e,f (default a,b,c,d,e)
  --dev            also time an edit in \`astro dev\` until the page shows it
  --no-transfer    skip the browser measurement of one search query's transfer
  --seed S         generator seed (default 1)
  --out FILE       JSON output (default .bench/bench-N.json)
  --keep           keep the temporary projects and print where they are
  --report         print the Markdown results table of the given JSON files
  -h, --help       show this help`;

export class UsageError extends Error {}

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new UsageError(`--${name} expects a positive whole number, got \`${value}\``);
  return Number(value);
}

export function parseBenchArgs(argv: readonly string[], cwd = process.cwd()): Parsed {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        count: { type: 'string' },
        runs: { type: 'string' },
        stages: { type: 'string' },
        dev: { type: 'boolean', default: false },
        'no-transfer': { type: 'boolean', default: false },
        seed: { type: 'string' },
        out: { type: 'string' },
        keep: { type: 'boolean', default: false },
        report: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.report) {
    if (!positionals.length) throw new UsageError('--report expects one or more JSON files written by the bench');
    return { kind: 'report', files: positionals.map((p) => resolve(cwd, p)) };
  }
  if (positionals.length) throw new UsageError(`unexpected argument \`${positionals[0]}\``);
  const count = positiveInt('count', values.count, 100);
  const stages = (values.stages ?? 'a,b,c,d,e')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const s of stages) if (!(s in STAGES)) throw new UsageError(`--stages: unknown stage \`${s}\`, expected a subset of a,b,c,d,e,f`);
  return {
    kind: 'bench',
    options: {
      count,
      runs: positiveInt('runs', values.runs, 3),
      stages: [...new Set(stages)].sort() as Stage[],
      dev: values.dev,
      transfer: !values['no-transfer'],
      seed: positiveInt('seed', values.seed, 1),
      out: resolve(cwd, values.out ?? join(ROOT, `.bench/bench-${count}.json`)),
      keep: values.keep,
    },
  };
}

export interface RunRecord {
  wallMs: number;
  /** CPU time of the process tree (user + system); steadier than wall time on a busy machine. */
  cpuMs: number | null;
  peakRssBytes: number | null;
  distBytes?: number;
  indexBytes?: number;
  pages?: number;
  /** 1-minute load average when the run started. */
  load: number;
}

export interface StageResult {
  stage: Stage;
  title: string;
  runs: RunRecord[];
  median: { wallMs: number; cpuMs: number | null; peakRssBytes: number | null; distBytes?: number; indexBytes?: number };
}

export interface TargetCheck {
  target: string;
  value: string;
  held: boolean;
  /** Whether the target is stated for this N (others are shown for information). */
  applies: boolean;
}

export interface BenchResult {
  version: 1;
  count: number;
  seed: number;
  runs: number;
  date: string;
  machine: { cpus: number; cpuModel: string; memoryBytes: number; node: string; astro: string; mdx: string; pagefind: string };
  load: { start: number[]; end: number[] };
  generated: { files: number; words: number; bytes: number };
  stages: StageResult[];
  dev?: DevResult & { medianEditMs: number };
  search?: TransferReport;
  /** (c) / (d), by median wall time and by median CPU time. */
  ratio?: { fullOverBare: number; fullOverBareCpu: number | null };
  /** (c) / (e): the build with validation against the same build without it. */
  validation?: { withOverWithout: number; withOverWithoutCpu: number | null };
  targets: TargetCheck[];
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Postmortem pages in a build: `dist/postmortems/<id>/index.html` (list pages `postmortems/2/`… and `filters/` are not). */
function countPages(dist: string): number {
  const dir = join(dist, 'postmortems');
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).filter((name) => ID_PATTERN.test(name) && existsSync(join(dir, name, 'index.html'))).length;
}

export interface BenchIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

async function stageRun(stage: Stage, sites: BenchSites, oneFile: string): Promise<{ measured: Measured; record: RunRecord }> {
  const load = loadavg()[0]!;
  const node = join(BIN, 'node');
  let measured: Measured;
  if (stage === 'a' || stage === 'b' || stage === 'f') {
    const args = [CLI, 'check', '--format', 'json', ...(stage === 'b' ? [oneFile] : [])];
    measured = await runMeasured(node, args, { cwd: stage === 'f' ? sites.rulesOff() : sites.full, env: toolEnv() });
    if (measured.code !== 0) throw new Error(`check failed (exit ${measured.code}):\n${measured.output.slice(0, 4000)}`);
    const files = (JSON.parse(measured.output) as { files: number }).files;
    const expected = stage === 'b' ? 1 : sites.files.length;
    if (files !== expected) throw new Error(`check looked at ${files} files, expected ${expected}`);
    return { measured, record: { wallMs: measured.wallMs, cpuMs: measured.cpuMs, peakRssBytes: measured.peakRssBytes, load } };
  }
  // (e) is (c) with the rules switched off (the bench's own copy of the site): what validation adds to the same build.
  const dir = stage === 'd' ? sites.bare : stage === 'e' ? sites.unchecked : sites.full;
  clearCaches(dir);
  // The full site builds as `npm run build` does (the site, then its search index in a second process); the bare
  // project is a plain `astro build`.
  measured =
    stage === 'd'
      ? await runMeasured(join(BIN, 'astro'), ['build'], { cwd: dir, env: toolEnv() })
      : await runMeasured(node, [CLI, 'build'], { cwd: dir, env: toolEnv() });
  if (measured.code !== 0)
    throw new Error(
      `astro build of the ${stage === 'd' ? 'bare' : 'full'} site failed (exit ${measured.code}):\n${measured.output.slice(-6000)}`,
    );
  const dist = join(dir, 'dist');
  const pages = countPages(dist);
  if (pages !== sites.files.length)
    throw new Error(`the ${stage === 'd' ? 'bare' : 'full'} build made ${pages} postmortem pages, expected ${sites.files.length}`);
  return {
    measured,
    record: {
      wallMs: measured.wallMs,
      cpuMs: measured.cpuMs,
      peakRssBytes: measured.peakRssBytes,
      distBytes: folderSize(dist),
      indexBytes: folderSize(join(dist, 'pagefind')),
      pages,
      load,
    },
  };
}

const SEARCH_QUERIES = ['timeout', 'checkout latency', 'replication lag failover'];

export async function runBench(options: BenchOptions, io: BenchIo): Promise<BenchResult> {
  const loadStart = loadavg();
  io.stderr(`bench: generating ${options.count} postmortems (seed ${options.seed})…`);
  const sites = createBenchSites(options.count, options.seed);
  if (options.keep) io.stderr(`bench: full site ${sites.full}, bare site ${sites.bare}`);
  try {
    const one = sites.files[Math.floor(sites.files.length / 2)]!;
    const records = new Map<Stage, RunRecord[]>(options.stages.map((s) => [s, []]));
    // Stages alternate within each round, so a change in the machine's load touches all of them alike.
    for (let round = 1; round <= options.runs; round++) {
      for (const stage of options.stages) {
        const { record } = await stageRun(stage, sites, one.path);
        records.get(stage)!.push(record);
        io.stderr(
          `bench: run ${round}/${options.runs} (${stage}) ${STAGES[stage]}: ${seconds(record.wallMs)} s (CPU ${record.cpuMs === null ? '–' : seconds(record.cpuMs)} s), ${mb(record.peakRssBytes)} MB (load ${record.load.toFixed(2)})`,
        );
      }
    }
    const stages: StageResult[] = options.stages.map((stage) => {
      const runs = records.get(stage)!;
      const pick = (f: (r: RunRecord) => number | null | undefined) => {
        const xs = runs.map(f).filter((x): x is number => typeof x === 'number');
        return xs.length ? median(xs) : undefined;
      };
      return {
        stage,
        title: STAGES[stage],
        runs,
        median: {
          wallMs: pick((r) => r.wallMs)!,
          cpuMs: pick((r) => r.cpuMs) ?? null,
          peakRssBytes: pick((r) => r.peakRssBytes) ?? null,
          ...(pick((r) => r.distBytes) !== undefined ? { distBytes: pick((r) => r.distBytes)! } : {}),
          ...(pick((r) => r.indexBytes) !== undefined ? { indexBytes: pick((r) => r.indexBytes)! } : {}),
        },
      };
    });
    let search: TransferReport | undefined;
    if (options.transfer && options.stages.includes('c')) {
      io.stderr('bench: measuring one search query in Chromium…');
      try {
        search = await measureTransfer(sites.full, SEARCH_QUERIES);
      } catch (error) {
        search = estimateTransfer(
          join(sites.full, 'dist'),
          `no browser measurement (${(error as Error).message.split('\n')[0]}); upper bound from the index files`,
        );
      }
    }
    let dev: BenchResult['dev'];
    if (options.dev) {
      io.stderr('bench: timing an edit in astro dev…');
      // A first start: without the check cache and data store the build just left (those are the restart's case).
      clearCaches(sites.full);
      const result = await measureDevEdit(sites.full, one.path, one.id);
      dev = { ...result, medianEditMs: median(result.editMs) };
    }
    const words = sites.files.reduce((sum, f) => sum + f.text.split(/\s+/).filter(Boolean).length, 0);
    const bytes = sites.files.reduce((sum, f) => sum + Buffer.byteLength(f.text), 0);
    const result: BenchResult = {
      version: 1,
      count: options.count,
      seed: options.seed,
      runs: options.runs,
      date: new Date().toISOString(),
      machine: {
        cpus: availableParallelism(),
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryBytes: totalmem(),
        node: (await runMeasured(join(BIN, 'node'), ['--version'], { cwd: ROOT, env: toolEnv() })).output.trim(),
        astro: packageVersion('astro'),
        mdx: packageVersion('@astrojs/mdx'),
        pagefind: packageVersion('pagefind'),
      },
      load: { start: loadStart, end: loadavg() },
      generated: { files: sites.files.length, words, bytes },
      stages,
      ...(dev ? { dev } : {}),
      ...(search ? { search } : {}),
      targets: [],
    };
    const c = stages.find((s) => s.stage === 'c');
    const d = stages.find((s) => s.stage === 'd');
    if (c && d) {
      result.ratio = {
        fullOverBare: c.median.wallMs / d.median.wallMs,
        fullOverBareCpu: c.median.cpuMs !== null && d.median.cpuMs ? c.median.cpuMs / d.median.cpuMs : null,
      };
    }
    const e = stages.find((s) => s.stage === 'e');
    if (c && e) {
      result.validation = {
        withOverWithout: c.median.wallMs / e.median.wallMs,
        withOverWithoutCpu: c.median.cpuMs !== null && e.median.cpuMs ? c.median.cpuMs / e.median.cpuMs : null,
      };
    }
    result.targets = targets(result);
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, `${JSON.stringify(result, null, 2)}\n`);
    io.stdout(formatTable(result));
    io.stdout(`\nJSON: ${options.out}`);
    return result;
  } finally {
    if (options.keep) io.stderr(`bench: kept ${sites.full} and ${sites.base}`);
    else sites.dispose();
  }
}

const seconds = (ms: number) => (ms / 1000).toFixed(2);
const mb = (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? '–' : (bytes / 1024 / 1024).toFixed(0));
const kb = (bytes: number) => (bytes / 1024).toFixed(0);

export function targets(r: BenchResult): TargetCheck[] {
  const out: TargetCheck[] = [];
  const stage = (s: Stage) => r.stages.find((x) => x.stage === s);
  const a = stage('a');
  const b = stage('b');
  const c = stage('c');
  // Issue 13's targets: (c) no slower than the bare MDX build by wall time, at most 1.3 × its CPU time.
  if (r.ratio)
    out.push({
      target: '(c) ≤ 1.0 × (d) by wall time',
      value: `${r.ratio.fullOverBare.toFixed(2)} ×`,
      held: r.ratio.fullOverBare <= 1.0,
      applies: r.count === 1000 || r.count === 5000,
    });
  if (r.ratio?.fullOverBareCpu != null)
    out.push({
      target: '(c) ≤ 1.3 × (d) by CPU time',
      value: `${r.ratio.fullOverBareCpu.toFixed(2)} ×`,
      held: r.ratio.fullOverBareCpu <= 1.3,
      applies: r.count === 1000 || r.count === 5000,
    });
  if (r.validation)
    out.push({
      target: 'validation adds < 25 % to the build: (c) < 1.25 × (e)',
      value: `${r.validation.withOverWithout.toFixed(2)} × (CPU ${r.validation.withOverWithoutCpu?.toFixed(2) ?? '–'} ×)`,
      held: r.validation.withOverWithout < 1.25,
      applies: r.count === 1000,
    });
  if (a)
    out.push({
      target: '(a) ≤ 2 s at N = 1,000',
      value: `${seconds(a.median.wallMs)} s`,
      held: a.median.wallMs <= 2000,
      applies: r.count === 1000,
    });
  if (b) out.push({ target: '(b) ≤ 0.6 s', value: `${seconds(b.median.wallMs)} s`, held: b.median.wallMs <= 600, applies: true });
  if (c && c.median.peakRssBytes !== null)
    out.push({
      target: 'peak RSS of (c) ≤ 3 GB at N = 5,000',
      value: `${mb(c.median.peakRssBytes)} MB`,
      held: c.median.peakRssBytes <= 3 * 1024 ** 3,
      applies: r.count === 5000,
    });
  if (c && c.median.peakRssBytes !== null)
    out.push({
      target: 'peak RSS of (c) ≤ 6 GB at N = 20,000',
      value: `${mb(c.median.peakRssBytes)} MB`,
      held: c.median.peakRssBytes <= 6 * 1024 ** 3,
      applies: r.count === 20000,
    });
  if (r.search)
    out.push({
      target: 'one query ≤ 300 KB at N = 5,000',
      value: `${kb(r.search.maxBytes)} KB (${r.search.method})`,
      held: r.search.maxBytes <= 300 * 1024,
      applies: r.count === 5000,
    });
  if (r.search)
    out.push({
      target: 'one query ≤ 300 KB at N = 20,000',
      value: `${kb(r.search.maxBytes)} KB (${r.search.method})`,
      held: r.search.maxBytes <= 300 * 1024,
      applies: r.count === 20000,
    });
  if (r.dev)
    out.push({
      target: 'astro dev: first page ≤ 10 s at N = 5,000 (first start)',
      value: `${seconds(r.dev.startupMs)} s`,
      held: r.dev.startupMs <= 10_000,
      applies: r.count === 5000,
    });
  if (r.dev)
    out.push({
      target: 'astro dev: first page ≤ 10 s at N = 5,000 (restart)',
      value: `${seconds(r.dev.warmStartupMs)} s`,
      held: r.dev.warmStartupMs <= 10_000,
      applies: r.count === 5000,
    });
  if (r.dev)
    out.push({
      target: 'dev edit shown ≤ 1 s',
      value: `${seconds(r.dev.medianEditMs)} s`,
      held: r.dev.medianEditMs <= 1000,
      applies: true,
    });
  return out;
}

export function formatTable(r: BenchResult): string {
  const lines = [
    `N = ${r.count} postmortems (${Math.round(r.generated.words / r.generated.files)} words each on average), ${r.runs} run${r.runs === 1 ? '' : 's'}, medians; ${r.machine.cpus} cores, load ${r.load.start[0]!.toFixed(2)} → ${r.load.end[0]!.toFixed(2)}; Node ${r.machine.node.replace(/^v/, '')}, Astro ${r.machine.astro}, Pagefind ${r.machine.pagefind}`,
    '',
    '| stage | wall time (s) | min–max (s) | CPU time (s) | peak RSS (MB) | dist (MB) | index (MB) |',
    '|---|--:|--:|--:|--:|--:|--:|',
  ];
  for (const s of r.stages) {
    const walls = s.runs.map((x) => x.wallMs);
    lines.push(
      `| (${s.stage}) ${s.title} | ${seconds(s.median.wallMs)} | ${seconds(Math.min(...walls))}–${seconds(Math.max(...walls))} | ${s.median.cpuMs === null ? '–' : seconds(s.median.cpuMs)} | ${mb(s.median.peakRssBytes)} | ${s.median.distBytes !== undefined ? mb(s.median.distBytes) : '–'} | ${s.median.indexBytes ? mb(s.median.indexBytes) : '–'} |`,
    );
  }
  if (r.ratio)
    lines.push(
      '',
      `(c) / (d) = ${r.ratio.fullOverBare.toFixed(2)} by wall time${r.ratio.fullOverBareCpu === null ? '' : `, ${r.ratio.fullOverBareCpu.toFixed(2)} by CPU time`}`,
    );
  if (r.validation)
    lines.push(
      `${r.ratio ? '' : '\n'}(c) / (e) = ${r.validation.withOverWithout.toFixed(2)} by wall time${r.validation.withOverWithoutCpu === null ? '' : `, ${r.validation.withOverWithoutCpu.toFixed(2)} by CPU time`}: validation adds ${((r.validation.withOverWithout - 1) * 100).toFixed(0)} %`,
    );
  if (r.search)
    lines.push(
      `One search query (${r.search.method}): ${r.search.queries.map((q) => `“${q.query}” ${kb(q.bytes)} KB in ${q.requests} requests`).join('; ')}`,
    );
  if (r.dev)
    lines.push(
      `astro dev: first page in ${seconds(r.dev.startupMs)} s (first start), ${seconds(r.dev.warmStartupMs)} s (restart); an edit showed in ${r.dev.editMs.map((m) => seconds(m)).join(', ')} s`,
    );
  if (r.targets.length) {
    lines.push('', '| target | value | held |', '|---|--:|---|');
    for (const t of r.targets)
      lines.push(`| ${t.target} | ${t.value} | ${t.held ? 'yes' : 'no'}${t.applies ? '' : ' (not stated for this N)'} |`);
  }
  return lines.join('\n');
}

/** The README table: one row per saved result, by N. */
export function formatReport(results: readonly BenchResult[]): string {
  const sorted = [...results].sort((x, y) => x.count - y.count);
  const cell = (r: BenchResult, s: Stage, f: (st: StageResult) => string) => {
    const st = r.stages.find((x) => x.stage === s);
    return st ? f(st) : '–';
  };
  const lines = [
    '| N | (a) check all | (b) check one | (c) full build | (d) bare build | (e) no validation | (c)/(d) wall (CPU) | (c)/(e) wall (CPU) | peak RSS (c) | peak RSS (d) | dist (c) | index | one query | dev edit | load |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const r of sorted) {
    lines.push(
      `| ${r.count.toLocaleString('en-US')} | ${cell(r, 'a', (s) => `${seconds(s.median.wallMs)} s`)} | ${cell(r, 'b', (s) => `${seconds(s.median.wallMs)} s`)} | ${cell(r, 'c', (s) => `${seconds(s.median.wallMs)} s`)} | ${cell(r, 'd', (s) => `${seconds(s.median.wallMs)} s`)} | ${cell(r, 'e', (s) => `${seconds(s.median.wallMs)} s`)} | ${r.ratio ? `${r.ratio.fullOverBare.toFixed(2)} (${r.ratio.fullOverBareCpu?.toFixed(2) ?? '–'})` : '–'} | ${r.validation ? `${r.validation.withOverWithout.toFixed(2)} (${r.validation.withOverWithoutCpu?.toFixed(2) ?? '–'})` : '–'} | ${cell(r, 'c', (s) => `${mb(s.median.peakRssBytes)} MB`)} | ${cell(r, 'd', (s) => `${mb(s.median.peakRssBytes)} MB`)} | ${cell(r, 'c', (s) => `${mb(s.median.distBytes)} MB`)} | ${cell(r, 'c', (s) => `${mb(s.median.indexBytes)} MB`)} | ${r.search ? `${kb(r.search.maxBytes)} KB` : '–'} | ${r.dev ? `${seconds(r.dev.medianEditMs)} s` : '–'} | ${r.load.start[0]!.toFixed(1)}–${r.load.end[0]!.toFixed(1)} |`,
    );
  }
  return lines.join('\n');
}

export async function main(argv: readonly string[], io: BenchIo): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`bench: ${error.message}\nRun \`npm run bench -- --help\` for usage.`);
    return 2;
  }
  if (parsed.kind === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if (parsed.kind === 'report') {
    const results = parsed.files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as BenchResult);
    io.stdout(formatReport(results));
    return 0;
  }
  await runBench(parsed.options, io);
  return 0;
}
