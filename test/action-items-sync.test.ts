/**
 * `npm run action-items:sync` with the real Octokit client against a local
 * GitHub (test/helpers/github-server.ts): issues opened with the right fields,
 * links written back by a pull request that changes nothing else, idempotent
 * re-runs, pagination, rate limits, and no secret in any output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runActionItemsSync, SYNC_BRANCH } from '../packages/astro-postmortems/src/cli/action-items-sync.ts';
import { rateLimitDelay } from '../packages/astro-postmortems/src/cli/github.ts';
import { startGitHub, type FakeGitHub } from './helpers/github-server.ts';
import { makeRepository } from './rules/harness.ts';

const SAMPLES = join(import.meta.dirname, 'fixtures/repository/postmortems');
const TOKEN = 'ghp_TESTtokenValue0123456789abcdefABCDEF';
const CONFIG = `export default {
  repository: { url: 'https://github.com/acme/postmortems', branch: 'main' },
  github: { owners: { 'platform-sre': ['ana-sre', '@li-ops'], 'Database-Reliability': ['db-oncall'] } },
};
`;
const POOL = 'postmortems/2025-11-04-checkout-api-connection-pool-exhaustion.mdx';
const NEAR_MISS = 'postmortems/2026-08-20-carrier-api-key-rotation-near-miss.mdx';
const original = readFileSync(join(SAMPLES, POOL.slice('postmortems/'.length)), 'utf8');
/** The sample without the links of its two unfinished items (in progress, open): what the sync must link. */
const pool = original
  .replace('    link: https://tracker.example.com/DBR-207\n', '')
  .replace('    link: https://tracker.example.com/OPS-1945\n', '');
const nearMiss = readFileSync(join(SAMPLES, NEAR_MISS.slice('postmortems/'.length)), 'utf8');

let github: FakeGitHub | undefined;
afterEach(async () => {
  await github?.close();
  github = undefined;
});

async function setup(files: Record<string, string> = { [POOL]: pool, [NEAR_MISS]: nearMiss }) {
  github = await startGitHub({ files });
  const root = await makeRepository({ 'postmortems.config.ts': CONFIG, ...files });
  return { root, github };
}

async function run(root: string, argv: string[], env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const sleeps: number[] = [];
  const code = await runActionItemsSync(argv, {
    cwd: root,
    env: { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: github!.url, ...env },
    isTTY: false,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    sleep: async (ms) => void sleeps.push(ms),
  });
  const all = [...out, ...err].join('\n');
  // No secret ever printed, whatever happened.
  expect(all).not.toContain(TOKEN);
  expect(all).not.toContain(TOKEN.slice(4, 20));
  return { code, out: out.join('\n'), err: err.join('\n'), sleeps };
}

