/**
 * `postmortems create <dir>` (issue 20, deliverable 3): an organisation's repository from the package's template,
 * holding only content, configuration, thin workflows, CODEOWNERS and Dependabot; never overwriting. The workflows it
 * writes are held to this repository's security assertions by workflows.test.ts; the repository's real install,
 * check, build and upgrade are test/upgrade/upgrade.test.ts's.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import GithubSlugger from 'github-slugger';
import type { Link } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { afterAll, describe, expect, it } from 'vitest';
import {
  engineManifest,
  planCreate,
  runCreate,
  templateFiles,
  templatePath,
  titleFromFolder,
  writePlan,
} from '../packages/astro-postmortems/src/cli/create.ts';
import { renderCodeowners } from '../packages/astro-postmortems/src/cli/codeowners.ts';
import { configSchema } from '../packages/astro-postmortems/src/core/config.ts';
import { nodesOf } from '../packages/astro-postmortems/src/core/utils/mdast.ts';
import { CLI, ENGINE_DIR, linkNodeModules, toolEnv } from './helpers/site.ts';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pm-create-'));
  temps.push(dir);
  return dir;
}
function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd, env: {}, isTTY: false, stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t), out, err };
}
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as { isFile(): boolean; parentPath: string; name: string }[])
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** What an organisation's repository holds, and nothing else (format §9). */
const EXPECTED = [
  '.github/CODEOWNERS',
  '.github/ISSUE_TEMPLATE/request-postmortem.yml',
  '.github/dependabot.yml',
  '.github/pull_request_template.md',
  '.github/workflows/action-items-sync.yml',
  '.github/workflows/check.yml',
  '.github/workflows/deploy.yml',
  '.github/workflows/overdue-report.yml',
  '.gitignore',
  '.nvmrc',
  '.remarkrc.mjs',
  '.vscode/extensions.json',
  '.vscode/settings.json',
  'CONTRIBUTING.md',
  'README.md',
  'astro.config.mjs',
  'package.json',
  'postmortems.config.ts',
  'postmortems/2026-01-15-example-expired-tls-certificate.mdx',
  'public/brand/favicon.svg',
  'src/content.config.ts',
  'tsconfig.json',
];

