/** Pull-request CI for content (issue "Adoption", item 4): annotations on changed files only, and the job summary. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../packages/astro-postmortems/src/cli/check.ts';
import { runPrSummary } from '../../packages/astro-postmortems/src/cli/pr-summary.ts';
import { validPostmortem } from '../helpers/site.ts';

const root = mkdtempSync(join(tmpdir(), 'pm-pr-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
write('postmortems.config.ts', 'export default {};\n');
write(
  'postmortems/2024-03-02-good.mdx',
  validPostmortem((t) => t.replace('title: Checkout latency after cache flush', 'title: "Checkout | latency <b>after</b> cache flush"')),
);
write(
  'postmortems/2024-03-02-broken.mdx',
  validPostmortem((t) => t.replace('## Timeline', '## Timelines').replace('severity: P3', 'severity: P2')),
);
write(
  'postmortems/2024-03-02-untouched.mdx',
  validPostmortem((t) => t.replace('## Root Cause', '## Root Causes')),
);
write(
  'changed.txt',
  'postmortems/2024-03-02-good.mdx\npostmortems/2024-03-02-broken.mdx\npostmortems/2024-01-01-deleted.mdx\nsrc/engine.ts\n',
);

async function call(fn: typeof runCheck, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await fn(args, { cwd: root, env: {}, isTTY: false, stdout: (t) => (out += `${t}\n`), stderr: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

describe('check --changed-list', () => {
  it('annotates the changed postmortems only and summarises the others in one notice', async () => {
    const { code, out } = await call(runCheck, ['--format', 'github', '--today', '2024-04-01', '--changed-list', 'changed.txt']);
    expect(code).toBe(1);
    expect(out).toMatch(/^::error file=postmortems\/2024-03-02-broken\.mdx,line=\d+,col=1,title=sections\/missing::/m);
    expect(out).not.toMatch(/^::\w+ file=postmortems\/2024-03-02-untouched\.mdx/m);
    expect(out).toMatch(/^::notice title=Other postmortems::1 error and \d+ warnings? in 1 file this pull request did not change/m);
    expect(out.trim().split('\n').at(-1)).toMatch(/3 postmortems checked: 2 errors/);
  });

  it('says which list it cannot read', async () => {
    const { code, err } = await call(runCheck, ['--format', 'github', '--changed-list', 'nope.txt']);
    expect(code).toBe(2);
    expect(err).toMatch(/could not read --changed-list `nope\.txt` \(ENOENT\)/);
  });
});

describe('pr-summary', () => {
  it("shows each changed postmortem's title, severity, status, action items and problems, and the rest in one line", async () => {
    const { code, out } = await call(runPrSummary, ['--today', '2024-04-01', '--changed-list', 'changed.txt']);
    expect(code).toBe(0);
    expect(out).toContain('## Postmortems in this pull request');
    expect(out).toContain('### Checkout \\| latency \\<b\\>after\\</b\\> cache flush');
    expect(out).toContain('`postmortems/2024-03-02-good.mdx` · severity **P3** · status **published** · ✅ no problems');
    expect(out).toContain('| Warm the cache before flushing | platform-team | 2099-01-01 | open |');
    expect(out).toMatch(/`postmortems\/2024-03-02-broken\.mdx` · severity \*\*P2\*\* · status \*\*published\*\* · ❌ 1 error/);
    expect(out).toMatch(/- ❌ line \d+:1 `sections\/missing`: Missing required section/);
    expect(out).toContain('### `postmortems/2024-01-01-deleted.mdx`\n\nDeleted in this pull request.');
    expect(out).toMatch(/\*\*The other 1 postmortem\*\*: 1 error, \d+ warnings? \(`npm run check` lists them\)\./);
    expect(out).not.toContain('src/engine.ts');
  });

  it('lists the accepted exceptions of a changed postmortem, each with its sentence and reason, for reviewers to judge', async () => {
    write(
      'postmortems/2024-03-02-accepted.mdx',
      validPostmortem((t) =>
        t
          .replace('## Root Cause\n', '## Root Cause\n\nSam missed the 09:00 train because of the strike, so Ana ran the failover.\n\n')
          .replace(
            /^status: (.*)$/m,
            'status: $1\nexceptions:\n  - rule: blameless/blame\n    sentence: Sam missed the 09:00 train\n    reason: "The train was cancelled by a strike; it explains who ran | the failover"',
          ),
      ),
    );
    try {
      const { out } = await call(runPrSummary, ['--today', '2024-04-01', 'postmortems/2024-03-02-accepted.mdx']);
      expect(out).toContain('**Accepted exceptions** (1): findings this file accepts, for reviewers to judge');
      expect(out).toMatch(
        /- 🔎 line \d+:1 `blameless\/blame`: “Sam missed the 09:00 train”: The train was cancelled by a strike; it explains who ran \\\| the failover/,
      );
      expect(out).toContain('**Accepted exceptions in this pull request**: 1.');
    } finally {
      rmSync(join(root, 'postmortems/2024-03-02-accepted.mdx'));
    }
  });

  it('takes files as arguments too, and says when no postmortem changed', async () => {
    expect((await call(runPrSummary, ['postmortems/2024-03-02-good.mdx'])).out).toContain('### Checkout');
    expect((await call(runPrSummary, ['README.md'])).out).toContain('No postmortem changed.');
  });
});
