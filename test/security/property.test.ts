/**
 * Property-based tests (fast-check) over mutations of the real sample
 * postmortems: deleted, duplicated and swapped lines, shuffled sections,
 * truncated or unterminated frontmatter, random Unicode and control
 * characters, bytes that are not UTF-8, CRLF and CR line endings, a BOM, very
 * long lines, deeply nested lists, huge files. The checker never throws, never
 * hangs, and every message names the file, a line and column inside it, a
 * known rule, a level and a sentence. `scripts/reliability.ts` runs the same
 * generators longer and writes the figures the README quotes.
 *
 * `FC_RUNS` sets the number of in-process runs (default 500: a new 500 every day,
 * and `scripts/reliability.ts --runs 10000` for the figures). The seed is the
 * day's date (printed), so the runs of one day are the same everywhere; `FC_SEED`
 * replays a failing run (fast-check also prints the path on failure).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { fastCheckSeed } from '../helpers/fast-check-seed.ts';
import { makeRepository } from '../rules/harness.ts';
import { check, type JsonReport } from './cli.ts';
import { defaultWorkers, PARALLEL_THRESHOLD } from '../../packages/astro-postmortems/src/core/check-workers.ts';
import { loadNlp } from '../../packages/astro-postmortems/src/core/nlp.ts';
import {
  applyMutations,
  checkText,
  HANG_GUARD_MS,
  inputArbitrary,
  lineLengths,
  loadSamples,
  RULE_IDS,
  WORST_CASE_GUARD_MS,
  worstCases,
} from './mutations.ts';

const samples = loadSamples();
const knownPaths = samples.map((s) => s.path);
const RUNS = Number(process.env['FC_RUNS'] ?? 500);
// The run's one seed (test/helpers/fast-check-seed.ts): the day's, or FC_SEED.
const SEED = { seed: fastCheckSeed() };

describe('the checker on thousands of mutated postmortems', () => {
  // The time limit is for the whole run on a busy machine; each file has its own hang guard below.
  test(
    'never throws or hangs; every message has file, line, column, rule, level and a sentence, inside the file',
    { timeout: 600_000 },
    () => {
      let worst = 0;
      fc.assert(
        fc.property(inputArbitrary(samples), ({ sample, mutations }) => {
          const { path, text } = samples[sample]!;
          const out = checkText(path, applyMutations(text, mutations), knownPaths);
          worst = Math.max(worst, out.cpuMs);
          expect(out.problems).toEqual([]);
          // A hang guard, not a performance assertion: the figures are recorded by scripts/reliability.ts.
          expect(out.cpuMs).toBeLessThan(HANG_GUARD_MS);
        }),
        { numRuns: RUNS, ...SEED },
      );
      expect(worst).toBeGreaterThan(0);
    },
  );

  const worst = worstCases(samples[0]!.text);
  test.each(Object.keys(worst))('worst case in bounded time: %s', (name) => {
    // The blame detector's language library loads once per process (~0.5 s): not a cost of any one file.
    loadNlp();
    const text = worst[name]!;
    const out = checkText(samples[0]!.path, text, knownPaths);
    expect(out.problems).toEqual([]);
    expect(out.cpuMs).toBeLessThan(WORST_CASE_GUARD_MS);
    if (/beyond/.test(name)) {
      // Refused before parsing, with the reason and where.
      const refused = out.messages.filter((m) => m.rule === 'mdx/syntax');
      expect(refused).toHaveLength(1);
      expect(refused[0]!.message).toMatch(/^Unexpected .*expected .*; /);
    }
  });
});

// ---------------------------------------------------------------------------
// The same through the real CLI, files on disk, bytes included

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenient = new TextDecoder('utf-8');

/** Inserts `bytes` at a fraction of the UTF-8 encoding of `text`: the way binary garbage and other encodings reach a file. */
const byteMutation = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
});

