/**
 * Issue 19, items 4 and 5: hostile values through every path that prints to a terminal or CI log, and every
 * writer of GitHub Markdown.
 *
 * A postmortem's title, owners and action-item titles, and a file name, carry line breaks (LF, CR, U+2028) followed
 * by workflow commands, the legacy `##[` form, escape sequences, bidi overrides, and Markdown aimed at GitHub
 * (a team mention, a remote image, a link, a reference, an emoji). They go through `check` (text, github, json),
 * a real `postmortems build` that only warns (the loader's warnings through Astro's logger, then the search step)
 * and one that fails, `astro dev` (the loader's watcher: in attacks/dev.test.ts, one dev server for both), and every
 * CLI command; each output is read as GitHub's
 * runner reads a log (helpers/ci-log.ts): no raw control, no line starting with `::` but the tool's own
 * annotations, no `##[`. The Markdown that `report`, `sync` (issue bodies, titles, the pull request, commit
 * messages) and `pr-summary` write is rendered with remark-gfm: nothing becomes a mention, link, image or HTML.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runActionItemsSync } from '../../packages/astro-postmortems/src/cli/action-items-sync.ts';
import { runCheck } from '../../packages/astro-postmortems/src/cli/check.ts';
import { runCreate } from '../../packages/astro-postmortems/src/cli/create.ts';
import type { CliIo } from '../../packages/astro-postmortems/src/cli/common.ts';
import { runImport } from '../../packages/astro-postmortems/src/cli/import.ts';
import { runInit } from '../../packages/astro-postmortems/src/cli/init.ts';
import { main } from '../../packages/astro-postmortems/src/cli/main.ts';
import { runNew } from '../../packages/astro-postmortems/src/cli/new.ts';
import { runPrSummary } from '../../packages/astro-postmortems/src/cli/pr-summary.ts';
import { runReportOverdue } from '../../packages/astro-postmortems/src/cli/report-overdue.ts';
import { runSchema } from '../../packages/astro-postmortems/src/cli/schema.ts';
import { runTimeline } from '../../packages/astro-postmortems/src/cli/timeline.ts';
import { resolveConfig } from '../../packages/astro-postmortems/src/core/config.ts';
import { checkRepository, findPostmortems } from '../../packages/astro-postmortems/src/core/repository.ts';
import { ciLogProblems } from '../helpers/ci-log.ts';
import { startGitHub, type FakeGitHub } from '../helpers/github-server.ts';
import { FOREIGN_MARKUP, githubTextFindings, parseGfm, renderHtml } from '../helpers/github-text.ts';
import { attack, FILE, HOSTILE, hostile } from '../helpers/shared-sites.ts';
import { CLI, createSite, run, type FixtureSite } from '../helpers/site.ts';
import { check } from './cli.ts';
import { TODAY, validPostmortem } from './postmortem.ts';

const CONFIG = "export default { repository: { url: 'https://github.com/acme/postmortems', branch: 'main' } };\n";

const sites: FixtureSite[] = [];
afterAll(() => sites.forEach((s) => rmSync(s.dir, { recursive: true, force: true })));

/** Asserts that `output` holds the hostile values (shown) and nothing the runner or a terminal would act on. */
function expectShown(output: string, evidence: string[], options: { annotations?: boolean } = {}): void {
  expect(ciLogProblems(output, options), output).toEqual([]);
  for (const e of evidence) expect(output, `evidence ${e}`).toContain(e);
}

/** The real `postmortems` binary, as an organisation's npm script runs it, in `dir`: stdout and stderr together. */
const postmortems = (dir: string, args: string[], env: Record<string, string> = {}) => run(dir, 'node', [CLI, ...args], env);

/** A recording I/O for a command run in-process: no process guard, so what is checked is what the command built. */
function recorder(cwd: string, env: Record<string, string> = {}) {
  const lines: string[] = [];
  const io: CliIo = { cwd, env, isTTY: false, stdout: (t) => void lines.push(t), stderr: (t) => void lines.push(t) };
  return { io, output: () => lines.join('\n') };
}

