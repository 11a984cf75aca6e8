/**
 * The weekly report's drift section and @-mentions (`report:overdue --drift`),
 * reading issue states with the real Octokit client from a local GitHub.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runReportOverdue } from '../packages/astro-postmortems/src/cli/report-overdue.ts';
import { startGitHub, type FakeGitHub } from './helpers/github-server.ts';
import { makeRepository } from './rules/harness.ts';

const TOKEN = 'ghs_driftTokenValue0123456789abcdefABCDEF';
const NEAR_MISS = 'postmortems/2026-08-20-carrier-api-key-rotation-near-miss.mdx';
const sample = readFileSync(join(import.meta.dirname, 'fixtures/repository', NEAR_MISS), 'utf8');
const issue = (n: number) => `https://github.com/acme/postmortems/issues/${n}`;
/** Item 0 done / issue 1 open; item 1 open and overdue / issue 2 closed; item 2 open / issue 3 deleted; item 3 agrees. */
const text = sample
  .replace('    link: https://tracker.example.com/OPS-2210\n', `    link: ${issue(1)}\n`)
  .replace(
    '    type: process\n---',
    `    type: process\n    link: ${issue(2)}\n  - title: "Alert when a rotation is paused for more than an hour"\n    owner: platform-sre\n    due: 2027-03-01\n    link: ${issue(3)}\n  - title: "Rotation dashboard per consumer"\n    owner: platform-sre\n    due: 2027-03-01\n    link: ${issue(4)}\n---`,
  );

let github: FakeGitHub | undefined;
afterEach(async () => {
  await github?.close();
  github = undefined;
});

describe('report:overdue --drift', () => {
  it('reports items whose GitHub issue disagrees, including deleted issues, and @-mentions the owners', async () => {
    github = await startGitHub();
    for (const [n, state] of [
      [1, 'open'],
      [2, 'closed'],
      [3, 'open'],
      [4, 'open'],
    ] as const)
      github.issues.push({ number: n, title: `Issue ${n}`, body: '', state, labels: [], assignees: [], html_url: issue(n) });
    github.deleted.add(3);
    github.rateLimits.push('secondary'); // the first read is rate-limited and retried
    const root = await makeRepository({
      'postmortems.config.ts':
        "export default { github: { owners: { 'labels-team': ['lena-labels'], 'Platform-SRE': ['ana-sre', 'li-ops'] } } };\n",
      [NEAR_MISS]: text,
    });
    const out: string[] = [];
    const err: string[] = [];
    const outputFile = join(root, 'github-output');
    const code = await runReportOverdue(['--today', '2027-02-15', '--drift', '--base-url', 'https://acme.github.io/pm'], {
      cwd: root,
      env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github.url, GITHUB_OUTPUT: outputFile },
      isTTY: false,
      stdout: (t) => out.push(t),
      stderr: (t) => err.push(t),
      sleep: async () => {},
    });
    const report = out.join('\n');
    expect(code).toBe(0);
    expect(`${report}\n${err.join('\n')}`).not.toContain(TOKEN);
    expect(report).toContain('## labels-team (1)\n\ncc @lena-labels\n');
    expect(report).toContain('## Action items and their GitHub issues disagree');
    // The issue reference is written with a zero-width space after `#` (markdownText): the weekly report must not
    // add a "mentioned" event to every linked issue each week; the link itself still points at the issue.
    const rows = report.split('\n').filter((l) => l.includes('acme/postmortems#\u200b'));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain(
      '| platform-sre @ana-sre @li-ops | [acme/postmortems#\u200b1](https://github.com/acme/postmortems/issues/1) | item `done`, issue still open',
    );
    expect(rows[1]).toContain(
      '| labels-team @lena-labels | [acme/postmortems#\u200b2](https://github.com/acme/postmortems/issues/2) | issue closed, item still `open`',
    );
    expect(rows[2]).toContain('#\u200b3](https://github.com/acme/postmortems/issues/3) | issue not found (deleted or moved)');
    expect(report).not.toContain('acme/postmortems#\u200b4');
    expect(github.requests.filter((r) => r.status === 429)).toHaveLength(1);
    expect(await readFile(outputFile, 'utf8')).toBe('overdue=1\ndrift=3\nmentions=@lena-labels @ana-sre @li-ops\n');
  });

  it('needs a token for --drift', async () => {
    const root = await makeRepository({ [NEAR_MISS]: text });
    const err: string[] = [];
    const code = await runReportOverdue(['--drift'], { cwd: root, env: {}, isTTY: false, stdout: () => {}, stderr: (t) => err.push(t) });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('expected GITHUB_TOKEN (or GH_TOKEN)');
  });
});
