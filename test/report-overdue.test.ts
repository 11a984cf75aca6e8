import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { CLI } from './helpers/site.ts';
import { runHere } from './helpers/cli.ts';
import { FOREIGN_MARKUP, parseGfm } from './helpers/github-text.ts';
import { describe, expect, it } from 'vitest';
import {
  collectOverdue,
  formatReport,
  postmortemLink,
  REPORT_MARKER,
  runReportOverdue,
} from '../packages/astro-postmortems/src/cli/report-overdue.ts';
import type { CliIo } from '../packages/astro-postmortems/src/cli/check.ts';
import { ROOT, validPostmortem } from './helpers/site.ts';

const fixture = fileURLToPath(new URL('./fixtures/overdue/', import.meta.url));

async function run(argv: string[], env: Record<string, string> = {}, cwd = fixture) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { cwd, env, isTTY: false, stdout: (t) => out.push(t), stderr: (t) => err.push(t) };
  const code = await runReportOverdue(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run report:overdue', () => {
  it('groups overdue open and in-progress items by owner, with counts, due dates and days overdue', async () => {
    const { code, out } = await run(['--today', '2026-06-10', '--base-url', 'https://acme.github.io/postmortems/']);
    expect(code).toBe(0);
    expect(out.startsWith(REPORT_MARKER)).toBe(true);
    expect(out).toContain('**3 overdue action items** for 2 owners, as of 2026-06-10.');
    // Owners compare case-insensitively; the first spelling met is shown.
    expect(out).toContain('| payments-team | 2 |');
    expect(out).toContain('| Platform-SRE | 1 |');
    expect(out).toContain('## payments-team (2)');
    expect(out).toContain('## Platform-SRE (1)');
    // Oldest due date first within an owner; done, wont-do and not-yet-due items are left out.
    const payments = out.slice(out.indexOf('## payments-team'), out.indexOf('## Platform-SRE'));
    expect(payments.indexOf('Retry budget')).toBeLessThan(payments.indexOf('Alert on p99'));
    expect(out).not.toContain('Already finished work');
    expect(out).not.toContain('Dropped idea');
    expect(out).not.toContain('Not due yet');
    expect(out).not.toContain('Queue depth alert'); // due 2026-06-15, not overdue on 2026-06-10
    expect(out).toContain(
      '| [Alert on p99 latency of the card processor \\| not only errors](https://tracker.example.com/PAY-1) | [Payments API timed out for card payments](https://acme.github.io/postmortems/postmortems/2026-03-02-payments-api-timeouts/) | 2026-04-01 | 70 | open |',
    );
    expect(out).toContain(
      '| Retry budget for the processor client | [Payments API timed out for card payments](https://acme.github.io/postmortems/postmortems/2026-03-02-payments-api-timeouts/) | 2026-03-20 | 82 | in-progress |',
    );
    // Ids ignore sub-folders; non-published postmortems say so.
    expect(out).toContain(
      '[Queue outage delayed label generation](https://acme.github.io/postmortems/postmortems/2026-05-19-queue-outage/) (in-review) | 2026-06-01 | 9 | open |',
    );
  });

  it('says which postmortems it could not read instead of silently dropping their items', async () => {
    const { out } = await run(['--today', '2026-06-10']);
    expect(out).toContain('1 postmortem could not be read');
    expect(out).toContain('`postmortems/2026-07-01-broken-frontmatter.mdx`');
  });

  it('builds links from SITE_URL and BASE_PATH, like the site build', async () => {
    const { out } = await run(['--today', '2026-06-10'], { SITE_URL: 'https://acme.github.io', BASE_PATH: '/postmortems' });
    expect(out).toContain('](https://acme.github.io/postmortems/postmortems/2026-03-02-payments-api-timeouts/)');
  });

  it('falls back to links to the files in the repository, or to plain paths', () => {
    const pm = { id: '2026-05-19-queue-outage', path: 'postmortems/2026/2026-05-19-queue-outage.mdx' };
    expect(postmortemLink(pm, { repository: { url: 'https://github.com/acme/postmortems/', branch: 'main' } })).toBe(
      'https://github.com/acme/postmortems/blob/main/postmortems/2026/2026-05-19-queue-outage.mdx',
    );
    expect(postmortemLink(pm, {})).toBeUndefined();
    const report = collectOverdue(
      [
        {
          id: pm.id,
          path: pm.path,
          data: {
            title: 'Queue outage',
            status: 'published',
            actionItems: [{ title: 'X', owner: 'ops', due: '2026-01-01', status: 'open' }],
          } as never,
        },
      ],
      '2026-01-02',
    );
    expect(formatReport(report, {})).toContain(
      '| X | Queue outage (`postmortems/2026/2026-05-19-queue-outage.mdx`) | 2026-01-01 | 1 | open |',
    );
  });

  it('reports that nothing is overdue rather than printing nothing', async () => {
    const { code, out } = await run(['--today', '2026-03-01']);
    expect(code).toBe(0);
    expect(out).toContain('No overdue action items as of 2026-03-01.');
    expect(out).not.toContain('| Owner |');
  });

  it('writes to --output for the workflow', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pm-report-'));
    try {
      const file = join(dir, 'report.md');
      const { code, err, out } = await run(['--today', '2026-06-10', '--output', file]);
      expect(code).toBe(0);
      expect(out).toBe('');
      expect(err).toContain(`3 overdue action items written to ${file}`);
      expect(await readFile(file, 'utf8')).toContain('## payments-team (2)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sets the step output `overdue` in GitHub Actions, for the workflow to open or close the issue', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pm-report-'));
    try {
      const output = join(dir, 'github-output');
      await run(['--today', '2026-06-10', '--output', join(dir, 'r.md')], { GITHUB_OUTPUT: output });
      await run(['--today', '2026-03-01', '--output', join(dir, 'r.md')], { GITHUB_OUTPUT: output });
      expect(await readFile(output, 'utf8')).toBe('overdue=3\ndrift=0\nmentions=\noverdue=0\ndrift=0\nmentions=\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on bad usage with a clear message', async () => {
    expect((await run(['--today', '2026-13-01'])).err).toContain('Unexpected --today `2026-13-01`, expected a date YYYY-MM-DD');
    expect((await run(['--today', '2026-13-01'])).code).toBe(2);
    expect((await run(['--base-url', 'acme.github.io'])).code).toBe(2);
    expect((await run(['--nope'])).code).toBe(2);
    expect((await run(['--help'])).out).toContain('Usage: npm run report:overdue');
  });
});

describe('npm run report:overdue with hostile postmortems', () => {
  /** Owners, titles, links and file names that try to inject Markdown, HTML, mentions, references or table cells. */
  const OWNERS = [
    '@everyone',
    '[x](javascript:alert(1))',
    '<img src=x onerror=alert(1)>',
    '| pipes | break | tables |',
    '`code` and ```fence``` and \\`',
    'two\nlines\n\n# Heading\n- list item\r\n> quote',
    '&#64;acme/security &lt;b&gt; &amp;',
    '**bold** _em_ ~~strike~~ $x^2$ \\| backslash ![i](https://evil.example/i.png)',
    'see #123, acme/other#1, GH-42 and @acme/security-team',
  ];
  const LINKS = [
    'https://evil.example/a)](javascript:alert(1)) | x',
    'https://t.example/?q=<b>&amp;x=`y`|z&lt;',
    'https://tracker.example.com/PAY-1',
  ];
  const PM_TITLE = '<script>alert(1)</script> @channel #9 [t](https://evil.example)';

  function hostilePostmortem(): string {
    const items = OWNERS.map((owner, i) =>
      [
        `  - title: ${JSON.stringify(`Fix <b onmouseover=alert(${i})>it</b> for @here | ${owner}`)}`,
        `    owner: ${JSON.stringify(owner)}`,
        '    due: 2026-04-01',
        ...(i < LINKS.length ? [`    link: ${JSON.stringify(LINKS[i])}`] : []),
      ].join('\n'),
    ).join('\n');
    return validPostmortem((t) =>
      t
        .replace('title: Checkout latency after cache flush', `title: ${JSON.stringify(PM_TITLE)}`)
        .replace(/actionItems:\n(?: {2}- [\s\S]*?)(?=---)/, `actionItems:\n${items}\n`),
    );
  }

  /**
   * `postmortems report …`, what `npm run report:overdue` runs, in a folder of real postmortem files: through the real
   * process, or (`here`) as `runReportOverdue` in this one, its output as the process writes it (test/helpers/cli.ts).
   */
  async function report(args: string[], here = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'pm-hostile-'));
    try {
      await mkdir(join(dir, 'postmortems'));
      await writeFile(join(dir, 'postmortems/2024-03-02-hostile|name`x`.mdx'), hostilePostmortem());
      await writeFile(join(dir, 'postmortems/2024-03-03-unreadable ``|`@everyone.mdx'), '---\ntitle: [unclosed\n---\n');
      if (here) return await runHere(runReportOverdue, dir, ['--today', '2026-06-10', ...args]);
      return await new Promise((resolvePromise, reject) => {
        execFile(
          join(ROOT, 'node_modules/.bin/node'),
          [CLI, 'report', '--today', '2026-06-10', ...args],
          { cwd: dir, env: { PATH: process.env['PATH'] ?? '' }, encoding: 'utf8' },
          (error, stdout, stderr) => {
            if (error && typeof error.code !== 'number') reject(error);
            else resolvePromise({ code: error ? (error.code as number) : 0, stdout, stderr });
          },
        );
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** What GitHub shows for a value written as plain text: whitespace runs are one space (and zero-width spaces break mentions, references and autolinks, read here without them). */
  const shown = (value: string) => value.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  const visibleText = (node: Parameters<typeof toString>[0]) => toString(node).replaceAll('\u200B', '');

  /** Cells of a GFM table row: split on pipes no backslash escapes. */
  const cells = (line: string) => line.split(/(?<!\\)\|/).slice(1, -1);

  /** Checks the Markdown with a real GFM parser (tables, autolink literals, strikethrough, footnotes); returns the parsed tree. */
  function expectInert(markdown: string, allowedLinks: readonly string[]): Root {
    const tree = parseGfm(markdown);
    const kinds = new Map<string, number>();
    const links: string[] = [];
    const html: string[] = [];
    visit(tree, (node) => {
      kinds.set(node.type, (kinds.get(node.type) ?? 0) + 1);
      if (node.type === 'link') links.push(node.url);
      if (node.type === 'html') html.push(node.value);
    });
    // No HTML, images, emphasis, lists or definitions came from the values: only the report's own structure
    // (its marker comment, the `**N items**` line, the warning quote, the rule above the footer and its one emphasis).
    expect(html).toEqual([REPORT_MARKER]);
    expect(kinds.get('strong')).toBe(1);
    expect(kinds.get('thematicBreak')).toBe(1);
    expect(kinds.get('blockquote')).toBe(1);
    expect(kinds.get('emphasis')).toBe(1); // *Overdue action items* in the footer
    for (const kind of [...FOREIGN_MARKUP, 'list', 'listItem']) expect(kinds.get(kind), kind).toBeUndefined();
    expect(new Set(links)).toEqual(new Set(allowedLinks));
    for (const url of links) expect(url).toMatch(/^https:\/\//);
    // Headings: the title and one per owner, and nothing else became one.
    const headings: string[] = [];
    visit(tree, 'heading', (h) => void headings.push(`${h.depth} ${visibleText(h)}`));
    expect(headings).toEqual(
      ['1 Overdue action items', ...OWNERS.map((o) => `2 ${shown(o)} (1)`).sort((a, b) => a.localeCompare(b, 'en'))].sort((a, b) =>
        a.startsWith('1') ? -1 : b.startsWith('1') ? 1 : a.localeCompare(b, 'en'),
      ),
    );
    // GitHub turns `@name`, `#1`, `GH-1` and `&#64;` into mentions and references after Markdown, in text (not in code): none is left.
    const texts: string[] = [];
    visit(tree, 'text', (t) => void texts.push(t.value));
    const visible = texts.join('\n');
    expect(visible).not.toMatch(/@[A-Za-z0-9]/);
    expect(visible).not.toMatch(/#\d|GH-\d/i);
    expect(visible).not.toMatch(/:\/\/|www\./i);
    expect(visible.replaceAll('\u200B', '')).toContain(shown('&#64;acme/security &lt;b&gt; &amp;')); // shown as typed, not decoded
    // GitHub's math and strikethrough, which CommonMark does not know: every `$` and `~` is escaped.
    expect(markdown).not.toMatch(/(?<!\\)[$~]/);
    // Every table row keeps its columns; no value started a line of its own.
    for (const line of markdown.split('\n')) {
      if (line.startsWith('| Owner') || line === '|---|---:|') continue;
      if (line.startsWith('|')) expect(cells(line).length, line).toSatisfy((n: number) => n === 2 || n === 5);
      else
        expect(line, line).toMatch(
          /^(?:<!-- postmortems:overdue-action-items -->|# Overdue action items|## |\*\*\d+ overdue action items\*\* for \d+ owners|> |---|To close an item|$)/,
        );
    }
    return tree;
  }

  it('escapes owners, titles and file names, and links only to http(s) addresses, with --base-url', async () => {
    const { code, stdout } = await report(['--base-url', 'https://acme.github.io/postmortems']);
    expect(code).toBe(0);
    const pmUrl = 'https://acme.github.io/postmortems/postmortems/2024-03-02-hostile%7Cname%60x%60/';
    const tree = expectInert(stdout, [
      pmUrl,
      'https://evil.example/a%29%5D%28javascript:alert%281%29%29%20%7C%20x',
      'https://t.example/?q=%3Cb%3E&amp;x=%60y%60%7Cz&lt;',
      'https://tracker.example.com/PAY-1',
    ]);
    // The owners table: each owner's text exactly as written (whitespace folded), one row each.
    for (const owner of OWNERS) expect(visibleText(tree)).toContain(shown(owner));
    for (const owner of OWNERS)
      expect(visibleText(tree)).toContain(`Fix <b onmouseover=alert(${OWNERS.indexOf(owner)})>it</b> for @here | ${shown(owner)}`);
    expect(visibleText(tree)).toContain(shown(PM_TITLE));
    // The unreadable file's name is in a code span, whole.
    const codes: string[] = [];
    visit(tree, 'inlineCode', (c) => void codes.push(c.value));
    expect(codes).toContain('postmortems/2024-03-03-unreadable ``|`@everyone.mdx');
  });

  it('shows file paths in code spans that no backtick or pipe in the name can end, without --base-url', async () => {
    // In this process (the test above runs the real one).
    const { code, stdout } = await report([], true);
    expect(code).toBe(0);
    const tree = expectInert(stdout, [
      'https://evil.example/a%29%5D%28javascript:alert%281%29%29%20%7C%20x',
      'https://t.example/?q=%3Cb%3E&amp;x=%60y%60%7Cz&lt;',
      'https://tracker.example.com/PAY-1',
    ]);
    const codes: string[] = [];
    visit(tree, 'inlineCode', (c) => void codes.push(c.value));
    // In a table row GFM reads `\|` as `|` even inside code.
    expect(codes).toContain('postmortems/2024-03-02-hostile|name`x`.mdx');
    expect(stdout).toContain('(``postmortems/2024-03-02-hostile\\|name`x`.mdx``)');
  });

  it('never links a javascript:, data: or relative address, even one that reaches formatReport without the schema', () => {
    const item = (link: string, i: number) => ({ title: `Item ${i}`, owner: 'ops', due: '2026-01-01', status: 'open' as const, link });
    const hostile = [
      'javascript:alert(1)',
      ' JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      '/relative',
      '//evil.example/x',
      'mailto:a@b.example',
      'https://ok.example/y',
    ];
    const report = collectOverdue(
      [
        {
          id: 'pm',
          path: 'postmortems/pm.mdx',
          data: { title: 'Queue outage', status: 'published', actionItems: hostile.map(item) } as never,
        },
      ],
      '2026-01-02',
    );
    const markdown = formatReport(report, { repository: { url: 'javascript:alert(1)//', branch: 'main' } });
    const links: string[] = [];
    visit(parseGfm(markdown), 'link', (l) => void links.push(l.url));
    expect(links).toEqual(['https://ok.example/y']);
    expect(markdown).not.toMatch(/\]\((?!https:\/\/ok\.example)/);
    expect(markdown).toContain('| Item 0 | Queue outage (`postmortems/pm.mdx`) |');
  });
});