describe('terminal and CI output: check, a real build, astro dev', () => {
  let warns: FixtureSite;
  let fails: FixtureSite;
  beforeAll(() => {
    // File names Astro would print in its list of pages, with the rules that report them turned off: never published.
    const names = {
      'postmortems/2025-06-10-route\n::notice title=pwned-route::x.mdx': validPostmortem('r'),
      'postmortems/2025-06-10-route ##[warning]pwned-legacy.mdx': validPostmortem('l'),
    };
    // The rules that would refuse these hostile values are off, so that they reach the build's warnings and the
    // search step (text/invisible refuses the bidi controls the values hold).
    warns = createSite(
      { [HOSTILE]: hostile, ...names },
      { config: CONFIG.replace(' };', ", rules: { 'filename/pattern': 'off', 'file/unexpected': 'off', 'text/invisible': 'off' } };") },
    );
    fails = createSite(
      { [HOSTILE]: hostile, [FILE]: validPostmortem('y'), 'postmortems/2025-06-10-fine.mdx': validPostmortem('z') },
      { config: CONFIG },
    );
    sites.push(warns, fails);
    writeFileSync(join(fails.dir, 'changed.txt'), 'postmortems/2025-06-10-fine.mdx\n');
  });

  it('check --format text shows each value on its line', async () => {
    const result = await check(fails.dir, ['--today', TODAY]);
    expect(result.code).toBe(1);
    expectShown(result.stdout + result.stderr, [
      'pwned-item',
      'pwned-file',
      '\\n::notice title=pwned-item::lf\\r::error::cr\\u{2028}::warning::ls ##\\u{5b}warning]legacy \\u{1b}]0;owned\\u{7}\\u{1b}[2J\\u{202e}evil\\u{202c}',
    ]);
  });

  it('check --format github: annotations only the tool wrote, one per problem; a file whose name cannot be shown is named in the message', async () => {
    for (const args of [[], ['--changed-list', 'changed.txt']]) {
      const result = await check(fails.dir, ['--format', 'github', '--today', TODAY, ...args]);
      const out = result.stdout + result.stderr;
      expectShown(out, [], { annotations: true });
      const commands = out.split('\n').filter((l) => l.startsWith('::'));
      expect(commands.length).toBeGreaterThan(0);
      for (const line of commands)
        expect(line).toMatch(/^::(?:error|warning|notice) (?:file=postmortems\/2025-06-10-[a-z]+\.mdx,line=\d+,col=\d+,)?title=[^:,]+::/);
    }
    const all = (await check(fails.dir, ['--format', 'github', '--today', TODAY])).stdout;
    expect(all).toMatch(/^::error title=file\/unexpected::postmortems\/2025-06-10-file\\n::notice title=pwned-file::lf\\r/m);
  });

  it('check --format json decodes to the values as they are, and holds nothing the log acts on', async () => {
    const result = await check(fails.dir, ['--format', 'json', '--today', TODAY]);
    expectShown(result.stdout, []);
    const report = JSON.parse(result.stdout) as { messages: { file: string; message: string }[] };
    expect(report.messages.map((m) => m.file)).toContain(FILE);
    expect(report.messages.some((m) => m.message.includes(attack('item')))).toBe(true);
  });

  it('a build that only warns (the deploy job): the loader warning through Astro, then the search step', async () => {
    const built = await postmortems(warns.dir, ['build'], { CI: '1', SITE_URL: 'https://postmortems.example' });
    expect(built.code, built.output).toBe(0);
    expect(built.output).toContain('action-items/overdue');
    expect(built.output).toMatch(/\[search\] Pagefind indexed 1 pages/);
    expectShown(built.output, ['pwned-item', '##\\u{5b}warning]legacy']);
    expect(built.output).not.toContain('pwned-route');
    expect(built.output).not.toContain('pwned-legacy');
  });

  it('a build that fails: every problem, file names included, on its line', async () => {
    const built = await postmortems(fails.dir, ['build'], { SITE_URL: 'https://postmortems.example' });
    expect(built.code).not.toBe(0);
    expect(built.output).toContain('so the site was not built');
    expectShown(built.output, ['pwned-file', 'pwned-item']);
  });
  // astro dev (the watcher logs a new file and its problems): test/security/attacks/dev.test.ts, whose server serves
  // these values beside its own attacks.
});

