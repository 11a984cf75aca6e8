/**
 * `npm run bench:reliability -- [--runs 10000] [--seed 1] [--out test/security/reliability-figures.json]`
 *
 * Runs the checker (`checkOne`: read, decode, parse, lint — what `check` and
 * the build do per file) on generated hostile inputs — fast-check mutations of
 * the sample postmortems, byte-level corruption, and the named worst cases at
 * and beyond the parse limits — and writes the figures the README's
 * *Reliability* section quotes: inputs tried, crashes, malformed messages,
 * files over the hang guard, the worst time per file with its size, and each named worst case's time against
 * issue 22's target (each under 1 s of CPU).
 * The generators are the property tests' (`scripts/shared/mutations.ts`).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { resolveConfig } from '../packages/astro-postmortems/src/core/config.ts';
import { PARSE_LIMITS } from '../packages/astro-postmortems/src/core/parse-limits.ts';
import { loadNlp } from '../packages/astro-postmortems/src/core/nlp.ts';
import { checkOne, indexRepository } from '../packages/astro-postmortems/src/core/repository.ts';
import { applyMutations, HANG_GUARD_MS, inputArbitrary, loadSamples, PROJECT, validate, worstCases } from './shared/mutations.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'test/security/reliability-figures.json' },
  },
});
const runs = Number(values.runs);
const seed = Number(values.seed);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  process.stderr.write('reliability: --runs expects a positive whole number and --seed a whole number\n');
  process.exit(2);
}

const TODAY = '2026-01-15';
/** Issue 22: every worst case under 1 s of CPU (the files at the size limit, 64 KB, and those refused beyond it). */
const WORST_CASE_TARGET_MS = 1000;
const config = resolveConfig({});
const samples = loadSamples();
const encoder = new TextEncoder();
const lenient = new TextDecoder('utf-8');

interface Input {
  kind: 'mutation' | 'bytes' | 'worst case';
  describe: string;
  bytes: Uint8Array;
}

/** Text mutations (nine in ten) and raw bytes spliced into a sample's UTF-8 (one in ten). */
const byteInput = fc.record({
  sample: fc.integer({ min: 0, max: samples.length - 1 }),
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
});
const generated = fc.sample(
  fc.oneof(
    { weight: 9, arbitrary: inputArbitrary(samples).map((i) => ({ text: i })) },
    { weight: 1, arbitrary: byteInput.map((b) => ({ bytes: b })) },
  ),
  { numRuns: runs, seed },
);

function* inputs(): Generator<Input> {
  for (const g of generated) {
    if ('text' in g) {
      const { sample, mutations } = g.text;
      yield {
        kind: 'mutation',
        describe: `${samples[sample]!.path}: ${mutations.map((m) => m.kind).join(', ')}`,
        bytes: encoder.encode(applyMutations(samples[sample]!.text, mutations)),
      };
    } else {
      const { sample, at, bytes } = g.bytes;
      const encoded = encoder.encode(samples[sample]!.text);
      const cut = Math.floor(at * encoded.length);
      yield {
        kind: 'bytes',
        describe: `${samples[sample]!.path}: ${bytes.length} bytes at ${cut}`,
        bytes: new Uint8Array([...encoded.subarray(0, cut), ...bytes, ...encoded.subarray(cut)]),
      };
    }
  }
  for (const [name, text] of Object.entries(worstCases(samples[0]!.text)))
    yield { kind: 'worst case', describe: name, bytes: encoder.encode(text) };
}

const root = mkdtempSync(join(tmpdir(), 'postmortem-reliability-'));
const path = 'postmortems/2025-06-10-reliability-input.mdx';
mkdirSync(dirname(join(root, path)), { recursive: true });
const repository = indexRepository([...samples.map((s) => s.path), path]);

