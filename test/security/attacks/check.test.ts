/**
 * Content never becomes code, through `check`: every attack of the review is
 * refused with its rule, no payload runs, and text the MDX parser used to see
 * unmasked (the frontmatter regions) can no longer crash or hang it. Each runs
 * `runCheck` in this process (the command's code, its output byte for byte;
 * a payload that ran here would write the marker just as in a child); one
 * attack goes through the real `postmortems check` process as well, so the
 * entry script and what it loads are held to the same.
 */
import { existsSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { makeRepository } from '../../rules/harness.ts';
import { check, type JsonReport } from '../cli.ts';
import { runHere } from '../../helpers/cli.ts';
import { runCheck } from '../../../packages/astro-postmortems/src/cli/check.ts';
import { TODAY, validPostmortem } from '../postmortem.ts';
import { attacks } from './vectors.ts';

const marker = join(tmpdir(), `pm-attack-check-${process.pid}-${Date.now()}`);

/** `check …` as `runCheck` in this process. */
const checkHere = (cwd: string, args: string[]) => runHere(runCheck, cwd, args);

describe('every attack is refused by check, with the rule that owns it', () => {
  // The first through the real process, the rest in this one.
  for (const [i, [name, attack]] of Object.entries(attacks(marker)).entries()) {
    test(i === 0 ? `${name} (the real process)` : name, async () => {
      const root = await makeRepository(attack.files);
      const run = await (i === 0 ? check : checkHere)(root, ['--format', 'json', '--today', TODAY]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as JsonReport;
      const rules = new Set(report.messages.filter((m) => m.severity === 'error').map((m) => m.rule));
      for (const rule of attack.rules) expect(rules, `${rule} in ${JSON.stringify(report.messages, null, 1)}`).toContain(rule);
      for (const m of report.messages) expect(m.message).toMatch(/^(?:Unexpected|Missing|Invalid) .+/);
      expect(existsSync(marker)).toBe(false);
    });
  }
});

describe('frontmatter the MDX parser never sees', () => {
  const yamlOf = (fm: string) => /^---\n([\s\S]*?)\n---\n/.exec(fm)![1]!;
  const fm = validPostmortem('dos');
  const body = fm.slice(fm.indexOf('\n---\n') + 5);

  test.each([
    ['10,000 nested brackets after a `---<TAB>` fence', `---\n${yamlOf(fm)}\n---\t\nexport const a = ${'['.repeat(10_000)}\n${body}`],
    ['10,000 nested brackets after `---` `---`', `---\n---\n{${'('.repeat(10_000)}}\n${yamlOf(fm)}\n---\n${body}`],
    ['`{<a>` fifty times in the YAML region', `---\n${yamlOf(fm)}\n# {${'<a>'.repeat(50)}\n---\n${body}`],
    ['`{<a>` fifty times after a `---<TAB>` fence', `---\n${yamlOf(fm)}\n---\t\n{${'<a>'.repeat(50)}\n${body}`],
  ])('%s: a report, not a crash or a hang', async (_name, text) => {
    const root = await makeRepository({ 'postmortems/2025-06-10-dos.mdx': text });
    const run = await checkHere(root, ['--format', 'json', '--today', TODAY]);
    expect(run.stderr).toBe('');
    expect([0, 1]).toContain(run.code);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.files).toBe(1);
  });

  test('a valid quoted title holding a `+++` line passes check (and the build, see build.test.ts)', async () => {
    const text = fm.replace(/^title: .*$/m, 'title: "Checkout rates failed\n\n  +++\n\n  after a cache rule change"');
    const root = await makeRepository({ 'postmortems/2025-06-10-plus.mdx': text });
    const run = await checkHere(root, ['--format', 'json', '--today', TODAY]);
    expect(JSON.parse(run.stdout).messages).toEqual([]);
    expect(run.code).toBe(0);
  });
});

describe('links that leave the repository are reported, never followed', () => {
  test('postmortems/x -> /proc: one message, no walk of /proc', async () => {
    const root = await makeRepository({ 'postmortems/2025-06-10-ok.mdx': validPostmortem() });
    symlinkSync('/proc', join(root, 'postmortems/x'));
    symlinkSync('/etc/passwd', join(root, 'postmortems/2025-06-10-passwd.mdx'));
    const run = await checkHere(root, ['--format', 'json', '--today', TODAY]);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(run.code).toBe(1);
    expect(report.messages.map((m) => [m.file, m.rule])).toEqual([
      ['postmortems/2025-06-10-passwd.mdx', 'file/unexpected'],
      ['postmortems/x', 'file/unexpected'],
    ]);
    expect(report.messages[1]!.message).toContain('outside the repository');
    expect(report.files).toBe(1);
  });
});
