/**
 * A file whose check runs out of time fails as `file/time-limit`, and the run goes on (time-limit.ts,
 * `checkClaimed`/`checkAnyPaths` in repository.ts). The slow text is real: a pattern an organisation might configure
 * (`blamelessPhrases`, `(a+)+b`, exponential on a line of `a`s), the kind of path no test of the engine can list in
 * advance. The run happens in a real `postmortems check` process, because a stopped thread is tainted for good.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/site.ts';
import { makeRepository } from '../rules/harness.ts';
import { resolveConfig } from '../../packages/astro-postmortems/src/core/config.ts';
import { atConfiguredLevel, leftUnchecked, outOfTime } from '../../packages/astro-postmortems/src/core/file-problems.ts';
import { summary } from '../../packages/astro-postmortems/src/core/format/index.ts';
import { checkRepository } from '../../packages/astro-postmortems/src/core/repository.ts';
import { withinTimeLimit } from '../../packages/astro-postmortems/src/core/time-limit.ts';

const PROJECT = fileURLToPath(new URL('../../', import.meta.url));
const NODE = join(PROJECT, 'node_modules/.bin/node');
const SAMPLES = join(PROJECT, 'test/fixtures/repository/postmortems');

interface Report {
  files: number;
  unchecked: number;
  messages: { file: string; line: number; column: number; rule: string; severity: string; message: string }[];
}

function checkJson(cwd: string, env: Record<string, string>): Promise<{ code: number | null; report: Report; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [CLI, 'check', '--format', 'json', '--today', '2026-01-15'], {
      cwd,
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, report: JSON.parse(stdout) as Report, stderr }));
  });
}

/** A configuration whose one blameless phrase backtracks exponentially on a run of `a`s with no `b`. */
const SLOW_CONFIG = `export default {\n  title: 'T',\n  blamelessPhrases: [{ pattern: '(a+)+b', suggestion: 'x' }],\n};\n`;
/** 2^40 ways to split this run: without the limit its check would not end in any CI job's lifetime. */
const SLOW_LINE = `${'a'.repeat(40)}!`;

const samples = readdirSync(SAMPLES)
  .filter((f) => f.endsWith('.mdx'))
  .sort()
  .map((f) => readFileSync(join(SAMPLES, f), 'utf8'));
const slow = (text: string) => text.replace('## Root Cause\n', `## Root Cause\n\n${SLOW_LINE}\n`);

describe('a file that runs out of time', () => {
  it('fails as file/time-limit with its name, the next files are checked by a fresh thread, and after three the rest are left unchecked', async () => {
    expect(samples.length).toBeGreaterThanOrEqual(8);
    expect(slow(samples[1]!)).toContain(SLOW_LINE);
    // Checked in path order: the main thread checks `a`, then stops in `b`; a fresh worker checks `c`, stops in `d`;
    // another checks `e`, stops in `f`; that is three: `g` (slow) and `h` (not) are left unchecked.
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((n) => `postmortems/2026-01-0${'12345678'['abcdefgh'.indexOf(n)]}-${n}.mdx`);
    const slowOnes = new Set([1, 3, 5, 6]);
    const files = Object.fromEntries(names.map((name, i) => [name, slowOnes.has(i) ? slow(samples[i]!) : samples[i]!]));
    const root = await makeRepository({ ...files, 'postmortems.config.ts': SLOW_CONFIG, 'package.json': '{"type":"module"}' });
    const { code, report } = await checkJson(root, { POSTMORTEMS_FILE_TIME_LIMIT: '1' });
    expect(code).toBe(1);
    // Three ran out and two were never started: eight files, five of them not checked.
    expect(report).toMatchObject({ files: 8, unchecked: 5 });
    const byFile = (name: string) => report.messages.filter((m) => m.file === name);
    for (const i of [1, 3, 5])
      expect(byFile(names[i]!)).toEqual([
        {
          file: names[i],
          line: 1,
          column: 1,
          rule: 'file/time-limit',
          severity: 'error',
          message: expect.stringMatching(/^Unexpected check still running after 1 s, expected .*POSTMORTEMS_FILE_TIME_LIMIT/),
        },
      ]);
    for (const i of [6, 7])
      expect(byFile(names[i]!)).toEqual([
        expect.objectContaining({
          rule: 'file/time-limit',
          message: expect.stringMatching(/^Unexpected file left unchecked: the check stopped after 3 files each took over 1 s/),
        }),
      ]);

    // The files checked around the slow ones have exactly the messages they have in a run without them.
    const quiet = await makeRepository({
      ...Object.fromEntries([0, 2, 4].map((i) => [names[i]!, samples[i]!])),
      'postmortems.config.ts': SLOW_CONFIG,
      'package.json': '{"type":"module"}',
    });
    const config = resolveConfig({ title: 'T', blamelessPhrases: [{ pattern: '(a+)+b', suggestion: 'x' }] });
    const alone = await checkRepository({ root: quiet, config, today: '2026-01-15' });
    for (const i of [0, 2, 4]) {
      const expected = alone.messages.filter((m) => m.file === names[i]);
      expect(expected.length).toBeGreaterThan(0);
      expect(byFile(names[i]!)).toEqual(expected);
      expect(byFile(names[i]!).some((m) => m.rule === 'file/time-limit')).toBe(false);
    }
    // A control: the sample with the slow line is checked in full when the phrase is not configured.
    const plain = await makeRepository({ [names[1]!]: slow(samples[1]!) });
    const checked = await checkRepository({ root: plain, config: resolveConfig({}), today: '2026-01-15', timeLimit: 1 });
    expect(checked.checked.map((c) => c.path)).toEqual([names[1]]);
    expect(checked.messages.map((m) => m.rule)).not.toContain('file/time-limit');
  });
});