describe('file names a log cannot show are never postmortems', () => {
  it('are reported as file/unexpected, whatever `rules` turn off, and never checked, published or routed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pm-names-'));
    try {
      const names = [
        '2025-06-10-a\n::notice::b.mdx',
        '2025-06-10-a\rb.mdx',
        '2025-06-10-a\u202eb.mdx',
        '2025-06-10-a ##[warning]b.mdx',
        '2025-06-10-a #\u00ad#[x]b.mdx',
        '::notice::b.mdx',
        'folder\n::x',
      ];
      for (const name of names) {
        const path = join(root, 'postmortems', name.startsWith('folder') ? `${name}/2025-06-10-inside.mdx` : name);
        mkdirSync(dirname(path), { recursive: true });
        writeFileSync(path, validPostmortem('n'));
      }
      const found = await findPostmortems(root, 'postmortems');
      expect(found.files).toEqual([]);
      expect(found.problems.map((p) => [p.rule, p.file])).toEqual(
        expect.arrayContaining(names.map((n) => ['file/unexpected', `postmortems/${n}`])),
      );
      expect(found.problems).toHaveLength(names.length);
      const result = await checkRepository({
        root,
        config: resolveConfig({ rules: { 'filename/pattern': 'off', 'file/unexpected': 'off' } }),
      });
      expect(result.checked).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('terminal and CI output: every command', () => {
  let site: FixtureSite;
  beforeAll(() => {
    site = createSite({ [HOSTILE]: hostile, [FILE]: validPostmortem('y') }, { config: CONFIG });
    sites.push(site);
    writeFileSync(join(site.dir, 'changed.txt'), `${HOSTILE}\n`);
    // A document to import whose name and headings carry the attack.
    mkdirSync(join(site.dir, 'incoming'), { recursive: true });
    // Notes for the timeline, whose name, people and text carry it.
    mkdirSync(join(site.dir, 'notes'), { recursive: true });
    writeFileSync(
      join(site.dir, 'notes', 'notes\n::notice title=pwned-timeline::x.csv'),
      `Time,Who,What\n2025-06-10 14:05,${JSON.stringify(attack('who'))},${JSON.stringify(attack('what'))}\n2025-06-10 14:20,Ana,Rolled back\n`,
    );
    writeFileSync(
      join(site.dir, 'incoming', 'doc\n::notice title=pwned-import::x ##[warning]y.md'),
      `# ${attack('heading').replace(/\n/g, ' ')}\n\nDate: 2025-06-10\n\n## Impact\n\n${attack('body')}\n\n## Action items\n\n- ${attack('action').replace(/\n/g, ' ')} (@owner, due 2025-07-01)\n`,
    );
  });

  const commands: [string, (io: CliIo) => Promise<number>, string[]][] = [
    ['check (text)', (io) => runCheck(['--today', TODAY], io), ['pwned-item', 'pwned-file']],
    [
      'check (github, changed list)',
      (io) => runCheck(['--format', 'github', '--today', TODAY, '--changed-list', 'changed.txt'], io),
      ['pwned-item'],
    ],
    ['check (a path that does not exist)', (io) => runCheck([attack('path')], io), ['pwned-path']],
    ['check (an unknown format)', (io) => runCheck(['--format', attack('format')], io), ['pwned-format']],
    ['report', (io) => runReportOverdue(['--today', TODAY], io), ['pwned-item', 'pwned-owner']],
    ['report (an unknown --today)', (io) => runReportOverdue(['--today', attack('today')], io), ['pwned-today']],
    ['sync --dry-run', (io) => runActionItemsSync(['--dry-run'], io), ['pwned-item', 'pwned-owner']],
    ['pr-summary', (io) => runPrSummary(['--today', TODAY, '--changed-list', 'changed.txt'], io), ['pwned-item', 'pwned-owner']],
    ['import (text)', (io) => runImport(['--dry-run', 'incoming'], io), ['pwned-import']],
    ['import (json)', (io) => runImport(['--dry-run', '--format', 'json', 'incoming'], io), ['pwned-import']],
    [
      'new (flags it refuses)',
      (io) =>
        runNew(
          ['--title', 'Checkout failed', '--severity', attack('severity'), '--service', attack('service'), '--slug', attack('slug')],
          io,
        ),
      ['pwned-severity', 'pwned-service', 'pwned-slug'],
    ],
    [
      'new (a title it writes)',
      (io) =>
        runNew(
          [
            '--title',
            `Checkout failed ${attack('new')}`.slice(0, 130),
            '--severity',
            'P2',
            '--service',
            'checkout-api',
            '--author',
            attack('author'),
            '--slug',
            'checkout-failed',
          ],
          io,
        ),
      ['Created'],
    ],
    ['timeline (text)', (io) => runTimeline(['notes', '--zone', 'UTC'], io), ['pwned-timeline', 'pwned-what']],
    ['timeline (json)', (io) => runTimeline(['notes', '--zone', 'UTC', '--format', 'json'], io), ['pwned-timeline', 'pwned-what']],
    ['timeline (refusals)', (io) => runTimeline(['notes', '--zone', attack('zone')], io), ['pwned-zone']],
    ['schema', (io) => runSchema(['--out', `out/${attack('schema').replace(/\//g, '-')}.json`], io), ['pwned-schema']],
    ['postmortems (an unknown command)', (io) => main([attack('command')], io), ['pwned-command']],
    ['create (an engine it refuses)', (io) => runCreate(['org', '--engine', `file:${attack('engine')}.tgz`], io), ['pwned-engine']],
    [
      'create (a folder it writes)',
      (io) => runCreate([`made/${attack('folder').replace(/\//g, '-')}`, '--title', attack('title')], io),
      ['pwned-folder'],
    ],
    // parseArgs reads `--name=value`, so the option's name ends at the first `=`.
    ['check (an unknown option)', (io) => runCheck([`--${attack('option')}`], io), ['--option\\n::notice title']],
  ];

  for (const [name, command, evidence] of commands) {
    it(`${name}: every value shown on its line`, async () => {
      const { io, output } = recorder(site.dir);
      await command(io);
      expectShown(output(), evidence, { annotations: name.includes('github') });
    });
  }

  it('init: every value shown on its line (in a copy of its own: init rewrites the configuration)', async () => {
    const copy = createSite({}, { config: CONFIG });
    sites.push(copy);
    const runs: [string[], string[]][] = [
      [['--yes', '--keep-samples', '--title', attack('init')], []],
      // Owners are refused by name, shown: they would write lines of their own into CODEOWNERS.
      [
        ['--yes', '--keep-samples', '--codeowners', attack('codeowners'), '--engine-owners', '@acme/engine'],
        ['--codeowners: codeowners\\n::'],
      ],
      [['--yes', '--keep-samples', '--codeowners', '@acme/review', '--engine-owners', attack('engine')], ['--engine-owners: engine\\n::']],
    ];
    for (const [args, evidence] of runs) {
      const { io, output } = recorder(copy.dir);
      await runInit(args, io);
      expectShown(output(), evidence);
    }
  });

  it('the real binary: the same, with its own guard', async () => {
    // Each run shows the hostile values it read, with the exit code of a run that got that far: a binary that failed
    // before reading a postmortem would print nothing hostile, and pass a check of the absence of attacks alone.
    const runs: [string[], number, string[]][] = [
      // The hostile file name is file/unexpected, an error.
      [['check', '--today', TODAY], 1, ['pwned-item', 'pwned-file']],
      [['report', '--today', TODAY], 0, ['pwned-item', 'pwned-owner']],
      [['sync', '--dry-run'], 0, ['pwned-item', 'pwned-owner']],
      [[attack('command')], 2, ['pwned-command']],
    ];
    for (const [args, code, evidence] of runs) {
      const result = await postmortems(site.dir, args);
      expect(result.code, result.output).toBe(code);
      expectShown(result.output, evidence);
    }
    // A failure the tool did not expect (no Astro installed where it runs), whose message names the folder.
    const outside = mkdtempSync(join(tmpdir(), 'pm-no-astro-'));
    try {
      const folder = join(outside, 'elsewhere\n::notice title=pwned-cwd::x');
      mkdirSync(folder);
      const crashed = await postmortems(folder, ['build']);
      expect(crashed.code).toBe(1);
      expectShown(crashed.output, ['postmortems: unexpected failure', 'pwned-cwd']);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('GitHub Markdown out: report, sync, pr-summary', () => {
  let site: FixtureSite;
  let github: FakeGitHub;
  beforeAll(async () => {
    site = createSite({ [HOSTILE]: hostile }, { config: CONFIG });
    sites.push(site);
    writeFileSync(join(site.dir, 'changed.txt'), `${HOSTILE}\n`);
    github = await startGitHub({ files: { [HOSTILE]: hostile } });
  });
  afterAll(() => github?.close());

  /** Nothing in `markdown` is a mention, reference, link, image, HTML or markup the writer did not write itself. */
  function expectInert(markdown: string, allowedLinks: (url: string) => boolean): void {
    const tree = parseGfm(markdown);
    visit(tree, (node) => {
      expect([...FOREIGN_MARKUP, 'math', 'inlineMath']).not.toContain(node.type);
      if (node.type === 'html')
        expect(node.value).toMatch(/^<!-- postmortem(?:s:overdue-action-items|-action-item: [^\s>]+ [0-9a-f]{8}) -->$/);
      if (node.type === 'link') expect(allowedLinks(node.url), node.url).toBe(true);
      // The weekly report's own footer names its workflow in italics; nothing else is emphasis.
      if (node.type === 'emphasis') expect(toString(node)).toBe('Overdue action items');
      if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'tableCell') {
        let text = '';
        visit(node, 'text', (t) => void (text += t.value));
        expect(githubTextFindings(text), text).toEqual([]);
      }
    });
    expect(renderHtml(tree)).not.toMatch(/<(?:img|script|details)\b/i);
    expect(markdown).not.toContain('@org/all-staff');
  }

  it('report: the weekly issue body', async () => {
    const { io, output } = recorder(site.dir);
    expect(await runReportOverdue(['--today', TODAY, '--base-url', 'https://acme.github.io/postmortems'], io)).toBe(0);
    expectInert(output(), (url) => url === 'https://acme.github.io/postmortems/postmortems/2025-06-10-hostile/');
    expect(output()).toContain('pwned-item');
  });

  it('sync: issue titles and bodies, the pull request and its commits', async () => {
    const { io, output } = recorder(site.dir, { GITHUB_TOKEN: 'test-token', GITHUB_API_URL: github.url });
    expect(await runActionItemsSync(['--base-url', 'https://acme.github.io/postmortems'], io)).toBe(0);
    expectShown(output(), ['opened']);
    expect(github.issues).toHaveLength(1);
    const [issue] = github.issues;
    expect(issue!.title).toContain('pwned-item');
    expect(issue!.title).not.toMatch(/[\n\r\u2028\u001b\u202e]/);
    expect(githubTextFindings(issue!.title)).toEqual([]);
    expectInert(issue!.body, (url) => url === 'https://acme.github.io/postmortems/postmortems/2025-06-10-hostile/');
    expect(github.pulls).toHaveLength(1);
    expectInert(github.pulls[0]!.body, (url) => url === issue!.html_url);
    expect(github.commits.length).toBeGreaterThan(0);
    for (const commit of github.commits) expect(githubTextFindings(commit.message)).toEqual([]);
    expect(readFileSync(join(site.dir, HOSTILE), 'utf8')).toBe(hostile);
  });

  it('pr-summary: the job summary', async () => {
    const { io, output } = recorder(site.dir);
    expect(await runPrSummary(['--today', TODAY, '--changed-list', 'changed.txt'], io)).toBe(0);
    expectInert(output(), () => false);
    expect(output()).toContain('pwned-item');
  });
});
