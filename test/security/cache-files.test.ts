/**
 * The only ways the loader reads, writes and removes its cache files (`cache-folder.ts`), on real files: what is
 * refused before a byte is read, what a write replaces instead of writing through, which folders are accepted as
 * the loader's own, and what pruning may remove while other loaders run. The builds that rely on them are in
 * `attacks/cache-links.test.ts` and `../build/cache-concurrency.test.ts`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  linkSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ROOT } from '../helpers/site.ts';
import {
  CacheError,
  ownedFolder,
  pruneBefore,
  pruneFolder,
  readCacheFile,
  removeDeadProcessFolders,
  writeCacheFile,
} from '../../packages/astro-postmortems/src/integration/cache-folder.ts';

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pm-cache-files-'));
  temps.push(dir);
  return dir;
}

describe('readCacheFile refuses before reading', () => {
  test('a link (to /dev/zero, to a file), a FIFO, a device, a folder and an oversized file; reads a regular file', () => {
    const dir = folder();
    writeFileSync(join(dir, 'secret'), 'not for the cache');
    symlinkSync('/dev/zero', join(dir, 'zero'));
    symlinkSync(join(dir, 'secret'), join(dir, 'link'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    mkdirSync(join(dir, 'folder'));
    writeFileSync(join(dir, 'large'), Buffer.alloc(2048));
    writeFileSync(join(dir, 'ok'), 'cached');
    // Each returns at once: a FIFO read would block for ever, /dev/zero would never end.
    expect(() => readCacheFile(join(dir, 'zero'), 1024)).toThrow(/zero is a symbolic link/);
    expect(() => readCacheFile(join(dir, 'link'), 1024)).toThrow(/link is a symbolic link/);
    expect(() => readCacheFile(join(dir, 'fifo'), 1024)).toThrow(/fifo is not a regular file/);
    expect(() => readCacheFile('/dev/zero', 1024)).toThrow(/zero is not a regular file/);
    expect(() => readCacheFile(join(dir, 'folder'), 1024)).toThrow(/folder is not a regular file/);
    expect(() => readCacheFile(join(dir, 'large'), 1024)).toThrow(/large is 2048 bytes, more than the 1024/);
    expect(() => readCacheFile(join(dir, 'large'), 1024)).toThrow(CacheError);
    expect(() => readCacheFile(join(dir, 'missing'), 1024)).toThrow(/ENOENT/);
    expect(readCacheFile(join(dir, 'ok'), 1024).toString()).toBe('cached');
  });
});

describe('writeCacheFile replaces, never writes through', () => {
  test('a hard link, a link to a file and a dangling link at the final name are replaced; their targets are unchanged', () => {
    const dir = folder();
    const outside = folder();
    writeFileSync(join(outside, 'kept'), 'outside');
    linkSync(join(outside, 'kept'), join(dir, 'hard'));
    symlinkSync(join(outside, 'kept'), join(dir, 'soft'));
    symlinkSync(join(outside, 'created'), join(dir, 'dangling'));
    for (const name of ['hard', 'soft', 'dangling']) writeCacheFile(join(dir, name), `new ${name}`);
    expect(readFileSync(join(outside, 'kept'), 'utf8')).toBe('outside');
    expect(readdirSync(outside)).toEqual(['kept']);
    for (const name of ['hard', 'soft', 'dangling']) {
      const stat = lstatSync(join(dir, name));
      expect(stat.isFile() && stat.nlink === 1, name).toBe(true);
      expect(readFileSync(join(dir, name), 'utf8')).toBe(`new ${name}`);
    }
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  test('a failure names the file and says it is the machine’s cache, not a postmortem; no temporary file is left', () => {
    const dir = folder();
    writeFileSync(join(dir, 'file'), '');
    expect(() => writeCacheFile(join(dir, 'file', 'x.html'), 'text')).toThrow(
      /^Could not write the cache file .*file\/x\.html \(ENOTDIR: .*not a postmortem/,
    );
    expect(readdirSync(dir)).toEqual(['file']);
  });
});

describe('ownedFolder accepts only a real folder of this user that no one else can write', () => {
  test('creates a missing one (mode 700); refuses a link, a file and a folder others can write', () => {
    const dir = folder();
    const made = ownedFolder(join(dir, 'new'));
    expect(lstatSync(made).mode & 0o777).toBe(0o700);
    symlinkSync(folder(), join(dir, 'link'));
    expect(() => ownedFolder(join(dir, 'link'))).toThrow(/link is a symbolic link/);
    writeFileSync(join(dir, 'file'), '');
    expect(() => ownedFolder(join(dir, 'file'))).toThrow(/file is not a folder/);
    mkdirSync(join(dir, 'shared'));
    chmodSync(join(dir, 'shared'), 0o777);
    expect(() => ownedFolder(join(dir, 'shared'))).toThrow(/can be written by other users \(mode 777\)/);
  });
});

describe('pruning while other loaders run', () => {
  const NAME = /^[0-9a-f]{64}\.html$/;
  const name = (c: string) => `${c.repeat(64)}.html`;
  const ago = (file: string, ms: number) => utimesSync(file, new Date(Date.now() - ms), new Date(Date.now() - ms));

  test('removes only unused finished names older than the oldest running loader (a link as a name); never temporaries being written, other names, links’ targets or folders', () => {
    const dir = folder();
    const outside = folder();
    const articles = join(dir, 'articles');
    mkdirSync(articles);
    mkdirSync(join(dir, 'running'));
    writeFileSync(join(outside, 'kept'), 'outside');
    const HOUR = 3_600_000;
    // Another loader started two hours ago and still runs (its lease refreshed a minute ago); one that ended
    // without removing its lease stopped refreshing it an hour ago.
    writeFileSync(join(dir, 'running', '11-aaaaaaaaaaaa.lease'), String(Date.now() - 2 * HOUR));
    ago(join(dir, 'running', '11-aaaaaaaaaaaa.lease'), 60_000);
    writeFileSync(join(dir, 'running', '12-bbbbbbbbbbbb.lease'), String(Date.now() - 5 * HOUR));
    ago(join(dir, 'running', '12-bbbbbbbbbbbb.lease'), HOUR);
    const files = {
      unusedOld: name('1'), // before the running loader started: removed
      unusedRecent: name('2'), // after it started: it may read it, kept
      kept: name('3'), // in use by this loader
      temp: `${name('4')}.9-1-1-cccccccccccc.tmp`, // being written by another process
      foreign: 'notes.txt',
    };
    for (const file of Object.values(files)) writeFileSync(join(articles, file), 'x');
    ago(join(articles, files.unusedOld), 3 * HOUR);
    ago(join(articles, files.unusedRecent), HOUR);
    ago(join(articles, files.temp), 3 * HOUR);
    ago(join(articles, files.foreign), 3 * HOUR);
    // An old link of the cache's shape: removed as a name, its target untouched.
    symlinkSync(join(outside, 'kept'), join(articles, name('5')));
    lutimesSync(join(articles, name('5')), new Date(Date.now() - 3 * HOUR), new Date(Date.now() - 3 * HOUR));
    mkdirSync(join(articles, name('6')));

    const before = pruneBefore({ dir, articles, checks: undefined }, Date.now());
    expect(before).toBeLessThan(Date.now() - 2 * HOUR + 1);
    expect(before).toBeGreaterThan(Date.now() - 2 * HOUR - 60_000);
    // The dead loader's lease is gone; the running one's is kept.
    expect(readdirSync(join(dir, 'running'))).toEqual(['11-aaaaaaaaaaaa.lease']);

    pruneFolder(articles, new Set([join(articles, files.kept)]), NAME, before);
    expect(readdirSync(articles).sort()).toEqual([files.unusedRecent, files.kept, files.temp, files.foreign, name('6')].sort());
    expect(readFileSync(join(outside, 'kept'), 'utf8')).toBe('outside');
  });
});

describe('leases of a process that opens several projects', () => {
  test('one per project while it runs, one exit handler for all of them, and none left once it exits', () => {
    const home = folder();
    const roots = [folder(), folder(), folder()];
    const module = new URL('../../packages/astro-postmortems/src/integration/cache-folder.ts', import.meta.url).href;
    const script = `
      import { readdirSync } from 'node:fs';
      import { join } from 'node:path';
      import { projectCache } from ${JSON.stringify(module)};
      const before = process.listenerCount('exit');
      const dirs = ${JSON.stringify(roots)}.map((root) => projectCache(root, (m) => { throw new Error(m); }).dir);
      const held = dirs.map((dir) => readdirSync(join(dir, 'running')).length);
      console.log(JSON.stringify({ handlers: process.listenerCount('exit') - before, held, dirs }));
    `;
    const run = spawnSync(join(ROOT, 'node_modules/.bin/node'), ['--input-type=module', '-e', script], {
      env: { PATH: process.env['PATH'] ?? '', XDG_CACHE_HOME: home },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    const { handlers, held, dirs } = JSON.parse(run.stdout) as { handlers: number; held: number[]; dirs: string[] };
    expect(held).toEqual([1, 1, 1]);
    expect(handlers).toBe(1);
    for (const dir of dirs) {
      expect(dir.startsWith(home)).toBe(true);
      expect(readdirSync(join(dir, 'running'))).toEqual([]);
    }
  });
});

describe('per-process folders (no usable home) left by a process stopped by a signal', () => {
  test('removed for a process that has ended; kept for a running one, a link of that name and other names; a link inside removed as a name', () => {
    const temp = folder();
    const outside = folder();
    writeFileSync(join(outside, 'kept'), 'outside');
    // A process that has ended (its pid is free now) and one that runs (this test's parent).
    const dead = spawnSync('true').pid!;
    const ended = join(temp, `postmortem-cache-${dead}-AbC123`);
    mkdirSync(join(ended, 'articles'), { recursive: true });
    writeFileSync(join(ended, 'articles', `${'1'.repeat(64)}.html`), 'x');
    symlinkSync(outside, join(ended, 'articles', 'link'));
    const running = `postmortem-cache-${process.ppid}-XyZ789`;
    mkdirSync(join(temp, running));
    const linked = `postmortem-cache-${dead}-LiNk00`;
    symlinkSync(outside, join(temp, linked));
    const other = `postmortem-cache-${dead}-too-long`;
    mkdirSync(join(temp, other));

    removeDeadProcessFolders(temp);
    expect(readdirSync(temp).sort()).toEqual([linked, other, running].sort());
    expect(readdirSync(outside)).toEqual(['kept']);
    expect(readFileSync(join(outside, 'kept'), 'utf8')).toBe('outside');
  });
});
