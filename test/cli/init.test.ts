/** `npm run init`: an organisation makes the repository its own (issue "Adoption", items 1 and 5). */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { terminal } from '../helpers/terminal.ts';
import { renderCodeowners } from '../../packages/astro-postmortems/src/cli/codeowners.ts';
import {
  hashText,
  INIT_OWNED,
  runInit,
  webUrlFromRemote,
  withoutSampleHandles,
  type InitIo,
  type SampleManifest,
} from '../../packages/astro-postmortems/src/cli/init.ts';
import { build, linkNodeModules, ROOT } from '../helpers/site.ts';

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

function io(cwd: string, origin?: string): InitIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd, env: {}, isTTY: false, stdout: (t) => out.push(t), stderr: (t) => err.push(t), gitOrigin: () => origin, out, err };
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** A small repository with two samples of a made-up manifest. */
function fixture(): { root: string; manifest: SampleManifest } {
  const root = mkdtempSync(join(tmpdir(), 'pm-init-'));
  temps.push(root);
  linkNodeModules(root);
  const samples = { 'postmortems/2025-01-01-a.mdx': 'sample a\n', 'postmortems/2025/2025-02-02-b.mdx': 'sample b\n' };
  for (const [p, t] of Object.entries(samples)) write(root, p, t);
  write(
    root,
    'postmortems.config.ts',
    "export default { title: 'Sample Co Postmortems', description: 'About Sample Co.', repository: { url: 'https://github.com/sample-co/postmortems' }, severities: ['SEV1', 'SEV2'] };\n",
  );
  const manifest: SampleManifest = {
    files: Object.entries(samples).map(([path, text]) => ({
      path,
      id: path.replace(/^.*\//, '').replace(/\.mdx$/, ''),
      sha256: hashText(text),
    })),
    sampleConfig: {
      title: hashText('Sample Co Postmortems'),
      description: hashText('About Sample Co.'),
      repositoryUrl: hashText('https://github.com/sample-co/postmortems'),
    },
  };
  return { root, manifest };
}

const files = (root: string) => (readdirSync(join(root, 'postmortems'), { recursive: true }) as string[]).sort();

describe('init', () => {
  it('writes the configuration, keeps other options, removes the samples only, and is safe to run twice', async () => {
    const { root, manifest } = fixture();
    write(root, 'postmortems/2026-03-03-ours.mdx', 'our own\n');
    const first = io(root, 'git@github.com:kestrel-freight/postmortems.git');
    expect(await runInit(['--title', 'Kestrel Freight Postmortems', '--yes'], first, manifest)).toBe(0);
    expect(first.err).toEqual([]);
    expect(files(root)).toEqual(['2026-03-03-ours.mdx']);
    const config = readFileSync(join(root, 'postmortems.config.ts'), 'utf8');
    expect(config).toContain("title: 'Kestrel Freight Postmortems'");
    expect(config).toContain("url: 'https://github.com/kestrel-freight/postmortems'");
    expect(config).toContain("severities: [\n    'SEV1',\n    'SEV2'\n  ]");
    expect(config).not.toMatch(/Sample Co/);
    expect(first.out.join('\n')).toMatch(/Next steps:/);
    expect(first.out.join('\n')).toMatch(/Kept 1 file under postmortems\/ that is not a sample/);

    const second = io(root, 'git@github.com:somewhere/else.git');
    expect(await runInit(['--yes'], second, manifest)).toBe(0);
    expect(second.out.join('\n')).toMatch(/nothing to change/);
    expect(readFileSync(join(root, 'postmortems.config.ts'), 'utf8')).toBe(config);
  });

  it('writes any title and description so that the configuration still loads: line breaks, quotes, backslashes, controls', async () => {
    const { root, manifest } = fixture();
    const title = 'Kestrel\'s \\ "Freight"\nline\r\u2028\u001b[2J end';
    expect(await runInit(['--title', title, '--description', `${title} too`, '--keep-samples', '--yes'], io(root), manifest)).toBe(0);
    // A second run reads the file back (in a child process, as Node imports it): nothing to change means the same values.
    const again = io(root);
    expect(await runInit(['--title', title, '--description', `${title} too`, '--keep-samples', '--yes'], again, manifest)).toBe(0);
    expect(again.err).toEqual([]);
    expect(again.out.join('\n')).toMatch(/nothing to change/);
  });

  it('refuses to remove an edited sample, and changes nothing', async () => {
    const { root, manifest } = fixture();
    write(root, 'postmortems/2025-01-01-a.mdx', 'sample a, edited by us\n');
    const before = readFileSync(join(root, 'postmortems.config.ts'), 'utf8');
    const run = io(root);
    expect(await runInit(['--title', 'X', '--yes'], run, manifest)).toBe(1);
    expect(run.err.join('\n')).toMatch(
      /refusing to remove sample postmortems that were edited[\s\S]*postmortems\/2025-01-01-a\.mdx[\s\S]*Nothing was changed/,
    );
    // Every file as it was: the edited sample kept with our edit, the unedited one not removed either, no .gitkeep.
    expect(files(root)).toEqual(['2025', '2025-01-01-a.mdx', '2025/2025-02-02-b.mdx']);
    expect(readFileSync(join(root, 'postmortems/2025-01-01-a.mdx'), 'utf8')).toBe('sample a, edited by us\n');
    expect(readFileSync(join(root, 'postmortems/2025/2025-02-02-b.mdx'), 'utf8')).toBe('sample b\n');
    expect(readFileSync(join(root, 'postmortems.config.ts'), 'utf8')).toBe(before);
  });

  it('writes CODEOWNERS when asked (postmortems/ to content reviewers, the configuration to engine owners), drops a sample repository URL without a remote, and checks its flags', async () => {
    const { root, manifest } = fixture();
    const lone = io(root);
    // Content reviewers alone would be given nothing else, but the configuration (code) must not go unreviewed.
    expect(await runInit(['--title', 'T', '--codeowners', '@acme/incident-review', '--yes'], lone, manifest)).toBe(2);
    expect(lone.err.join('\n')).toMatch(/--engine-owners .*Nothing was changed/);
    // Owners are logins, teams or e-mail addresses: a line break would write a rule of its own, a `#` would end the line.
    for (const [flag, owners] of [
      ['--codeowners', '@acme/review\n* @mallory'],
      ['--engine-owners', '@acme/engine # @acme/security'],
      ['--engine-owners', 'acme-engine'],
    ]) {
      const bad = io(root);
      const args = ['--title', 'T', '--codeowners', '@acme/review', '--engine-owners', '@acme/engine', '--yes'];
      args[args.indexOf(flag!) + 1] = owners!;
      expect(await runInit(args, bad, manifest)).toBe(2);
      expect(bad.err.join('\n')).toMatch(new RegExp(`^init: ${flag}: \\S+ is not a GitHub login .*Nothing was changed\\.$`));
    }
    expect(existsSync(join(root, '.github/CODEOWNERS'))).toBe(false);
    expect(files(root)).toContain('2025-01-01-a.mdx');
    const run = io(root);
    expect(
      await runInit(
        [
          '--title',
          'T',
          '--codeowners',
          '@acme/incident-review',
          '--engine-owners',
          '@acme/postmortem-engine',
          '--base-path',
          'pm',
          '--yes',
        ],
        run,
        manifest,
      ),
    ).toBe(0);
    const codeowners = readFileSync(join(root, '.github/CODEOWNERS'), 'utf8');
    expect(codeowners).toMatch(/^\/postmortems\/\s+@acme\/incident-review$/m);
    expect(codeowners).toMatch(/^\/postmortems\.config\.ts\s+@acme\/postmortem-engine$/m);
    expect(codeowners).toMatch(/^\*\s+@acme\/postmortem-engine$/m);
    // The one renderer `create` writes with too (test/create.test.ts).
    expect(codeowners).toBe(renderCodeowners({ content: '@acme/incident-review', engine: '@acme/postmortem-engine' }));
    expect(run.out.join('\n')).toMatch(/@acme\/postmortem-engine reviews postmortems\.config\.ts/);
    const config = readFileSync(join(root, 'postmortems.config.ts'), 'utf8');
    expect(config).not.toContain('repository');
    expect(config).toContain("basePath: '/pm/'");
    expect(run.out.join('\n')).toMatch(/No repository URL/);
    expect(existsSync(join(root, 'postmortems/.gitkeep'))).toBe(true);

    const notTty = io(root);
    expect(await runInit(['--title', 'T'], notTty, manifest)).toBe(2);
    expect(notTty.err.join('\n')).toMatch(/not a terminal.*--yes/);
    const badUrl = io(root);
    expect(await runInit(['--repository', 'not a url', '--yes'], badUrl, manifest)).toBe(2);
    expect(badUrl.err.join('\n')).toMatch(/repository\.url/);
  });

  it("removes the sample GitHub handles from github.owners, keeps the organisation's own, and drops what is left empty", async () => {
    const { root, manifest } = fixture();
    write(
      root,
      'postmortems.config.ts',
      "export default { title: 'Sample Co Postmortems', github: { owners: { 'platform-sre': ['sc-oncall'], checkout: ['@SC-Lead', 'our-own'] }, labels: ['pm'] } };\n",
    );
    const withHandles = { ...manifest, sampleConfig: { ...manifest.sampleConfig, githubHandles: ['sc-oncall', 'sc-lead'].map(hashText) } };
    const run = io(root);
    expect(await runInit(['--yes'], run, withHandles)).toBe(0);
    const config = readFileSync(join(root, 'postmortems.config.ts'), 'utf8');
    expect(config).not.toMatch(/sc-oncall|sc-lead|platform-sre/i);
    expect(config).toMatch(/checkout: \[\s*'our-own'\s*\]/);
    expect(config).toContain("labels: [\n      'pm'\n    ]");
    expect(withoutSampleHandles({ a: ['x'] }, () => true)).toBeUndefined();
    expect(withoutSampleHandles(undefined, () => true)).toBeUndefined();
  });

  it("removes upstream's own CODEOWNERS (it names the sample organisation) with the samples, only while unchanged, unless told who reviews", async () => {
    const shipped = '* @sample-co/engine\n/postmortems/ @sample-co/review\n';
    for (const [text, removed] of [
      [shipped, true],
      [`${shipped}/docs/ @ours\n`, false],
    ] as const) {
      const { root, manifest } = fixture();
      write(root, '.github/CODEOWNERS', text);
      const run = io(root);
      expect(await runInit(['--title', 'T', '--yes'], run, { ...manifest, sampleCodeowners: hashText(shipped) })).toBe(0);
      expect(existsSync(join(root, '.github/CODEOWNERS')), text).toBe(!removed);
      if (removed) expect(run.out.join('\n')).toMatch(/removed the sample \.github\/CODEOWNERS/);
    }
    // Told who reviews, while the samples go: the shipped file is replaced with those owners, never removed.
    {
      const { root, manifest } = fixture();
      write(root, '.github/CODEOWNERS', shipped);
      const run = io(root);
      const args = ['--title', 'T', '--codeowners', '@acme/review', '--engine-owners', '@acme/engine', '--yes'];
      expect(await runInit(args, run, { ...manifest, sampleCodeowners: hashText(shipped) })).toBe(0);
      expect(readFileSync(join(root, '.github/CODEOWNERS'), 'utf8')).toBe(
        renderCodeowners({ content: '@acme/review', engine: '@acme/engine' }),
      );
      expect(run.out.join('\n')).toContain(
        'removed 2 sample postmortems; wrote .github/CODEOWNERS (@acme/review reviews postmortems/, @acme/engine reviews postmortems.config.ts and the rest).',
      );
      expect(run.out.join('\n')).not.toMatch(/removed the sample \.github\/CODEOWNERS/);
    }
    const { root, manifest } = fixture();
    write(root, '.github/CODEOWNERS', shipped);
    expect(await runInit(['--title', 'T', '--keep-samples', '--yes'], io(root), { ...manifest, sampleCodeowners: hashText(shipped) })).toBe(
      0,
    );
    expect(readFileSync(join(root, '.github/CODEOWNERS'), 'utf8')).toBe(shipped);
  });

  it('turns git remotes into web URLs', () => {
    expect(webUrlFromRemote('git@github.com:acme/pm.git')).toBe('https://github.com/acme/pm');
    expect(webUrlFromRemote('https://github.com/acme/pm.git')).toBe('https://github.com/acme/pm');
    expect(webUrlFromRemote('https://user:token@gitlab.example.com/acme/pm')).toBe('https://gitlab.example.com/acme/pm');
    expect(webUrlFromRemote('ssh://git@github.com/acme/pm.git')).toBe('https://github.com/acme/pm');
    expect(webUrlFromRemote('')).toBeUndefined();
  });
});

describe('init on a terminal', () => {
  it('asks for the title, description, repository (default: origin), branch, base path, owners and the samples', async () => {
    const { root, manifest } = fixture();
    const ENTER = '\r';
    const term = terminal([
      ['Site title', `${'\x7f'.repeat(40)}Kestrel Freight Postmortems${ENTER}`],
      ['One-sentence description', ENTER],
      ['Repository web URL', ENTER],
      ['Branch the site is built from', ENTER],
      ['Path the site is served under', ENTER],
      ['Owners who must review postmortems/', `@kestrel-freight/incident-review${ENTER}`],
      ['Owners who must review postmortems.config.ts', `@kestrel-freight/postmortem-engine${ENTER}`],
      ['Remove the 2 sample postmortems?', ENTER],
    ]);
    const run = { ...io(root, 'git@github.com:kestrel-freight/postmortems.git'), isTTY: true, input: term.input, output: term.output };
    expect(await runInit([], run, manifest)).toBe(0);
    expect(term.done()).toBe(true);
    const config = readFileSync(join(root, 'postmortems.config.ts'), 'utf8');
    expect(config).toContain("title: 'Kestrel Freight Postmortems'");
    expect(config).toContain("url: 'https://github.com/kestrel-freight/postmortems'");
    expect(config).not.toContain('basePath');
    expect(readFileSync(join(root, '.github/CODEOWNERS'), 'utf8')).toMatch(/^\/postmortems\/\s+@kestrel-freight\/incident-review$/m);
    expect(readFileSync(join(root, '.github/CODEOWNERS'), 'utf8')).toMatch(
      /^\/postmortems\.config\.ts\s+@kestrel-freight\/postmortem-engine$/m,
    );
    expect(files(root)).toEqual(['.gitkeep']);
  });
});

describe('init on a copy of this repository', () => {
  // Spelled in two parts so this file does not name the sample company itself.
  const SAMPLE_COMPANY = ['lantern', 'post'].join('');

  it('changes only the documented places, and afterwards neither the repository nor the built site names the sample company', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pm-init-repo-'));
    temps.push(root);
    const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter(Boolean);
    for (const path of tracked) if (existsSync(join(ROOT, path))) cpSync(join(ROOT, path), join(root, path), { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
        cwd: root,
        encoding: 'utf8',
      });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'upstream');
    linkNodeModules(root);

    // Every handle the sample configuration maps owners to: the sync would assign them issues, the report @-mention them.
    const sample = (await import(pathToFileURL(join(ROOT, 'postmortems.config.ts')).href)) as {
      default: { github?: { owners?: Record<string, string[]> } };
    };
    const handles = Object.values(sample.default.github?.owners ?? {}).flat();
    expect(handles.length).toBeGreaterThanOrEqual(5);

    const run = io(root, 'https://github.com/kestrel-freight/postmortems.git');
    const code = await runInit(
      [
        '--title',
        'Kestrel Freight Postmortems',
        '--codeowners',
        '@kestrel-freight/incident-review',
        '--engine-owners',
        '@kestrel-freight/postmortem-engine',
        '--yes',
      ],
      run,
      undefined,
    );
    expect(code, run.err.join('\n')).toBe(0);
    const changed = git('status', '--porcelain', '--untracked-files=all')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.slice(3));
    expect(changed.length).toBeGreaterThan(0);
    for (const path of changed)
      expect(
        INIT_OWNED.some((owned) => (owned.endsWith('/') ? path.startsWith(owned) : path === owned)),
        path,
      ).toBe(true);

    git('add', '-A');
    const grep = execFileSync('bash', ['-c', `git grep -il ${SAMPLE_COMPANY} -- . ':!node_modules' || true`], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(grep.trim()).toBe('');
    // Nothing of the sample that acts: no sample handle in the configuration, CODEOWNERS, issue templates or workflows.
    for (const handle of handles) {
      const found = execFileSync(
        'bash',
        ['-c', 'git grep -il -F -e "$1" -- postmortems.config.ts .github || true', '-', handle.replace(/^@/, '')],
        { cwd: root, encoding: 'utf8' },
      );
      expect(found.trim(), handle).toBe('');
    }
    const config = readFileSync(join(root, 'postmortems.config.ts'), 'utf8');
    expect(config).not.toContain('owners');

    // The site as init leaves it: the organisation's own postmortems, if any, under its own configuration.
    const result = await build(root);
    expect(result.code, result.output).toBe(0);
    expect(existsSync(join(root, 'dist/index.html'))).toBe(true);
    const home = readFileSync(join(root, 'dist/index.html'), 'utf8');
    expect(home).toContain('Kestrel Freight Postmortems');
    // A good first day: no warning that the collection is missing, a home page that says how to write the first
    // postmortem (both ways), and no empty charts.
    expect(result.output).not.toMatch(/does not exist or is empty|check your content config/i);
    expect(home).toContain('No postmortems yet: write the first one');
    expect(home).toContain('<code>npm run new</code>');
    expect(home).toContain('href="https://github.com/kestrel-freight/postmortems/new/main/postmortems"');
    expect(home).not.toContain('id="key-figures"');
    expect(home).not.toMatch(/href="\/stats\/"/);
    const stats = readFileSync(join(root, 'dist/stats/index.html'), 'utf8');
    expect(stats).toContain('No postmortems yet: write the first one');
    expect(stats).not.toContain('id="chart-');
    const dist = execFileSync('bash', ['-c', `grep -ril ${SAMPLE_COMPANY} dist || true`], { cwd: root, encoding: 'utf8' });
    expect(dist.trim()).toBe('');
  });
});