const counts = { mutation: 0, bytes: 0, 'worst case': 0 };
const times: number[] = [];
const cpuTimes: number[] = [];
const crashes: string[] = [];
const malformed: string[] = [];
const overGuard: string[] = [];
let worst = { ms: 0, cpuMs: 0, bytes: 0, input: '' };
/** Each named worst case's CPU time and size: issue 22 asks for each under `WORST_CASE_TARGET_MS` on a 64 KB file. */
const worstCaseTimes: Record<string, { cpuMs: number; bytes: number }> = {};
let worstWall = 0;
// The blame detector's language library loads once per process (~0.5 s of CPU), before the first candidate
// sentence: loaded here, so that no one input is charged for it.
loadNlp();
const started = Date.now();
try {
  for (const input of inputs()) {
    counts[input.kind]++;
    writeFileSync(join(root, path), input.bytes);
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    let result;
    try {
      result = await checkOne(root, path, { config, repository, today: TODAY });
    } catch (error) {
      crashes.push(`${input.describe}: ${(error as Error).stack?.split('\n').slice(0, 3).join(' | ')}`);
      continue;
    }
    const ms = performance.now() - t0;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    times.push(ms);
    cpuTimes.push(cpuMs);
    worstWall = Math.max(worstWall, ms);
    if (cpuMs > worst.cpuMs) worst = { ms, cpuMs, bytes: input.bytes.length, input: `${input.kind}: ${input.describe}` };
    if (input.kind === 'worst case') worstCaseTimes[input.describe] = { cpuMs: Math.round(cpuMs), bytes: input.bytes.length };
    if (cpuMs > HANG_GUARD_MS) overGuard.push(`${input.describe}: ${cpuMs.toFixed(0)} ms of CPU`);
    const messages = 'rule' in result ? [result] : result.messages;
    const source = 'rule' in result ? lenient.decode(input.bytes).replace(/^\ufeff/, '') : result.source;
    const problems = validate(messages, source, path);
    if (problems.length) malformed.push(`${input.describe}: ${problems.slice(0, 3).join('; ')}`);
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}

times.sort((a, b) => a - b);
cpuTimes.sort((a, b) => a - b);
const quantile = (list: number[], q: number) => Math.round(list[Math.min(list.length - 1, Math.floor(q * list.length))]! * 10) / 10;
const total = counts.mutation + counts.bytes + counts['worst case'];
const figures = {
  measured: new Date().toISOString().slice(0, 10),
  machine: `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.versions.node}`,
  seed,
  inputsTried: total,
  inputs: counts,
  crashesFound: crashes.length,
  malformedMessages: malformed.length,
  overHangGuard: overGuard.length,
  hangGuardCpuMs: HANG_GUARD_MS,
  // CPU time of the process while it checked one file: what the file costs, whatever else the machine is doing.
  worstCpuMsPerFile: Math.round(worst.cpuMs),
  worstFileBytes: worst.bytes,
  worstInput: worst.input,
  medianCpuMsPerFile: quantile(cpuTimes, 0.5),
  p99CpuMsPerFile: quantile(cpuTimes, 0.99),
  // Wall-clock time, which also counts waiting for a busy CPU.
  worstWallMsPerFile: Math.round(worstWall),
  medianWallMsPerFile: quantile(times, 0.5),
  totalSeconds: Math.round((Date.now() - started) / 1000),
  worstCaseTargetCpuMs: WORST_CASE_TARGET_MS,
  // Slowest first.
  worstCases: Object.fromEntries(Object.entries(worstCaseTimes).sort((a, b) => b[1].cpuMs - a[1].cpuMs)),
  parseLimits: PARSE_LIMITS,
  examples: { crashes: crashes.slice(0, 5), malformed: malformed.slice(0, 5), overHangGuard: overGuard.slice(0, 5) },
};
writeFileSync(resolve(PROJECT, values.out), `${JSON.stringify(figures, null, 2)}\n`);
process.stdout.write(
  `${total} inputs (${counts.mutation} mutations, ${counts.bytes} byte corruptions, ${counts['worst case']} worst cases): ` +
    `${crashes.length} crashes, ${malformed.length} malformed messages, ${overGuard.length} over the ${HANG_GUARD_MS} ms hang guard; ` +
    `worst ${figures.worstCpuMsPerFile} ms of CPU for ${worst.bytes} bytes (${worst.input}), median ${figures.medianCpuMsPerFile} ms, p99 ${figures.p99CpuMsPerFile} ms; worst wall clock ${figures.worstWallMsPerFile} ms\n` +
    `worst cases, slowest first (target: each under ${WORST_CASE_TARGET_MS} ms of CPU): ` +
    Object.entries(figures.worstCases)
      .slice(0, 8)
      .map(([name, t]) => `${name} ${t.cpuMs} ms (${t.bytes} bytes)`)
      .join('; ') +
    `; ${Object.values(figures.worstCases).filter((t) => t.cpuMs >= WORST_CASE_TARGET_MS).length} over the target\n` +
    `figures written to ${values.out}\n`,
);
process.exitCode = crashes.length || malformed.length || overGuard.length ? 1 : 0;