describe('npm run action-items:sync', () => {
  it('--dry-run lists what it would open and calls nothing, needing no token', async () => {
    const { root, github } = await setup();
    const { code, out } = await run(root, ['--dry-run'], { GITHUB_TOKEN: '' });
    expect(code).toBe(0);
    expect(out).toContain('would open 3 issues in acme/postmortems and a pull request into main');
    expect(out).toContain(
      `${POOL} actionItems[2]: "Give each service its own PgBouncer pool with a hard per-service limit" (due 2026-03-31; labels postmortem-action-item, action-item:prevent; assignees @db-oncall)`,
    );
    expect(out).toContain('assignees @ana-sre @li-ops');
    expect(out).toContain('owner `labels-team` is not in github.owners');
    expect(github.requests).toEqual([]);
  });

  it('opens one issue per open item without a link, then a pull request that only adds the link lines', async () => {
    const { root, github } = await setup();
    const { code, out, err } = await run(root, ['--base-url', 'https://acme.github.io/postmortems/']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(github.issues.map((i) => [i.number, i.title, i.labels, i.assignees])).toEqual([
      [
        1,
        'Give each service its own PgBouncer pool with a hard per-service limit',
        ['postmortem-action-item', 'action-item:prevent'],
        ['db-oncall'],
      ],
      [
        2,
        'Stop horizontal autoscaling when the bottleneck is database connections',
        ['postmortem-action-item', 'action-item:mitigate'],
        ['ana-sre', 'li-ops'],
      ],
      [
        3,
        'Publish deploy freezes in the shared change calendar that the rotation job reads',
        ['postmortem-action-item', 'action-item:process'],
        [],
      ],
    ]);
    const body = github.issues[0]!.body;
    expect(body).toContain(
      '[checkout-api connection pools exhausted by a slow address-verification vendor](https://acme.github.io/postmortems/postmortems/2025-11-04-checkout-api-connection-pool-exhaustion/)',
    );
    expect(body).toContain('- **Due:** 2026-03-31');
    expect(body).toContain('- **Owner:** database-reliability (@db-oncall)');
    // Every request carried the token; it went nowhere else.
    expect(github.requests.every((r) => r.authorization === `token ${TOKEN}`)).toBe(true);

    // The pull request's files are the base files with exactly the link lines added: byte for byte elsewhere.
    const branch = github.files.get(SYNC_BRANCH)!;
    expect(branch.get(POOL)).toBe(
      original
        .replace('https://tracker.example.com/DBR-207', 'https://github.com/acme/postmortems/issues/1')
        .replace('https://tracker.example.com/OPS-1945', 'https://github.com/acme/postmortems/issues/2'),
    );
    expect(branch.get(NEAR_MISS)).toBe(
      nearMiss.replace('    type: process\n---', '    type: process\n    link: https://github.com/acme/postmortems/issues/3\n---'),
    );
    expect(github.files.get('main')!.get(POOL)).toBe(pool); // the base branch is untouched
    expect(github.pulls).toHaveLength(1);
    expect(github.pulls[0]).toMatchObject({ head: SYNC_BRANCH, base: 'main', title: 'Link action items to their GitHub issues' });
    expect(out).toContain('3 issues linked; pull request https://github.com/acme/postmortems/pull/4');
  });

  it('run again before the pull request is merged: reuses the issues (found across pages) and the pull request', async () => {
    const { root, github } = await setup();
    // 120 unrelated issues with the label first, so the sync's own are on the second page of 100.
    for (let n = 1; n <= 120; n++)
      github.issues.push({
        number: n,
        title: `Old ${n}`,
        body: '',
        state: 'closed',
        labels: ['postmortem-action-item'],
        assignees: [],
        html_url: `https://github.com/acme/postmortems/issues/${n}`,
      });
    expect((await run(root, [])).code).toBe(0);
    expect(github.issues).toHaveLength(123);
    const again = await run(root, []);
    expect(again.code).toBe(0);
    expect(github.issues).toHaveLength(123); // nothing opened twice
    expect(again.out).toContain('already has https://github.com/acme/postmortems/issues/121');
    expect(github.pulls).toHaveLength(1);
    expect(github.requests.some((r) => r.method === 'GET' && r.path.includes('/issues?') && r.path.includes('page=2'))).toBe(true);
    expect(github.requests.some((r) => r.method === 'PATCH' && r.path.endsWith(`/git/refs/heads/${SYNC_BRANCH}`))).toBe(true);
  });

  it('waits out primary (403, x-ratelimit-reset) and secondary (429, retry-after) rate limits, then carries on', async () => {
    const { root, github } = await setup();
    github.rateLimits.push('primary', 'secondary');
    const { code, err, sleeps } = await run(root, []);
    expect(code).toBe(0);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThan(1000);
    expect(sleeps[0]).toBeLessThanOrEqual(5000);
    expect(sleeps[1]).toBe(2000);
    expect(err).toContain('GitHub rate limit on GET');
    expect(github.issues).toHaveLength(3);
  });

  it('gives up with exit 1 and a short reason (no headers, no token) when the limit does not lift', async () => {
    const { root, github } = await setup();
    github.rateLimits.push('secondary', 'secondary', 'secondary', 'secondary');
    const { code, err } = await run(root, []);
    expect(code).toBe(1);
    expect(err).toContain('a GitHub call failed (HTTP 429: You have exceeded a secondary rate limit)');
    expect(err).not.toMatch(/authorization/i);
  });

  it('leaves a file whose base-branch copy differs for the next run, keeping its issue', async () => {
    const { root, github } = await setup();
    github.files.get('main')!.set(NEAR_MISS, `${nearMiss}\nEdited on main meanwhile.\n`);
    const { code, err } = await run(root, []);
    expect(code).toBe(0);
    expect(err).toContain(`\`${NEAR_MISS}\` differs from main`);
    expect(github.files.get(SYNC_BRANCH)!.get(NEAR_MISS)).toBe(`${nearMiss}\nEdited on main meanwhile.\n`);
    // Its item's issue stays open, and the next run finds it rather than opening another.
    expect(github.issues.map((i) => [i.number, i.state, i.title])).toEqual([
      [1, 'open', 'Give each service its own PgBouncer pool with a hard per-service limit'],
      [2, 'open', 'Stop horizontal autoscaling when the bottleneck is database connections'],
      [3, 'open', 'Publish deploy freezes in the shared change calendar that the rotation job reads'],
    ]);
    const again = await run(root, []);
    expect(again.code).toBe(0);
    expect(github.issues).toHaveLength(3);
    expect(again.out).toContain('already has https://github.com/acme/postmortems/issues/3');
  });

  it('needs a token for a real run, and says which', async () => {
    const { root } = await setup();
    const { code, err } = await run(root, [], { GITHUB_TOKEN: '' });
    expect(code).toBe(2);
    expect(err).toContain('expected GITHUB_TOKEN (or GH_TOKEN)');
  });
});

describe('rateLimitDelay', () => {
  it('reads retry-after, then the reset time of an exhausted primary limit; anything else is not a rate limit', () => {
    expect(rateLimitDelay({ status: 429, response: { headers: { 'retry-after': '7' } } })).toBe(7000);
    expect(
      rateLimitDelay({ status: 403, response: { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1010' } } }, 1_000_000),
    ).toBe(11_000);
    expect(rateLimitDelay({ status: 403, response: { headers: { 'x-ratelimit-remaining': '12' } } })).toBeUndefined(); // a permission error
    expect(rateLimitDelay({ status: 404 })).toBeUndefined();
  });
});
