/**
 * Many writers on one cache at once, and caches that fail. Worker threads of one process render identical
 * postmortems at the same moment (content-addressed names collide: before, their temporary files shared the process
 * id and one thread's rename took the other's file, failing 1 to 17 files in 4 of 5 builds of 1,000 postmortems);
 * another loader of the same project prunes while they write; `astro dev` and a build run on one project with
 * different base paths. Nothing fails, nothing half-written or temporary is left, and no loader loses a file another
 * still reads. A cache that cannot be written stops the run as the tool's own failure, naming the file: never as a
 * problem in an author's postmortem.
 *
 * This is the light variant, sized to expose the races in a few seconds: the threads write thousands of colliding
 * files, and the worker-thread check renders the same and nearly the same postmortems in four threads at once.
 * `npm run stress:caches` builds a repository of 1,000 postmortems and more, with duplicates, with workers,
 * repeatedly, alongside a dev server (minutes; scripts/stress-caches.ts).
 */
import { spawn } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, test } from 'vitest';
import { resolveConfig } from '../../packages/astro-postmortems/src/core/config.ts';
import { checkPaths, type CheckedFile } from '../../packages/astro-postmortems/src/core/repository.ts';
import { pruneArticles, readArticle, readTerms } from '../../packages/astro-postmortems/src/integration/article-cache.ts';
import { projectCacheDir, pruneBefore } from '../../packages/astro-postmortems/src/integration/cache-folder.ts';
import type { RenderedPostmortem } from '../../packages/astro-postmortems/src/integration/render.ts';
import { startDevServer } from '../helpers/dev-server.ts';
import { BIN, build, createSite, toolEnv, validPostmortem, type FixtureSite } from '../helpers/site.ts';

const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};

const TEMP = /\.tmp$/;
const DAY = 24 * 60 * 60 * 1000;

describe('writers of one cache folder at once', () => {
  test('four threads writing the same and their own files while another loader prunes: every write lands whole, nothing temporary is left', async () => {
    const folder = temp('pm-cache-threads-');
    // What earlier runs left: a finished file no running loader uses, a file that is not the cache's, a temporary
    // file a crashed writer left a day ago, and one a writer of another process is writing now.
    const old = join(folder, `${'1'.repeat(64)}.html`);
    const foreign = join(folder, 'notes.txt');
    const crashed = join(folder, `${'2'.repeat(64)}.html.1-1-1-aaaaaaaaaaaa.tmp`);
    const writing = join(folder, `${'3'.repeat(64)}.terms.1-2-1-bbbbbbbbbbbb.tmp`);
    for (const file of [old, foreign, crashed, writing]) writeFileSync(file, 'x');
    for (const file of [old, crashed]) utimesSync(file, new Date(Date.now() - 2 * DAY), new Date(Date.now() - 2 * DAY));
    const start = Date.now();

    // Thirty texts every thread writes (the same names, as identical postmortems give), ten of each thread's own.
    const shared = Array.from({ length: 30 }, (_, i) => `<p>The same article ${i}.</p>`.repeat(40));
    const threads = Array.from({ length: 4 }, (_, t) => {
      const own = Array.from({ length: 10 }, (_, i) => `<p>Thread ${t}, article ${i}.</p>`.repeat(40));
      return new Worker(new URL('../helpers/cache-writer.ts', import.meta.url), {
        workerData: { folder, texts: [...shared, ...own], rounds: 6 },
      });
    });
    const results = Promise.all(
      threads.map(
        (w) =>
          new Promise<{ written: string[]; errors: string[] }>((resolve, reject) => (w.once('message', resolve), w.once('error', reject))),
      ),
    );
    let finished = false;
    void results.finally(() => (finished = true));
    // Meanwhile, another loader of the project ends its run and prunes what it does not use (nothing of theirs).
    let prunes = 0;
    while (!finished) {
      pruneArticles(folder, new Set(), pruneBefore({ dir: folder, articles: folder, checks: undefined }, start));
      prunes++;
      await new Promise((r) => setTimeout(r, 2));
    }
    const done = await results;

    expect(done.flatMap((r) => r.errors)).toEqual([]);
    expect(prunes).toBeGreaterThan(1);
    const written = new Set(done.flatMap((r) => r.written));
    expect(written.size).toBe(2 * (30 + 4 * 10));
    for (const file of written) expect((file.endsWith('.html') ? readArticle : readTerms)(file).length).toBeGreaterThan(0);
    const names = readdirSync(folder);
    // Only the other process's file being written is left of the temporaries; the crashed writer's is gone.
    expect(names.filter((n) => TEMP.test(n))).toEqual([writing.slice(folder.length + 1)]);
    expect(names).toContain('notes.txt');
    expect(names).not.toContain(old.slice(folder.length + 1));
  });
});

