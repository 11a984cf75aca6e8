/**
 * The benchmark's own tests: the generator makes valid, varied postmortems, and
 * the CLI parses its arguments and writes its JSON. Nothing here is timed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatReport, main, parseBenchArgs, UsageError, type BenchResult } from '../../scripts/bench/cli.ts';
import { generatePostmortems, writePostmortems } from '../../scripts/bench/generate.ts';
import { resolveConfig } from '../../packages/astro-postmortems/src/core/config.ts';
import { checkRepository } from '../../packages/astro-postmortems/src/core/repository.ts';

const temps: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'pm-bench-test-'));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('generator', () => {
  const files = generatePostmortems(60, { seed: 7 });

  it('writes postmortems that pass every rule, with no error and no warning', async () => {
    const root = temp();
    writePostmortems(root, 60, { seed: 7 });
    const result = await checkRepository({ root, config: resolveConfig({}), today: '2026-11-23', workers: 0 });
    expect(result.fileCount).toBe(60);
    expect(result.messages).toEqual([]);
    expect(result.checked.every((c) => c.data !== undefined)).toBe(true);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generatePostmortems(60, { seed: 7 })).toEqual(files);
    expect(generatePostmortems(60, { seed: 8 })[0]!.text).not.toBe(files[0]!.text);
  });

  it('makes realistic, varied files: about 1,500 words, five action items, unique ids, several years and offsets, some related links', () => {
    const ids = new Set(files.map((f) => f.id));
    expect(ids.size).toBe(files.length);
    for (const f of files) {
      expect(f.path).toBe(`postmortems/${f.id.slice(0, 4)}/${f.id}.mdx`);
      const words = f.text.split(/\s+/).filter(Boolean).length;
      expect(words).toBeGreaterThan(1200);
      expect(words).toBeLessThan(1900);
      expect(f.text.match(/^ {2}- title: /gm)).toHaveLength(5);
    }
    const years = new Set(files.map((f) => f.id.slice(0, 4)));
    expect(years.size).toBeGreaterThanOrEqual(5);
    const offsets = new Set(files.flatMap((f) => /started: \S+?(Z|[+-]\d\d:\d\d)\n/.exec(f.text)?.[1] ?? []));
    expect(offsets.size).toBeGreaterThanOrEqual(4);
    expect(files.filter((f) => f.text.includes('\nrelated:\n')).length).toBeGreaterThan(3);
    const services = new Set(files.flatMap((f) => /\nservices:\n((?: {2}- .+\n)+)/.exec(f.text)![1]!.trim().split('\n')));
    expect(services.size).toBeGreaterThan(20);
    // Not one paragraph repeated: most sentences are distinct across the whole set.
    const sentences = files.flatMap((f) => f.text.split(/(?<=\.) /));
    expect(new Set(sentences).size / sentences.length).toBeGreaterThan(0.8);
  });
});

describe('bench CLI', () => {
  it('parses its arguments, with defaults', () => {
    const parsed = parseBenchArgs(['--count', '250', '--stages', 'd,a', '--runs', '2', '--dev', '--out', 'x.json'], '/tmp');
    expect(parsed).toEqual({
      kind: 'bench',
      options: { count: 250, runs: 2, stages: ['a', 'd'], dev: true, transfer: true, seed: 1, out: '/tmp/x.json', keep: false },
    });
    const defaults = parseBenchArgs([], '/tmp');
    expect(defaults.kind === 'bench' && defaults.options).toMatchObject({
      count: 100,
      runs: 3,
      stages: ['a', 'b', 'c', 'd', 'e'],
      dev: false,
      transfer: true,
    });
    // (f), check with every rule off, runs only when asked.
    const floor = parseBenchArgs(['--stages', 'f,a'], '/tmp');
    expect(floor.kind === 'bench' && floor.options.stages).toEqual(['a', 'f']);
    expect(parseBenchArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseBenchArgs(['--report', 'a.json', 'b.json'], '/r')).toEqual({ kind: 'report', files: ['/r/a.json', '/r/b.json'] });
  });

  it('refuses bad usage with exit status 2', async () => {
    for (const argv of [['--count', '0'], ['--count', 'many'], ['--stages', 'a,x'], ['--frobnicate'], ['stray'], ['--report']]) {
      expect(() => parseBenchArgs(argv), argv.join(' ')).toThrow(UsageError);
    }
    let err = '';
    expect(await main(['--count=-3'], { stdout: () => {}, stderr: (t) => (err += t) })).toBe(2);
    expect(err).toMatch(/^bench: --count expects a positive whole number.*\n.*--help/);
  });

  it('measures check on generated files and writes the table and the JSON', async () => {
    const out = join(temp(), 'result.json');
    let stdout = '';
    const code = await main(['--count', '4', '--runs', '1', '--stages', 'a,b', '--out', out], {
      stdout: (t) => (stdout += `${t}\n`),
      stderr: () => {},
    });
    expect(code).toBe(0);
    expect(existsSync(out)).toBe(true);
    const result = JSON.parse(readFileSync(out, 'utf8')) as BenchResult;
    expect(result).toMatchObject({ version: 1, count: 4, runs: 1, generated: { files: 4 } });
    expect(result.stages.map((s) => s.stage)).toEqual(['a', 'b']);
    for (const s of result.stages) {
      expect(s.runs).toHaveLength(1);
      expect(s.median.wallMs).toBeGreaterThan(0);
      expect(s.median.peakRssBytes).toBeGreaterThan(0);
    }
    expect(result.load.start).toHaveLength(3);
    expect(result.targets.map((t) => t.target)).toContain('(b) ≤ 0.6 s');
    expect(stdout).toMatch(/\| \(a\) check, all files \| \d+\.\d\d \|/);
    expect(stdout).toContain(out);
    // The README table is made from saved results.
    expect(formatReport([result])).toMatch(/^\| N \|.*\n\|--:\|.*\n\| 4 \| \d+\.\d\d s \| \d+\.\d\d s \| – \| – \| – \|/);
  });
});
