/**
 * Links planted at every path the build reads, writes or deletes, as a pull request plants them (`git add -f`
 * reaches `node_modules/` and `.astro/`, and `git checkout` makes the links), and as anyone with the user's cache
 * folder could: to a folder with files, to `/dev/zero`, to a FIFO, a hard link to a file, a dangling link. Each
 * points into a victim folder outside the project (`victim.ts`), and after every real build and real `astro dev`
 * nothing there was written, removed, added, read or even listed. A run either refuses before anything follows a
 * link (the folders Astro writes: `build-folders.ts`) or ignores what it must not trust and builds from the sources
 * (the loader's caches: `cache-folder.ts`); either way it ends, however large `/dev/zero` is.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { displayText } from '../../../packages/astro-postmortems/src/core/terminal-text.ts';
import { cacheHome, projectCacheDir } from '../../../packages/astro-postmortems/src/integration/cache-folder.ts';
import { freePort } from '../../helpers/dev-server.ts';
import { BIN, CLI, build, createSite, run, toolEnv, validPostmortem, type FixtureSite } from '../../helpers/site.ts';
import { createVictim, type Victim } from './victim.ts';

let victim: Victim;
let site: FixtureSite;
/** The user's cache folder for these runs (`XDG_CACHE_HOME`), so the tests plant nothing in the real one. */
let xdg: string;
let env: Record<string, string>;

const SUMMARY = 'A cache flush slowed checkout for an hour.';
const SECOND = 'A second incident, told in its own words.';

beforeAll(() => {
  victim = createVictim();
  xdg = mkdtempSync(join(tmpdir(), 'pm-xdg-'));
  env = { XDG_CACHE_HOME: xdg, POSTMORTEMS_SEARCH: 'off' };
  site = createSite({
    'postmortems/2024-03-02-target.mdx': validPostmortem(),
    'postmortems/2024-03-02-second.mdx': validPostmortem((t) =>
      t.replace('title: Checkout latency after cache flush', 'title: Second incident').replace(SUMMARY, SECOND),
    ),
  });
});

afterAll(() => {
  for (const dir of [site?.dir, victim?.dir, xdg]) if (dir) rmSync(dir, { recursive: true, force: true });
});

type Target = 'folder' | 'sub-folder' | 'site-folder' | 'dev-zero' | 'fifo' | 'key-file' | 'dangling' | 'hard link';

/** Replaces `path` (under `base`) with an entry of the given kind pointing into the victim folder. */
function plant(base: string, path: string, target: Target): void {
  const at = join(base, path);
  mkdirSync(dirname(at), { recursive: true });
  rmSync(at, { recursive: true, force: true });
  if (target === 'hard link') return linkSync(victim.file('notes.txt'), at);
  const to = {
    folder: victim.dir,
    'sub-folder': victim.file('sub'),
    'site-folder': victim.file('site'),
    'dev-zero': '/dev/zero',
    fifo: victim.file('pipe'),
    'key-file': victim.file('id_rsa'),
    dangling: victim.file('created-by-the-build'),
  }[target];
  symlinkSync(to, at);
}

/** Dev servers still running when a test ends (one that failed or timed out): stopped after it. */
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