describe("check's summary", () => {
  it('never counts a file that ran out of time or was left unchecked as checked', () => {
    const other = { file: 'postmortems/c.mdx', line: 3, column: 1, rule: 'sections/missing', severity: 'warning' as const, message: 'x' };
    const messages = [outOfTime('postmortems/a.mdx', 1000), leftUnchecked('postmortems/b.mdx', 1000), other];
    expect(summary(9, messages)).toBe('✖ 7 postmortems checked, 2 not (`file/time-limit`): 2 errors, 1 warning');
    expect(summary(1, [outOfTime('postmortems/a.mdx', 1000)])).toBe(
      '✖ 0 postmortems checked, 1 not (`file/time-limit`): 1 error, 0 warnings',
    );
    expect(summary(9, [other])).toBe('⚠ 9 postmortems checked: 0 errors, 1 warning');
  });
});

describe('file/time-limit cannot be turned off or lowered', () => {
  const message = {
    file: 'postmortems/x.mdx',
    line: 1,
    column: 1,
    rule: 'file/time-limit',
    severity: 'error' as const,
    message: 'Unexpected x',
  };

  it('keeps its level whatever `rules` says (a configuration that tries is refused first)', () => {
    expect(atConfiguredLevel(message, { ...resolveConfig({}), rules: { 'file/time-limit': 'off' } })).toEqual(message);
    expect(atConfiguredLevel({ ...message, rule: 'file/unreadable' }, { ...resolveConfig({}), rules: { 'file/unreadable': 'off' } })).toBe(
      undefined,
    );
  });

  it('a configuration that sets it to anything but error is refused, naming the way out', () => {
    for (const level of ['off', 'warning', { draft: 'off' }] as const)
      expect(() => resolveConfig({ rules: { 'file/time-limit': level } })).toThrow(
        /`file\/time-limit`.*cannot pass.*POSTMORTEMS_FILE_TIME_LIMIT/s,
      );
    expect(() => resolveConfig({ rules: { 'file/time-limit': 'error' } })).not.toThrow();
  });
});

describe('withinTimeLimit without running out', () => {
  it("returns the work's value and throws its errors as they are", () => {
    expect(withinTimeLimit(() => 42, 10_000)).toEqual({ done: true, value: 42 });
    const failure = new TypeError('boom');
    expect(() =>
      withinTimeLimit(() => {
        throw failure;
      }, 10_000),
    ).toThrow(failure);
  });
});
