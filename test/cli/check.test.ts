/**
 * The `check` command as CI and authors run it (contract §6), in a temp repository built from rule fixtures: the
 * real entry script in a child process where the process itself is the point (exit status, streams, the
 * environment's `GITHUB_ACTIONS`, bad usage), `runCheck` in this process with the same output otherwise.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { FIXTURES, makeRepository, repositoryName } from '../rules/harness.ts';
import { CLI } from '../helpers/site.ts';
import { fingerprint } from '../helpers/fingerprint.ts';
import { runHere, type Run } from '../helpers/cli.ts';
import { runCheck } from '../../packages/astro-postmortems/src/cli/check.ts';
import { plainLinks } from '../../packages/astro-postmortems/src/core/rule.ts';
import { ruleFixes } from '../../packages/astro-postmortems/src/integration/dev-session.ts';
import { defaultWorkers, PARALLEL_THRESHOLD } from '../../packages/astro-postmortems/src/core/check-workers.ts';
import { resolveConfig } from '../../packages/astro-postmortems/src/core/config.ts';
import { formatJson } from '../../packages/astro-postmortems/src/core/format/index.ts';
import { checkRepository } from '../../packages/astro-postmortems/src/core/repository.ts';
import { fileProblems } from '../../packages/astro-postmortems/src/core/file-problems.ts';
import { rules } from '../../packages/astro-postmortems/src/core/rules/index.ts';
import { displayBlock } from '../../packages/astro-postmortems/src/core/terminal-text.ts';
import { LOCAL_SITE } from '../../packages/astro-postmortems/src/integration/deployment.ts';

const PROJECT = fileURLToPath(new URL('../../', import.meta.url));
const NODE = join(PROJECT, 'node_modules/.bin/node');

/** Runs `postmortems check …` in `cwd` with a clean environment (no `GITHUB_ACTIONS` from the machine running the tests). */
function check(cwd: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [CLI, 'check', ...args], { cwd, env: { PATH: process.env['PATH'] ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `check …` as `runCheck` in this process, with the same clean environment. */
const checkHere = (cwd: string, args: string[], env: Record<string, string> = {}): Promise<Run> => runHere(runCheck, cwd, args, env);

const fixture = (path: string) => readFile(join(FIXTURES, path), 'utf8');

const WITH_ERROR = 'postmortems/2025-03-04-checkout-pool-change.mdx';
const WITH_WARNING = 'postmortems/2025/2025-03-04-search-latency.mdx';

/** One postmortem with an error (`severity: P5`, line 3) and one with a warning (no *Where we got lucky*, line 45). */
async function mixedRepository(): Promise<string> {
  return makeRepository({
    [WITH_ERROR]: await fixture('frontmatter-invalid/not-ok-severity.mdx'),
    [WITH_WARNING]: await fixture('lessons-subsections/not-ok-no-lucky.mdx'),
  });
}

async function cleanRepository(): Promise<string> {
  return makeRepository({ [WITH_ERROR]: await fixture('frontmatter-invalid/ok-every-field.mdx') });
}

const TODAY = ['--today', '2026-01-15'];
/** The render step `check` runs on each file with no error (the site's renderer), as the command names it. */
const RENDER_STEP = new URL('../../packages/astro-postmortems/src/integration/render-step.ts', import.meta.url).href;

/**
 * The real process once on the mixed repository, shared by the tests of its text output and of `check` never writing
 * (the repository's fingerprint taken before it runs).
 */
let mixedRun: Promise<{ root: string; before: string; run: Run }> | undefined;
const realRunOnMixed = () =>
  (mixedRun ??= (async () => {
    const root = await mixedRepository();
    const before = await fingerprint(root);
    return { root, before, run: await check(root, TODAY) };
  })());

describe.concurrent('npm run check', () => {
  test('text: one line per problem, `path:line:column  level  message  rule-id`, then the summary; exit 1 on an error', async () => {
    const { run } = await realRunOnMixed();
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const [error, warning] = lines.map((line) => /^(\S+):(\d+):(\d+) {2}(error|warning) {2}(.+) {2}(\S+)$/.exec(line)?.slice(1));
    expect(error).toEqual([WITH_ERROR, '3', '11', 'error', expect.stringContaining('`P5`'), 'frontmatter/invalid']);
    expect(warning).toEqual([
      WITH_WARNING,
      '45',
      '1',
      'warning',
      expect.stringContaining('`### Where we got lucky`'),
      'lessons/subsections',
    ]);
    expect(lines[2]).toBe('✖ 2 postmortems checked: 1 error, 1 warning');
  });

  test('text: a clean repository exits 0 with only the summary', async () => {
    const run = await checkHere(await cleanRepository(), TODAY);
    expect(run).toEqual({ code: 0, stdout: '✔ 1 postmortem checked, no problems\n', stderr: '' });
  });

  test('json: one object with files, errors, warnings, messages, accepted exceptions and unchecked files, nothing else', async () => {
    const run = await checkHere(await mixedRepository(), [...TODAY, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(['files', 'errors', 'warnings', 'messages', 'accepted', 'unchecked']);
    expect(report).toEqual({
      files: 2,
      errors: 1,
      warnings: 1,
      messages: [
        { file: WITH_ERROR, line: 3, column: 11, rule: 'frontmatter/invalid', severity: 'error', message: expect.stringContaining('`P5`') },
        {
          file: WITH_WARNING,
          line: 45,
          column: 1,
          rule: 'lessons/subsections',
          severity: 'warning',
          message: expect.stringContaining('`### Where we got lucky`'),
        },
      ],
      accepted: [],
      unchecked: 0,
    });
    for (const message of report['messages'] as object[])
      expect(Object.keys(message)).toEqual(['file', 'line', 'column', 'rule', 'severity', 'message']);
  });

  const githubLines = [
    expect.stringMatching(new RegExp(`^::error file=${WITH_ERROR},line=3,col=11,title=frontmatter/invalid::Invalid \`severity\` \`P5\``)),
    expect.stringMatching(
      new RegExp(`^::warning file=${WITH_WARNING},line=45,col=1,title=lessons/subsections::Missing recommended sub-heading`),
    ),
  ];

  test('github: workflow commands GitHub turns into annotations', async () => {
    const run = await checkHere(await mixedRepository(), [...TODAY, '--format', 'github']);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual(githubLines);
  });

  test('github is the default format when GITHUB_ACTIONS=true', async () => {
    const run = await check(await mixedRepository(), TODAY, { GITHUB_ACTIONS: 'true' });
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual(githubLines);
  });

  test('--strict turns warnings into a failure', async () => {
    const root = await makeRepository({ [WITH_WARNING]: await fixture('lessons-subsections/not-ok-no-lucky.mdx') });
    const lenient = await checkHere(root, TODAY);
    const strict = await checkHere(root, [...TODAY, '--strict']);
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('0 errors, 1 warning');
    expect(strict.code).toBe(1);
    expect(strict.stdout).toMatch(/^\S+:45:1 {2}error {2}/);
  });

  // Through the real process: the configuration is imported by Node itself, as JavaScript when it is that and with
  // its types stripped otherwise (load-config.ts). The file reports whether Node's stripper was loaded to read it.
  test('the configuration is read as JavaScript when it is that, stripped of its types otherwise, and run once', async () => {
    // An ES-module package, as `create` makes one (elsewhere Node strips a `.ts` file to tell which kind of module it is).
    const root = await makeRepository({
      [WITH_WARNING]: await fixture('lessons-subsections/not-ok-no-lucky.mdx'),
      'package.json': '{ "type": "module" }\n',
    });
    const stripper = "console.error('stripper loaded:', process.moduleLoadList.some((m) => m.includes('amaro')));\n";
    const withConfig = async (config: string) => {
      await writeFile(join(root, 'postmortems.config.ts'), stripper + config);
      return check(root, TODAY);
    };
    const off = "{ rules: { 'lessons/subsections': 'off' } }";
    // Plain JavaScript: read as it is, and the setting holds.
    const plain = await withConfig(`export default ${off};\n`);
    expect(plain.stderr).toBe('stripper loaded: false\n');
    expect(plain.stdout).toContain('no problems');
    // Type syntax (an interface, annotations): stripped, and the same setting holds.
    const typed = await withConfig(
      `interface Config { rules: Record<string, 'off'> }\nconst config: Config = ${off};\nexport default config;\n`,
    );
    expect(typed.stderr).toBe('stripper loaded: true\n');
    expect(typed.stdout).toContain('no problems');
    // Type arguments also parse as JavaScript, as comparisons (`(id < Rules) > (…)` is `false`): a `<` means stripping.
    const generic = await withConfig(`const Rules = 0;\nconst id = (x) => x;\nexport default id<Rules>(${off});\n`);
    expect(generic.stderr).toBe('stripper loaded: true\n');
    expect(generic.stdout).toContain('no problems');
    // Node before 22.15 has no `registerHooks`: every configuration is stripped, as it always was.
    const noHooks = "import m from 'node:module'; m.registerHooks = undefined; m.syncBuiltinESMExports();";
    await writeFile(join(root, 'postmortems.config.ts'), `${stripper}export default ${off};\n`);
    const older = await check(root, TODAY, { NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(noHooks)}` });
    expect(older.stderr).toBe('stripper loaded: true\n');
    expect(older.stdout).toContain('no problems');
    // A configuration that starts and then throws a SyntaxError of its own is not run a second time, stripped.
    const throwing = await withConfig(`JSON.parse('{');\nexport default ${off};\n`);
    expect(throwing.code).toBe(2);
    expect(throwing.stderr.match(/stripper loaded/g)).toHaveLength(1);
    expect(throwing.stderr).toContain('JSON');
  });

  // The first through the real process (exit 2, nothing on stdout, the message on stderr), the rest in this one.
  test.for([
    ['an unknown flag', ['--nope'], '--nope', check],
    [
      'a path that does not exist',
      ['postmortems/2099-01-01-missing.mdx'],
      '`postmortems/2099-01-01-missing.mdx` does not exist',
      checkHere,
    ],
    ['an unknown format', ['--format', 'xml'], '`xml`', checkHere],
    ['a --today that is not a real day', ['--today', '2026-02-30'], '`2026-02-30`', checkHere],
  ] as const)('exit 2 and no report for %s', async ([, args, says, run]) => {
    const result = await run(await cleanRepository(), [...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(says);
  });

  test('checking one file still knows the ids of all the others', async () => {
    const root = await makeRepository({});
    await cp(join(FIXTURES, 'related-unknown/ok-existing-id'), root, { recursive: true });
    const run = await checkHere(root, [...TODAY, '--format', 'json', 'postmortems/2025-03-04-checkout-pool-change.mdx']);
    expect(run.code).toBe(0);
    // The related-unknown fixtures name no contributing factors (format §7 came later): their one warning is that.
    const report = JSON.parse(run.stdout) as { files: number; errors: number; messages: { rule: string }[] };
    expect({ ...report, messages: report.messages.filter((m) => m.rule !== 'factors/missing') }).toMatchObject({
      files: 1,
      errors: 0,
      messages: [],
    });
  });

  test('checking one file still reports an unknown related id', async () => {
    const root = await makeRepository({});
    await cp(join(FIXTURES, 'related-unknown/not-ok-typo'), root, { recursive: true });
    const run = await checkHere(root, [...TODAY, '--format', 'json', 'postmortems/2025-03-04-checkout-pool-change.mdx']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { files: number; errors: number; messages: { rule: string }[] };
    expect({ ...report, messages: report.messages.filter((m) => m.rule !== 'factors/missing') }).toMatchObject({
      files: 1,
      errors: 1,
      messages: [{ rule: 'related/unknown', line: 15, column: 5 }],
    });
  });

  test('check never writes: paths, bytes and modification times are unchanged', async () => {
    // The real process once (whatever it loads or starts writes nothing either), then every other mode.
    const { root, before } = await realRunOnMixed();
    for (const args of [['--format', 'json'], ['--format', 'github'], ['--strict'], [WITH_ERROR]])
      await checkHere(root, [...TODAY, ...args]);
    expect(await fingerprint(root)).toBe(before);
  });

  test("a pull request adding blame fails in CI: the issue's sentences are errors at every status, annotated on the changed file", async () => {
    // As .github/workflows/ci.yml runs it: GITHUB_ACTIONS=true, --format github, --changed-list, no --strict.
    const blaming = await fixture('blameless-blame/not-ok-issue-sentences.mdx');
    for (const status of ['draft', 'in-review', 'published']) {
      const root = await makeRepository({
        [WITH_ERROR]: blaming.replace(/^status: .*$/m, `status: ${status}`),
        'changed.txt': `${WITH_ERROR}\n`,
      });
      const run = await checkHere(root, [...TODAY, '--format', 'github', '--changed-list', 'changed.txt'], { GITHUB_ACTIONS: 'true' });
      expect(run.code, status).toBe(1);
      const blame = run.stdout
        .split('\n')
        .filter((l) => l.startsWith(`::error file=${WITH_ERROR},`) && l.includes('title=blameless/blame::'));
      expect(blame, status).toHaveLength(7);
      for (const who of ['Bob’s', 'engineer', 'Alice', 'John', 'Priya’s', 'Human'])
        expect(
          blame.some((l) => l.includes(`\`${who}\``)),
          who,
        ).toBe(true);
    }
  });

  test('an accepted exception is counted in the summary, listed in JSON and shown with its reason on the diff', async () => {
    const root = await makeRepository({
      [WITH_ERROR]: await fixture('exceptions-unmatched/ok-accepted.mdx'),
      'changed.txt': `${WITH_ERROR}\n`,
    });
    const text = await checkHere(root, TODAY);
    expect(text.code).toBe(0);
    // The fixture has no contributing factors (a warning for a published P2): the exception is counted beside it.
    expect(text.stdout.trimEnd().split('\n').at(-1)).toBe(
      '⚠ 1 postmortem checked: 0 errors, 1 warning; 1 accepted exception (`exceptions` in the frontmatter)',
    );
    const json = JSON.parse((await checkHere(root, [...TODAY, '--format', 'json'])).stdout) as {
      accepted: { rule: string; sentence: string; reason: string; line: number }[];
    };
    expect(json.accepted).toEqual([
      expect.objectContaining({
        rule: 'blameless/blame',
        sentence: 'Sam missed the 09:00 train',
        line: 35,
        reason: expect.stringContaining('cancelled by a strike'),
      }),
    ]);
    const github = await checkHere(root, [...TODAY, '--format', 'github', '--changed-list', 'changed.txt']);
    expect(github.stdout).toContain(
      `::notice file=${WITH_ERROR},line=35,col=81,title=blameless/blame (accepted exception)::Accepted: Sam's train was cancelled by a strike`,
    );
  });

  test('a whole repository large enough for worker threads (started before the rules load) gets the report one thread gives, and a worker started for nothing does not keep the command running', async () => {
    // Every rule fixture (errors and warnings of every kind), and, while they are fewer than the 150 files from which
    // check spreads the work over threads, copies of the first ones under another folder: no more, since each file is
    // checked three times.
    const files: Record<string, string> = {};
    const copies: [string, string][] = [];
    for (const entry of readdirSync(FIXTURES, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.mdx')) continue;
      const text = await readFile(join(entry.parentPath, entry.name), 'utf8');
      const path = repositoryName(join(entry.parentPath, entry.name), text);
      files[path] = text;
      copies.push([path.replace('postmortems/', 'postmortems/copies/'), text]);
    }
    for (const [path, text] of copies) if (Object.keys(files).length < PARALLEL_THRESHOLD) files[path] = text;
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(PARALLEL_THRESHOLD);
    // A precondition, not a skip: on a machine with one core check uses no worker, and this test would prove nothing.
    expect(defaultWorkers(Object.keys(files).length)).toBeGreaterThan(0);
    const root = await makeRepository(files);
    // The whole repository with the workers started ahead, and the same files named (workers started once they are found).
    const [early, named] = await Promise.all([
      check(root, [...TODAY, '--format', 'json']),
      check(root, [...TODAY, '--format', 'json', 'postmortems']),
    ]);
    expect(early.stderr).toBe('');
    const report = JSON.parse(early.stdout) as { files: number; errors: number; warnings: number };
    expect(report.files).toBe(Object.keys(files).length);
    expect(report.errors).toBeGreaterThan(0);
    expect(report.warnings).toBeGreaterThan(0);
    expect(early.stdout).toBe(named.stdout);
    expect(early.code).toBe(1);
    // And the report one thread gives: the same files checked here without workers, rendered as the command renders.
    const single = await checkRepository({
      root,
      config: resolveConfig({}),
      render: { module: RENDER_STEP, options: { site: LOCAL_SITE, base: '/' } },
      today: '2026-01-15',
      workers: 0,
    });
    expect(`${formatJson({ files: single.fileCount, messages: single.messages, strict: false, accepted: single.accepted })}\n`).toBe(
      early.stdout,
    );
    // A configuration error ends the command after its workers started: it exits with its usage error, not waiting for them.
    await writeFile(join(root, 'postmortems.config.ts'), 'export default { rules: { "no/such-rule": "error" } };\n');
    const failed = await check(root, TODAY);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(/no\/such-rule/);
  });

  test("--explain <rule>: the rule's meaning, fix, trigger and message, from its module, for every rule and file problem", async () => {
    const cwd = await cleanRepository();
    for (const problem of [...rules, ...fileProblems]) {
      const run = await checkHere(cwd, ['--explain', problem.id]);
      expect(run.code, problem.id).toBe(0);
      expect(run.stderr).toBe('');
      const lines = run.stdout.split('\n');
      expect(lines[0]).toBe(`${problem.id} (${problem.level} unless postmortems.config.ts \`rules\` sets another level)`);
      // As the terminal shows it (`displayBlock`: `##[` in file/unexpected's text could start a CI workflow command).
      expect(run.stdout).toContain(displayBlock(`What it means: ${plainLinks(problem.docs.meaning)}`));
      expect(run.stdout).toContain(displayBlock(`How to fix it: ${plainLinks(problem.docs.fix)}`));
      // No link into docs/ or the tests, which an organisation's repository does not have.
      expect(run.stdout.replace(/`[^`]*`/g, '')).not.toMatch(/\]\((?!https?:)/);
      if (problem.docs.notOk[0]) expect(run.stdout).toContain(displayBlock(problem.docs.notOk[0].message));
    }
  });

  test('--explain and the dev problems page show a web link with its address, a link into docs/ as its label, and code as written', () => {
    expect(plainLinks('Read with [compromise](https://github.com/spencermountain/compromise), see [docs/format.md](format.md).')).toBe(
      'Read with compromise (https://github.com/spencermountain/compromise), see docs/format.md.',
    );
    expect(plainLinks('use `[text](url)` or `![x](../../secrets.png)`; [labelled sentences](../test/fixtures/blame/README.md)')).toBe(
      'use `[text](url)` or `![x](../../secrets.png)`; labelled sentences',
    );
    // The dev server's problems page shows each rule's fix the same way.
    const fixes = ruleFixes();
    expect(fixes.get('frontmatter/invalid')).toMatch(/^Fix the named field or fence\. `npx postmortems schema` prints every field/);
    expect([...fixes.values()].filter((fix) => /\]\((?!https?:)/.test(fix.replace(/`[^`]*`/g, '')))).toEqual([]);
  });

  test('--explain of an unknown rule: exit 2, the closest rule id as the configuration suggests it, and the name shown escaped', async () => {
    const cwd = await cleanRepository();
    const near = await checkHere(cwd, ['--explain', 'blameless/blam']);
    expect(near.code).toBe(2);
    expect(near.stdout).toBe('');
    expect(near.stderr).toBe(
      'check: Unexpected rule id `blameless/blam`, expected one of the rule ids (`npm run check -- --list-rules`); did you mean `blameless/blame`?\n',
    );
    const hostile = await checkHere(cwd, ['--explain', 'x\u001b[2J\n::error::forged']);
    expect(hostile.code).toBe(2);
    expect(hostile.stderr).not.toContain('\u001b');
    expect(hostile.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  test("the test suite's sample repository has no errors", async () => {
    const run = await checkHere(join(PROJECT, 'test/fixtures/repository'), ['--today', '2026-11-23', '--format', 'json']);
    const report = JSON.parse(run.stdout) as { files: number; errors: number; messages: { severity: string }[] };
    expect(report.messages.filter((m) => m.severity === 'error')).toEqual([]);
    expect(report.errors).toBe(0);
    expect(report.files).toBeGreaterThanOrEqual(10);
    expect(run.code).toBe(0);
  });
});