/** `astro dev` until it exits by itself (refused). One that never does fails the test by its timeout, and is killed after it. */
async function devUntilExit(dir: string): Promise<{ code: number | null; output: string }> {
  const port = await freePort();
  return new Promise((resolve) => {
    const child = spawn(join(BIN, 'astro'), ['dev', '--port', String(port), '--host', '127.0.0.1'], {
      cwd: dir,
      env: toolEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => {
      running.delete(child);
      resolve({ code, output });
    });
  });
}

/** The loader's own cache folder for the site (outside the project). */
const cacheOf = () => projectCacheDir(site.dir, { XDG_CACHE_HOME: xdg });
const page = (id: string) => readFileSync(join(site.dir, 'dist/postmortems', id, 'index.html'), 'utf8');

/**
 * The per-process folder a run's warning names (`cache-folder.ts` makes it `<temp>/postmortem-cache-<pid>-<six
 * characters>`), asserted to be named: a warning that stopped naming it would otherwise leave nothing to look for.
 */
function processFolderIn(output: string): string {
  const folder = /keeps its articles in (\S*postmortem-cache-\d+-[A-Za-z0-9]{6}), removed when it ends/.exec(output)?.[1];
  expect(folder, output).toBeDefined();
  return folder!;
}

// As the one display function for terminals and CI logs shows a name.
const shown = displayText;

/** What a pull request can commit in the folders Astro and Vite write: refused before any of it is followed. */
const REPOSITORY_PLANTS: Record<string, [string, Target][]> = {
  'entries inside the cache folders, and dist/ and node_modules/.vite as links': [
    // Where the loader kept its articles and check cache before they moved out of the project.
    ['node_modules/.astro/postmortem-articles', 'folder'],
    ['node_modules/.astro/postmortem-checks.json', 'dev-zero'],
    // Astro's data store: read whole at start, written as `.tmp` and renamed.
    ['node_modules/.astro/data-store.json', 'fifo'],
    ['node_modules/.astro/data-store.json.tmp', 'dangling'],
    ['.astro/data-store.json', 'dev-zero'],
    ['.astro/data-store.json.tmp', 'key-file'],
    // Written in place by Astro's type generation.
    ['.astro/content.d.ts', 'hard link'],
    ['.astro/collections', 'sub-folder'],
    // Vite's dependency cache (replaced in dev), and the output Astro empties before it builds.
    ['node_modules/.vite', 'sub-folder'],
    ['dist', 'site-folder'],
    // A name that would start a line of its own in a terminal or a CI log (a forged annotation): shown escaped.
    ['.astro/x\n::error::forged annotation', 'dangling'],
  ],
  'the cache folders themselves as links': [
    ['node_modules/.astro', 'folder'],
    ['.astro', 'sub-folder'],
  ],
};

describe('links a pull request commits where Astro writes: the run refuses before following any', () => {
  for (const [name, plants] of Object.entries(REPOSITORY_PLANTS)) {
    test(name, async () => {
      for (const [path, target] of plants) plant(site.dir, path, target);
      victim.mark();
      const built = await build(site.dir, env);
      expect(built.code, built.output).not.toBe(0);
      expect(built.output).toContain('Refusing to run');
      for (const [path] of plants) expect(built.output, path).toContain(`  - ${shown(path)} `);
      expect(built.output).not.toMatch(/^::error::forged/m);
      expect(victim.changes()).toEqual([]);

      if (name.startsWith('entries')) {
        // The same in astro dev, which reads the data store in .astro/ and rebuilds Vite's cache.
        victim.mark();
        const dev = await devUntilExit(site.dir);
        expect(dev.code, dev.output).not.toBe(0);
        expect(dev.output).toContain('Refusing to run');
        for (const [path] of plants) expect(dev.output, path).toContain(`  - ${shown(path)} `);
        expect(victim.changes()).toEqual([]);
      }
      for (const [path] of plants) rmSync(join(site.dir, path), { recursive: true, force: true });
    });
  }
});

describe('the build and its search index write only what they own', () => {
  test('links in dist/ and beside it are removed as names or left alone; the caches are outside the project', async () => {
    mkdirSync(join(site.dir, 'dist'), { recursive: true });
    // Astro empties dist/ entry by entry (rm removes a link, never its target); the search step removes its bundles
    // the same way and links pages only into a folder mkdtemp made.
    plant(site.dir, 'dist/index.html', 'hard link');
    plant(site.dir, 'dist/pagefind', 'site-folder');
    plant(site.dir, 'dist/pagefind-shard-2', 'sub-folder');
    plant(site.dir, 'dist/rss.xml', 'key-file');
    plant(site.dir, '.pagefind-input-planted', 'folder');
    victim.mark();
    // `npm run build`: astro build, then Pagefind in a second process.
    const built = await run(site.dir, 'node', [CLI, 'build'], { XDG_CACHE_HOME: xdg });
    expect(built.code, built.output).toBe(0);
    expect(victim.changes()).toEqual([]);
    expect(lstatSync(join(site.dir, 'dist/pagefind')).isDirectory()).toBe(true);
    expect(existsSync(join(site.dir, 'dist/pagefind/pagefind-entry.json'))).toBe(true);
    expect(existsSync(join(site.dir, 'dist/pagefind-shard-2'))).toBe(false);
    expect(lstatSync(join(site.dir, '.pagefind-input-planted')).isSymbolicLink()).toBe(true);
    expect(readdirSync(site.dir).filter((n) => n.startsWith('.pagefind-input-'))).toEqual(['.pagefind-input-planted']);
    rmSync(join(site.dir, '.pagefind-input-planted'));
    expect(page('2024-03-02-target')).toContain(SUMMARY);

    // The loader wrote nothing into the project: its articles and check cache are in the user's cache folder.
    expect(readdirSync(join(site.dir, 'node_modules/.astro'))).toEqual(['data-store.json']);
    expect(readdirSync(join(cacheOf(), 'articles')).filter((n) => n.endsWith('.html'))).toHaveLength(2);
    expect(existsSync(join(cacheOf(), 'checks.json'))).toBe(true);
  });
});

describe("links in the loader's own cache folder are never followed", () => {
  /** Plants in the user's cache folder, where only the user (or their malware) can write. */
  function plantCache(): void {
    const articles = join(cacheOf(), 'articles');
    const html = readdirSync(articles)
      .filter((n) => n.endsWith('.html'))
      .sort();
    const terms = readdirSync(articles)
      .filter((n) => n.endsWith('.terms'))
      .sort();
    plant(cacheOf(), 'checks.json', 'dev-zero');
    plant(articles, html[0]!, 'hard link');
    plant(articles, terms[0]!, 'dangling');
    plant(articles, `${'0'.repeat(64)}.html`, 'key-file');
    plant(cacheOf(), 'running/1-000000000000.lease', 'dev-zero');
    const projects = dirname(cacheOf());
    plant(projects, 'a'.repeat(32), 'folder');
    // A project folder whose project is gone: removed, and the links inside removed as links.
    mkdirSync(join(projects, 'b'.repeat(32)), { recursive: true });
    writeFileSync(join(projects, 'b'.repeat(32), 'root'), join(tmpdir(), 'pm-no-such-project'));
    plant(join(projects, 'b'.repeat(32)), 'articles', 'folder');
    plant(join(projects, 'b'.repeat(32)), 'checks.json', 'key-file');
  }

  test('a check cache linked to /dev/zero, articles linked or hard-linked elsewhere: a first start, built from the sources', async () => {
    plantCache();
    victim.mark();
    const built = await build(site.dir, env);
    expect(built.code, built.output).toBe(0);
    // The check cache was refused before reading, so every file was checked again.
    expect(built.output).toContain('Checked 2 postmortems.');
    expect(victim.changes()).toEqual([]);
    expect(page('2024-03-02-target')).toContain(SUMMARY);
    expect(page('2024-03-02-second')).toContain(SECOND);
    const projects = dirname(cacheOf());
    expect(existsSync(join(projects, 'b'.repeat(32)))).toBe(false);
    expect(lstatSync(join(projects, 'a'.repeat(32))).isSymbolicLink()).toBe(true);
    // The hard link was replaced by the loader's own file (renamed over it), never written through.
    expect(readFileSync(victim.file('notes.txt'), 'utf8')).toBe('Kept by the reader.\n');
  });

  test('the same in astro dev: pages are served from the sources', async () => {
    plantCache();
    victim.mark();
    const port = await freePort();
    const child = spawn(join(BIN, 'astro'), ['dev', '--port', String(port), '--host', '127.0.0.1'], {
      cwd: site.dir,
      env: toolEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    let output = '';
    let exited = false;
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('exit', () => (exited = true));
    try {
      // Asked again until the page is there or the server has stopped (the test's timeout bounds a server that hangs).
      let html = '';
      while (!exited && !html.includes(SUMMARY)) {
        html = await fetch(`http://127.0.0.1:${port}/postmortems/2024-03-02-target/`).then(
          (r) => (r.ok ? r.text() : ''),
          () => '',
        );
        if (!html.includes(SUMMARY)) await new Promise((r) => setTimeout(r, 500));
      }
      expect(html, output).toContain(SUMMARY);
      expect(await fetch(`http://127.0.0.1:${port}/postmortems/2024-03-02-second/`).then((r) => r.text())).toContain(SECOND);
    } finally {
      if (!exited) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('close', r));
      }
      running.delete(child);
    }
    expect(output).toContain('Checked 2 postmortems.');
    expect(victim.changes()).toEqual([]);
  });

  test('an articles folder that is a link, and a signing key linked to /dev/zero: a folder of its own for this run, with a warning', async () => {
    plant(cacheOf(), 'articles', 'folder');
    plant(join(xdg, 'postmortem-repository'), 'check-cache.key', 'dev-zero');
    victim.mark();
    const built = await build(site.dir, env);
    expect(built.code, built.output).toBe(0);
    expect(built.output).toMatch(/cache folder could not be used \(.*articles is a symbolic link/);
    expect(victim.changes()).toEqual([]);
    expect(page('2024-03-02-target')).toContain(SUMMARY);
    // The per-process folder is gone with the process.
    expect(existsSync(processFolderIn(built.output))).toBe(false);
  });

  test('no usable home (HOME under a file, XDG_CACHE_HOME unset or relative): the build works, warns once and names the fix', async () => {
    // An unset and a relative XDG_CACHE_HOME name the same folder (the XDG specification takes absolute paths only), so
    // one build, with the relative one (which must not make a folder in the project either), proves both.
    for (const XDG_CACHE_HOME of ['', 'relative/cache'])
      expect(cacheHome({ XDG_CACHE_HOME }), XDG_CACHE_HOME).toBe(join(homedir(), '.cache', 'postmortem-repository'));
    // Root may write anywhere, so a read-only home would not stop these tests when run as root; a path under a
    // regular file cannot be created by anyone.
    const away = mkdtempSync(join(tmpdir(), 'pm-home-'));
    try {
      writeFileSync(join(away, 'a-file'), '');
      const home = join(away, 'a-file', 'home');
      victim.mark();
      const built = await build(site.dir, { ...env, HOME: home, XDG_CACHE_HOME: 'relative/cache' });
      expect(built.code, built.output).toBe(0);
      const warnings = built.output.match(/cache folder could not be used/g) ?? [];
      expect(warnings, built.output).toHaveLength(1);
      expect(built.output).toContain(`The loader's cache folder could not be used (ENOTDIR`);
      expect(built.output).toContain(
        `Make ${join(home, '.cache', 'postmortem-repository')} a folder of your own that only you can write (chmod 700), or set XDG_CACHE_HOME to one.`,
      );
      // Nothing kept between runs without a home: every file is checked again.
      expect(built.output).toContain('Checked 2 postmortems.');
      expect(page('2024-03-02-target')).toContain(SUMMARY);
      expect(victim.changes()).toEqual([]);
      expect(existsSync(processFolderIn(built.output))).toBe(false);
      expect(readdirSync(away)).toEqual(['a-file']);
      expect(existsSync(join(site.dir, 'relative'))).toBe(false);
    } finally {
      rmSync(away, { recursive: true, force: true });
    }
  });
});

test('the victim folder is a real target: a plain write through a planted link does reach it (the tests above are not vacuous)', () => {
  const at = join(site.dir, 'node_modules/.astro/probe');
  plant(site.dir, 'node_modules/.astro/probe', 'dangling');
  victim.mark();
  execFileSync('sh', ['-c', 'echo written > "$1"', 'sh', at]);
  expect(victim.changes()).toContain('created-by-the-build: added');
  rmSync(at);
  rmSync(victim.file('created-by-the-build'));
});
