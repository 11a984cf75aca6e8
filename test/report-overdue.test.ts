import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collectOverdue, formatReport, postmortemLink, REPORT_MARKER, runReportOverdue } from '../src/cli/report-overdue.ts';
import type { CliIo } from '../src/cli/check.ts';

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
    expect(out).toContain('| Retry budget for the processor client | [Payments API timed out for card payments](https://acme.github.io/postmortems/postmortems/2026-03-02-payments-api-timeouts/) | 2026-03-20 | 82 | in-progress |');
    // Ids ignore sub-folders; non-published postmortems say so.
    expect(out).toContain('[Queue outage delayed label generation](https://acme.github.io/postmortems/postmortems/2026-05-19-queue-outage/) (in-review) | 2026-06-01 | 9 | open |');
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
      [{ id: pm.id, path: pm.path, data: { title: 'Queue outage', status: 'published', actionItems: [{ title: 'X', owner: 'ops', due: '2026-01-01', status: 'open' }] } as never }],
      '2026-01-02',
    );
    expect(formatReport(report, {})).toContain('| X | Queue outage (`postmortems/2026/2026-05-19-queue-outage.mdx`) | 2026-01-01 | 1 | open |');
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