describe("the loader's check in worker threads", () => {
  const config = resolveConfig({});
  const render = (articles: string) => ({
    module: new URL('../../packages/astro-postmortems/src/integration/render-step.ts', import.meta.url).href,
    options: { base: '/', articles },
  });
  const SUMMARY = 'A cache flush slowed checkout for an hour.';

  /** Identical postmortems (same article, same counted words), nearly identical ones (one word apart), and others. */
  function repository(): { root: string; paths: string[] } {
    const root = temp('pm-cache-check-');
    const files: Record<string, string> = {};
    for (let i = 0; i < 12; i++) {
      files[`postmortems/2024-03-02-copy-${i}.mdx`] = validPostmortem();
      files[`postmortems/2024-03-02-near-${i}.mdx`] = validPostmortem((t) =>
        t.replace(SUMMARY, SUMMARY.replace('an hour', `${i + 2} hours`)),
      );
      files[`postmortems/2024-03-02-other-${i}.mdx`] = validPostmortem((t) =>
        t
          .replace('title: Checkout latency after cache flush', `title: Incident number ${i}`)
          .replace(SUMMARY, `Incident ${i} took the ${['cart', 'search', 'login'][i % 3]} down.`),
      );
    }
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(root, 'postmortems'), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return { root, paths: Object.keys(files).sort() };
  }

  test('identical and nearly identical postmortems rendered by four threads, twice into one folder: every file published', async () => {
    const { root, paths } = repository();
    const articles = temp('pm-cache-articles-');
    for (let round = 0; round < 2; round++) {
      const results = await checkPaths(root, paths, paths, { config, render: render(articles), today: '2026-01-15', workers: 3 });
      expect(results).toHaveLength(paths.length);
      for (const result of results) {
        const checked = result as CheckedFile;
        expect(
          checked.messages.filter((m) => m.severity === 'error'),
          checked.path,
        ).toEqual([]);
        const rendered = checked.rendered as RenderedPostmortem;
        expect(readArticle(rendered.article)).toContain('<h2');
        expect(readTerms(rendered.terms).length).toBeGreaterThan(0);
      }
    }
    const names = readdirSync(articles);
    expect(names.filter((n) => TEMP.test(n))).toEqual([]);
    // One article for the twelve copies, one per other file.
    expect(names.filter((n) => n.endsWith('.html'))).toHaveLength(1 + 12 + 12);
  });

  test("a cache that cannot be written stops the check as the tool's failure, in the main thread and in workers, never as a problem of a file", async () => {
    const { root, paths } = repository();
    const blocked = join(temp('pm-cache-blocked-'), 'a-file');
    writeFileSync(blocked, '');
    for (const workers of [0, 3]) {
      await expect(
        checkPaths(root, paths, paths, { config, render: render(join(blocked, 'articles')), today: '2026-01-15', workers }),
      ).rejects.toThrow(
        /^Could not write the cache file .*a-file\/articles\/[0-9a-f]{64}\.(?:html|terms) \(ENOTDIR: .*\)\. This is the build machine's cache, not a postmortem/,
      );
    }
  });
});