describe('postmortems create', () => {
  it("writes an organisation's repository: content, configuration, thin workflows, and no engine", async () => {
    const cwd = temp();
    const run = io(cwd);
    expect(await runCreate(['acme-postmortems'], run)).toBe(0);
    expect(run.err).toEqual([]);
    const dir = join(cwd, 'acme-postmortems');
    expect(tree(dir)).toEqual(EXPECTED);
    // No engine source and no engine test: two TypeScript files, both a few lines of the organisation's own.
    expect(tree(dir).filter((f) => /\.(ts|tsx|js|mjs|astro)$/.test(f))).toEqual([
      '.remarkrc.mjs',
      'astro.config.mjs',
      'postmortems.config.ts',
      'src/content.config.ts',
    ]);
    expect(readFileSync(join(dir, 'astro.config.mjs'), 'utf8').trim().split('\n').filter(Boolean)).toHaveLength(3);

    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      name: string;
      private: boolean;
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
    };
    const engine = engineManifest();
    expect(pkg).toMatchObject({ name: 'acme-postmortems', private: true });
    expect(pkg.dependencies).toEqual({ 'astro-postmortems': `^${engine.version}`, astro: engine.peerDependencies['astro'] });
    // The organisation's tests are its content's: the rules, then the build; never the engine's tests.
    expect(pkg.scripts['test']).toBe('postmortems check && postmortems build');
    expect(Object.values(pkg.scripts).join('\n')).not.toMatch(/vitest|jest|mocha|node --test/);
    // Every `npm run …` its README and the engine's own README (the npm page) tell the organisation to use is a script.
    const named = (text: string) => [...text.matchAll(/npm run ([a-z][a-z:-]*)/g)].map((m) => m[1]!);
    const told = new Set([
      ...named(readFileSync(join(dir, 'README.md'), 'utf8')),
      ...named(readFileSync(join(ENGINE_DIR, 'README.md'), 'utf8')),
    ]);
    expect([...told].filter((script) => !Object.hasOwn(pkg.scripts, script))).toEqual([]);
    expect(told).toContain('timeline');
    expect(pkg.scripts['timeline']).toBe('postmortems timeline');

    const config = readFileSync(join(dir, 'postmortems.config.ts'), 'utf8');
    expect(config).toContain("title: 'Acme Postmortems',");
    expect(run.out.join('\n')).toMatch(/Next:\n {2}cd acme-postmortems\n {2}npm install/);
  });

  it("gives the organisation this repository's writing guide (all but its tooling section), review checklist and request form", () => {
    const files = templateFiles();
    const ours = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
    const [guide, tooling] = ours('CONTRIBUTING.md').split('\n## Changing the tooling\n');
    expect(tooling, 'CONTRIBUTING.md still ends with its tooling section').toBeTruthy();
    expect(readFileSync(files.get('CONTRIBUTING.md')!, 'utf8')).toBe(
      `${guide!.replace('- [Changing the tooling](#changing-the-tooling)\n', '').trimEnd()}\n`,
    );
    for (const path of ['.github/pull_request_template.md', '.github/ISSUE_TEMPLATE/request-postmortem.yml'])
      expect(readFileSync(files.get(path)!, 'utf8'), path).toBe(ours(path));
  });

  it('writes a guide and a README whose every link resolves in the repository it writes', async () => {
    const cwd = temp();
    expect(await runCreate(['acme'], io(cwd))).toBe(0);
    const dir = join(cwd, 'acme');
    const slugs = (text: string) => {
      const slugger = new GithubSlugger();
      return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slugger.slug(m[1]!)));
    };
    let links = 0;
    for (const doc of ['CONTRIBUTING.md', 'README.md']) {
      const text = readFileSync(join(dir, doc), 'utf8');
      // Links as Markdown reads them: an example in a code span (`![…](./chart.png)`) is not one.
      const targets = nodesOf(unified().use(remarkParse).parse(text)).flatMap((n) => (n.type === 'link' ? [(n as Link).url] : []));
      for (const target of targets) {
        if (/^[a-z]+:/.test(target)) continue;
        links++;
        const [file, anchor] = target.split('#');
        const inFile = file ? readFileSync(join(dir, file), 'utf8') : text;
        if (anchor) expect(slugs(inFile), `${doc}: ${target}`).toContain(anchor);
      }
    }
    expect(links).toBeGreaterThanOrEqual(10);
  });

  it('documents every option of the configuration in the postmortems.config.ts it writes', () => {
    const template = readFileSync(templateFiles().get('postmortems.config.ts')!, 'utf8');
    const shape = (configSchema._zod.def as { shape: Record<string, unknown> }).shape;
    const missing = Object.keys(shape).filter((option) => !new RegExp(`^\\s*(?://\\s*)?${option}:`, 'm').test(template));
    expect(missing).toEqual([]);
  });

  it('writes a configuration that loads, whatever the title holds', async () => {
    const cwd = temp();
    const title = "O'Brien \\ Sons `Postmortems` ${x} */ \u0007";
    expect(await runCreate(['pm', '--title', title], io(cwd))).toBe(0);
    const dir = join(cwd, 'pm');
    linkNodeModules(dir);
    const script = `const m = await import(${JSON.stringify(join(dir, 'postmortems.config.ts'))}); process.stdout.write(m.default.title);`;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8', env: toolEnv() });
    expect(out.stderr).toBe('');
    expect(out.stdout).toBe("O'Brien \\ Sons `Postmortems` ${x} */");
    expect(readFileSync(join(dir, 'README.md'), 'utf8').split('\n')[0]).toBe("# O'Brien \\\\ Sons \\`Postmortems\\` ${x} \\*/");
  });

  it("the example postmortem passes check --strict, and the organisation's check finds it", () => {
    const cwd = temp();
    const result = spawnSync(process.execPath, [CLI, 'create', 'org'], { cwd, encoding: 'utf8', env: toolEnv() });
    expect(result.status, result.stderr).toBe(0);
    const dir = join(cwd, 'org');
    linkNodeModules(dir);
    const check = spawnSync(process.execPath, [CLI, 'check', '--strict', '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
      env: toolEnv(),
    });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ files: 1, errors: 0, warnings: 0 });
  });

  it('names the owners in CODEOWNERS: content reviewers for postmortems/, engine owners for the configuration and code', async () => {
    const cwd = temp();
    expect(
      await runCreate(['o', '--content-owners', '@acme/incident-review', '--engine-owners', '@acme/sre-platform @alice'], io(cwd)),
    ).toBe(0);
    const owners = readFileSync(join(cwd, 'o/.github/CODEOWNERS'), 'utf8');
    expect(owners).toMatch(/^\/postmortems\/\s+@acme\/incident-review$/m);
    expect(owners).toMatch(/^\/postmortems\.config\.ts\s+@acme\/sre-platform @alice$/m);
    expect(owners).toMatch(/^\/\.github\/\s+@acme\/sre-platform @alice$/m);
    expect(owners).toMatch(/^\*\s+@acme\/sre-platform @alice$/m);
    // The configuration's line comes after the catch-all (the last match wins), and is never the content reviewers'.
    expect(owners.indexOf('/postmortems.config.ts')).toBeGreaterThan(owners.indexOf('* '));
    expect(owners).not.toMatch(/^\/postmortems\.config\.ts\s+.*incident-review/m);
    // The one renderer `init` writes with too (test/cli/init.test.ts).
    expect(owners).toBe(renderCodeowners({ content: '@acme/incident-review', engine: '@acme/sre-platform @alice' }));

    const bad = io(cwd);
    expect(await runCreate(['p', '--content-owners', 'acme team\n* @evil'], bad)).toBe(2);
    expect(bad.err.join('\n')).toMatch(/--content-owners: .* is not a GitHub login/);
  });

  it('depends on a packed engine by a path relative to the new repository (offline), or on a given range', async () => {
    const cwd = temp();
    mkdirSync(join(cwd, 'packs'));
    writeFileSync(join(cwd, 'packs/astro-postmortems-9.9.9.tgz'), 'not really a tarball');
    expect(await runCreate(['deep/org', '--engine', 'file:packs/astro-postmortems-9.9.9.tgz'], io(cwd))).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'deep/org/package.json'), 'utf8')).dependencies['astro-postmortems']).toBe(
      'file:../../packs/astro-postmortems-9.9.9.tgz',
    );
    expect(await runCreate(['ranged', '--engine', '~0.3.1'], io(cwd))).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'ranged/package.json'), 'utf8')).dependencies['astro-postmortems']).toBe('~0.3.1');

    for (const spec of ['file:packs/missing.tgz', 'file:packs', '"; rm -rf /', 'git+https://example.com/x.git']) {
      const run = io(cwd);
      expect(await runCreate([`bad-${temps.length}`, '--engine', spec], run), spec).toBe(2);
      expect(run.err.join('\n')).toMatch(/--engine/);
    }
  });

  it('refuses a folder that is not empty, or a file, and writes nothing', async () => {
    const cwd = temp();
    mkdirSync(join(cwd, 'taken'));
    writeFileSync(join(cwd, 'taken/notes.txt'), 'ours\n');
    const run = io(cwd);
    expect(await runCreate(['taken'], run)).toBe(1);
    expect(run.err.join('\n')).toMatch(/taken is not empty; nothing was written/);
    expect(readdirSync(join(cwd, 'taken'))).toEqual(['notes.txt']);

    writeFileSync(join(cwd, 'a-file'), 'x');
    expect(await runCreate(['a-file'], io(cwd))).toBe(1);
    expect(readFileSync(join(cwd, 'a-file'), 'utf8')).toBe('x');

    // An empty folder is fine (e.g. a fresh clone's working directory).
    mkdirSync(join(cwd, 'empty'));
    expect(await runCreate(['empty'], io(cwd))).toBe(0);
    expect(await runCreate([], io(cwd))).toBe(2);
    expect(await runCreate(['x', 'y'], io(cwd))).toBe(2);
  });

  it('never replaces a file that appears while it writes', async () => {
    const cwd = temp();
    const plan = planCreate(cwd, 'race', {});
    if ('error' in plan) throw new Error(plan.error);
    mkdirSync(join(cwd, 'race/.github'), { recursive: true });
    writeFileSync(join(cwd, 'race/.github/CODEOWNERS'), 'theirs\n');
    await expect(writePlan(plan)).rejects.toThrow(/EEXIST/);
    expect(readFileSync(join(cwd, 'race/.github/CODEOWNERS'), 'utf8')).toBe('theirs\n');
  });

  it('maps template names to dot-files, and titles from folder names', () => {
    expect(templatePath('_github/workflows/check.yml')).toBe('.github/workflows/check.yml');
    expect(templatePath('_gitignore')).toBe('.gitignore');
    expect(templatePath('public/brand/favicon.svg')).toBe('public/brand/favicon.svg');
    expect(titleFromFolder('acme-postmortems')).toBe('Acme Postmortems');
    expect(titleFromFolder('kestrel_freight')).toBe('Kestrel Freight Postmortems');
    // Nothing of the template is executable or a link.
    for (const from of templateFiles().values()) expect(statSync(from).mode & 0o111).toBe(0);
  });
});
