import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastCommitDates, lastUpdated, parseNameOnlyLog } from '../packages/astro-postmortems/src/lib/git-history.ts';
import { tempDir } from './helpers/temp-dirs.ts';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir } });
}

function commit(dir: string, file: string, date: string): void {
  mkdirSync(join(dir, file, '..'), { recursive: true });
  writeFileSync(join(dir, file), date);
  git(dir, 'add', file);
  execFileSync('git', ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', file], {
    env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
}

describe('parseNameOnlyLog', () => {
  it('keeps the newest date of each path', () => {
    const log =
      '\0' + '2026-02-01T10:00:00+01:00\n\npostmortems/a.mdx\n\n' + '\0' + '2026-01-01T10:00:00Z\n\npostmortems/a.mdx\npostmortems/b.mdx\n';
    const dates = parseNameOnlyLog(log);
    expect(dates.get('postmortems/a.mdx')).toBe('2026-02-01T10:00:00+01:00');
    expect(dates.get('postmortems/b.mdx')).toBe('2026-01-01T10:00:00Z');
    expect(parseNameOnlyLog('').size).toBe(0);
  });
});

describe('lastUpdated', () => {
  // Each folder is removed after this file (test/helpers/temp-dirs.ts): they were left in the system's temporary folder.
  it("reads every file's last commit with one git log", async () => {
    const dir = await tempDir('pm-git-');
    git(dir, 'init', '-q');
    commit(dir, 'postmortems/2024/a.mdx', '2024-01-02T03:04:05+00:00');
    commit(dir, 'postmortems/b.mdx', '2024-02-02T03:04:05+00:00');
    commit(dir, 'postmortems/2024/a.mdx', '2024-03-02T03:04:05+00:00');
    commit(dir, 'README.md', '2024-04-02T03:04:05+00:00');
    expect(lastUpdated(dir, 'postmortems/2024/a.mdx')).toMatch(/^2024-03-02T03:04:05/);
    expect(lastUpdated(dir, 'postmortems/b.mdx')).toMatch(/^2024-02-02T03:04:05/);
    expect(lastUpdated(dir, 'README.md')).toBeUndefined();
    expect(lastUpdated(dir, 'postmortems/missing.mdx')).toBeUndefined();
  });

  it('gives nothing, without throwing, outside a repository and in a shallow clone', async () => {
    const plain = await tempDir('pm-nogit-');
    expect(lastCommitDates(plain)).toBeUndefined();
    expect(lastUpdated(join(plain, 'does-not-exist'), 'postmortems/a.mdx')).toBeUndefined();

    const source = await tempDir('pm-git-src-');
    git(source, 'init', '-q');
    commit(source, 'postmortems/a.mdx', '2024-01-02T03:04:05+00:00');
    commit(source, 'postmortems/b.mdx', '2024-02-02T03:04:05+00:00');
    const shallow = join(await tempDir('pm-git-shallow-'), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${source}`, shallow]);
    expect(lastCommitDates(shallow)).toBeUndefined();
  });
});