describe('real builds', () => {
  const PNG = readFileSync(new URL('../rules/fixtures/image-source/ok-png-beside/postmortems/error-rate.png', import.meta.url));
  /** The project of the first test; the second builds it again (Vite's dependency cache made by the first: see there). */
  let shared: FixtureSite | undefined;
  const BUILD_ENV = { BASE_PATH: '/docs/', POSTMORTEMS_SEARCH: 'off' };

  test('astro dev and a build of one project at once, with different base paths: neither loses a file the other reads; a cache failure in dev is the tool’s', async () => {
    const xdg = temp('pm-xdg-');
    const site = createSite({
      'postmortems/2024-03-02-chart.mdx': validPostmortem((t) =>
        t.replace(
          'A cache flush slowed checkout for an hour.',
          'A cache flush slowed checkout for an hour.\n\n![Error rate](./error-rate.png)',
        ),
      ),
      'postmortems/error-rate.png': PNG as unknown as string,
    });
    temps.push(site.dir);
    shared = site;
    const dev = await startDevServer(site.dir, { XDG_CACHE_HOME: xdg });
    try {
      const url = `${dev.base}/postmortems/2024-03-02-chart/`;
      const image = /<img src="\/postmortem-images\/[0-9a-f]{20}\.png"/;
      await dev.until('the page with its image', async () => (image.test(await (await fetch(url)).text()) ? true : undefined), 180);
      // The build renders the same postmortem for another base path (another article), then prunes what it did not use.
      const built = await build(site.dir, { XDG_CACHE_HOME: xdg, ...BUILD_ENV });
      expect(built.code, built.output).toBe(0);
      // Its own article, not dev's reused: the base path is part of what a cached result depends on.
      expect(readFileSync(join(site.dir, 'dist/postmortems/2024-03-02-chart/index.html'), 'utf8')).toMatch(
        /<img src="\/docs\/postmortem-images\/[0-9a-f]{20}\.png"/,
      );
      // The dev server still reads the article it rendered for its own base path.
      const page = await fetch(url);
      expect(page.status, dev.log()).toBe(200);
      expect(await page.text()).toMatch(image);

      // A cache write failing in dev is logged as the tool's failure, not as the edited file's problem, and the
      // server keeps the last checked version.
      const articles = join(projectCacheDir(site.dir, { XDG_CACHE_HOME: xdg }), 'articles');
      renameSync(articles, `${articles}.away`);
      writeFileSync(articles, '');
      site.write(
        'postmortems/2024-03-02-chart.mdx',
        validPostmortem((t) =>
          t.replace(
            'A cache flush slowed checkout for an hour.',
            'An edit made while the cache is broken.\n\n![Error rate](./error-rate.png)',
          ),
        ),
      );
      await dev.until('the failure logged', async () => (dev.log().includes('stopped on a failure of its own') ? true : undefined), 120);
      expect(dev.log()).toMatch(
        /stopped on a failure of its own, not of any postmortem: Could not write the cache file \S+\/articles\/[0-9a-f]{64}\.(?:html|terms) \(ENOTDIR.* postmortems\/2024-03-02-chart\.mdx keeps its last checked version/,
      );
      expect(dev.log()).not.toContain('render/refused');
      expect(dev.log()).not.toContain('is left out of the site');
      rmSync(articles);
      renameSync(`${articles}.away`, articles);
      const kept = await fetch(url);
      expect(kept.status, dev.log()).toBe(200);
      expect(await kept.text()).not.toContain('An edit made while the cache is broken.');
    } finally {
      dev.stop();
    }
  });

  test("a build whose cache cannot be written fails naming the cache file, as the tool's failure, not an author's", async () => {
    // A long code block: its highlighted HTML is the largest file the build writes before Astro's own, and past the
    // file-size limit set for the build process (writes over it fail with EFBIG), while Astro's type files stay under.
    const code = Array.from({ length: 300 }, (_, i) => `const value${i} = compute(${i}, "step ${i}");`).join('\n');
    // Vite's dependency cache (its files are large, and its bundling fails under the limit) must be there before the
    // limited run: the test before made it, with its dev server and its build of this project (the same settings as
    // this build, so the cache is reused rather than made again). The loader's cache of the limited run is a new one.
    expect(shared, 'the project of the test before').toBeDefined();
    const site = shared!;
    site.write(
      'postmortems/2024-03-02-long.mdx',
      validPostmortem((t) =>
        t
          .replace('title: Checkout latency after cache flush', 'title: A long code block')
          .replace('## Business Impact', `\`\`\`ts\n${code}\n\`\`\`\n\n## Business Impact`),
      ),
    );
    const xdg = temp('pm-xdg-');
    const result = await new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn('bash', ['-c', 'ulimit -f 32 && exec "$0" build', join(BIN, 'astro')], {
        cwd: site.dir,
        env: toolEnv({ XDG_CACHE_HOME: xdg, ...BUILD_ENV }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.on('close', (code) => resolve({ code, output }));
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(
      /The postmortem loader stopped on a failure of its own, not of any postmortem: Could not write the cache file \S+\/articles\/[0-9a-f]{64}\.html \(EFBIG/,
    );
    expect(result.output).toContain('Nothing in postmortems/ needs to change.');
    expect(result.output).not.toContain('render/refused');
    expect(result.output).not.toMatch(/postmortem errors? in/);
    // Nothing half-written stays behind.
    const articles = readdirSync(join(xdg, 'postmortem-repository/projects'), { recursive: true, withFileTypes: true }).filter(
      (e) => e.isFile() && TEMP.test(e.name),
    );
    expect(articles).toEqual([]);
    expect(lstatSync(join(xdg, 'postmortem-repository')).isDirectory()).toBe(true);
  });
});