describe('`check --format json` on a repository of mutated files', () => {
  test(
    'reports on every file in one run, exit 1 exactly when there is an error, no stack trace, messages inside their files',
    { timeout: 300_000 },
    async () => {
      const files: Record<string, Uint8Array> = {};
      for (const s of samples) files[s.path] = new TextEncoder().encode(s.text);
      // 120 mutated and 30 with foreign bytes, beside the samples: past the 150 files from which check spreads the
      // work over worker threads, so the report gathered from threads is what is checked.
      const mutated = fc.sample(inputArbitrary(samples), { numRuns: 120, ...SEED });
      mutated.forEach(({ sample, mutations }, i) => {
        const s = samples[sample]!;
        files[s.path.replace(/\.mdx$/, `-m${i}.mdx`)] = new TextEncoder().encode(applyMutations(s.text, mutations));
      });
      const binary = fc.sample(fc.tuple(fc.integer({ min: 0, max: samples.length - 1 }), byteMutation), { numRuns: 30, ...SEED });
      binary.forEach(([sample, { at, bytes }], i) => {
        const s = samples[sample]!;
        const encoded = new TextEncoder().encode(s.text);
        const cut = Math.floor(at * encoded.length);
        files[s.path.replace(/\.mdx$/, `-b${i}.mdx`)] = new Uint8Array([...encoded.subarray(0, cut), ...bytes, ...encoded.subarray(cut)]);
      });
      // A BOM before bytes that are not UTF-8, and a file that is only bytes.
      files['postmortems/2025-01-01-only-bytes.mdx'] = new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28]);
      // A YAML list used as a key: the YAML library warned on stderr about it (now reported as an unknown field only).
      files['postmortems/2025-01-02-complex-key.mdx'] = new TextEncoder().encode('---\n? [a, b]\n: 1\n---\n');
      const root = await makeRepository(files);
      expect(Object.keys(files).length).toBeGreaterThanOrEqual(PARALLEL_THRESHOLD);
      // A precondition: with one core, check uses no worker thread, and the threads' report would go unchecked.
      expect(defaultWorkers(Object.keys(files).length)).toBeGreaterThan(0);

      const run = await check(root, ['--format', 'json', '--today', '2026-01-15']);
      expect(run.stderr).toBe('');
      const report = JSON.parse(run.stdout) as JsonReport;
      expect(report.files).toBe(Object.keys(files).length);
      expect(run.code).toBe(report.errors > 0 ? 1 : 0);
      expect(report.errors + report.warnings).toBe(report.messages.length);

      const byFile = Map.groupBy(report.messages, (m) => m.file);
      const problems: string[] = [];
      for (const [path, bytes] of Object.entries(files)) {
        const messages = byFile.get(path) ?? [];
        let valid = true;
        try {
          utf8.decode(bytes);
        } catch {
          valid = false;
        }
        if (!valid) {
          // Not UTF-8: one clear message with the place of the first bad byte, and nothing else guessed from the file.
          if (messages.length !== 1 || messages[0]!.rule !== 'file/encoding')
            problems.push(`${path}: expected one file/encoding message, got ${messages.map((m) => m.rule).join(', ') || 'none'}`);
        }
        const text = lenient.decode(bytes).replace(/^\ufeff/, '');
        const lengths = lineLengths(text);
        for (const m of messages) {
          if (!RULE_IDS.has(m.rule)) problems.push(`${path}: unknown rule ${m.rule}`);
          if (m.line < 1 || m.line > lengths.length || m.column < 1 || m.column > lengths[m.line - 1]! + 1)
            problems.push(`${path}: ${m.rule} at ${m.line}:${m.column} is outside the file`);
          if (!/^(Unexpected|Missing|Invalid)\b/.test(m.message)) problems.push(`${path}: ${m.rule} message \`${m.message}\``);
        }
      }
      for (const m of report.messages) if (!(m.file in files)) problems.push(`message for a file that does not exist: ${m.file}`);
      expect(problems).toEqual([]);
      // The samples themselves stay clean: no error is invented by the neighbours they share a repository with.
      for (const s of samples)
        expect((byFile.get(s.path) ?? []).filter((m) => m.severity === 'error' && m.rule !== 'id/duplicate')).toEqual([]);
    },
  );
});
