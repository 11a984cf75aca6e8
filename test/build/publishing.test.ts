/**
 * What a build publishes, and for whom (docs/format.md, "Drafts" and "Internal parts"; issue 22 item 4, issue 25
 * item 5), proved on real builds of one small repository, every output file read (the search index decompressed):
 *
 * 1. the default build (internal audience, drafts not published): the draft is nowhere in dist/, internal parts are
 *    there and marked;
 * 2. `postmortems build --audience external` (with `publishDrafts: true`, which an external build ignores): no
 *    internal text and no draft anywhere in dist/, an attacker's test with markers in every place they can be put;
 * 3. `publishDrafts: true`: the draft is published with its banner (read from the shared published site,
 *    test/helpers/shared-sites.ts, which holds this test's two postmortems under `postmortems/publishing/`);
 * and `astro dev`, which shows the draft with its banner whatever the configuration (one server: the repository starts
 * empty, a first day, and the postmortems are added while it runs).
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../helpers/dev-server.ts';
import { runBuild } from '../../packages/astro-postmortems/src/cli/build.ts';
import { build, CLI, createSite, FIXTURE_CONFIG, run, type FixtureSite } from '../helpers/site.ts';
import { DRAFT, INTERNAL, publishedSite, publishingFiles } from '../helpers/shared-sites.ts';

/** The banner of a draft ("Draft.", or "Overdue for review." saying it is still a draft: the fixture's incident is old). */
const DRAFT_BANNER =
  /<p class="banner[^"]*" role="note"[^>]*><strong[^>]*>(?:Draft\.|Overdue for review\.)<\/strong> This postmortem is still (?:being written|a draft)/;

function sourceFiles(): Record<string, string> {
  return publishingFiles() as Record<string, string>;
}

/** Every file under `dir`, as text, gzip files (Pagefind's index, fragments, filters) decompressed. */
function outputFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    let bytes = readFileSync(path);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    out.set(path.slice(dir.length + 1), bytes.toString('utf8'));
  }
  return out;
}

/** The files (relative to dist/) in which any of the words occur, case-insensitively, with the word. */
function occurrences(files: Map<string, string>, words: readonly string[]): string[] {
  const found: string[] = [];
  for (const [path, text] of files) {
    const lower = text.toLowerCase();
    for (const word of words) if (lower.includes(word.toLowerCase())) found.push(`${path}: ${word}`);
  }
  return found;
}

const configWith = (extra: string) => readFileSync(FIXTURE_CONFIG, 'utf8').replace(/\};\s*$/, `  ${extra}\n};\n`);

const draftWords = Object.values(DRAFT);
const internalWords = Object.values(INTERNAL);
/** The image inside `<Internal>`, by its bytes. */
const hasImage = (files: Map<string, string>) => [...files.keys()].some((p) => p.startsWith('postmortem-images/'));

describe('a production build', () => {
  let site: FixtureSite;
  beforeAll(() => {
    site = createSite(sourceFiles());
  });
  afterAll(() => rmSync(site.dir, { recursive: true, force: true }));

  it('for the internal audience (the default): leaves the draft out of every file, and shows internal parts marked', async () => {
    const result = await build(site.dir);
    expect(result.code, result.output).toBe(0);
    // The build says what it left out, and the link it therefore does not show.
    expect(result.output).toContain(`Left out 1 draft (drafts are published only with \`publishDrafts: true\`): ${DRAFT.id}.`);
    expect(result.output).toMatch(/2024-03-02-public lists the draft 2024-03-02-kzdraftidq in `related`/);
    const files = outputFiles(join(site.dir, 'dist'));
    // The checks below read every kind of output: pages, lists, the feed, the sitemap, filter JSON, the search index.
    for (const kind of [
      /^postmortems\/2024-03-02-public\/index\.html$/,
      /^postmortems\/index\.html$/,
      /^rss\.xml$/,
      /^sitemap-0\.xml$/,
      /^postmortems\/filters\/.+\.json$/,
      /^search-filters\.json$/,
      /^pagefind\/fragment\/.+\.pf_fragment$/,
      /^pagefind\/index\/.+\.pf_index$/,
      /^services\/index\.html$/,
      /^action-items\/index\.html$/,
    ]) {
      expect(
        [...files.keys()].some((p) => kind.test(p)),
        String(kind),
      ).toBe(true);
    }
    expect(occurrences(files, draftWords)).toEqual([]);
    expect(existsSync(join(site.dir, 'dist/postmortems', DRAFT.id))).toBe(false);

    // Internal parts are on the internal site, each marked where a reader meets it.
    const page = files.get('postmortems/2024-03-02-public/index.html')!;
    const everyInternal = [
      INTERNAL.section,
      INTERNAL.paragraph,
      INTERNAL.phrase,
      INTERNAL.timeline,
      INTERNAL.author,
      INTERNAL.financial,
      INTERNAL.facilitator,
      INTERNAL.factor,
      INTERNAL.actionTitle,
      INTERNAL.actionOwner,
    ];
    for (const word of everyInternal) expect(page, word).toContain(word);
    expect(page).toMatch(
      new RegExp(
        `<div class="internal-part" role="group" aria-label="Internal"><p class="internal-label" data-pagefind-ignore="" aria-hidden="true">Internal</p>(?:(?!</div>)[\\s\\S])*${INTERNAL.paragraph}`,
      ),
    );
    expect(page).toMatch(
      new RegExp(
        `<span class="internal-part internal-inline"><span class="internal-label" data-pagefind-ignore="">Internal:</span> ${INTERNAL.phrase}`,
      ),
    );
    // Internal fields and items are marked too.
    for (const word of [INTERNAL.author, INTERNAL.financial, INTERNAL.facilitator, INTERNAL.factor, INTERNAL.actionTitle]) {
      expect(page, word).toMatch(new RegExp(`${word}[^<]*<span class="internal-label internal-mark" data-pagefind-ignore>Internal</span>`));
    }
    expect(page.split('internal-mark').length - 1).toBe(5);
    // The summary (lists, feed, meta description) never holds an internal phrase, for either audience.
    expect(
      occurrences(
        new Map([
          ['rss.xml', files.get('rss.xml')!],
          ['postmortems/index.html', files.get('postmortems/index.html')!],
        ]),
        [INTERNAL.summaryPhrase],
      ),
    ).toEqual([]);
    expect(hasImage(files)).toBe(true);
  });

  it('for the external audience: no internal text and no draft in any file of dist/, even with publishDrafts', async () => {
    writeFileSync(join(site.dir, 'postmortems.config.ts'), configWith('publishDrafts: true,'));
    const result = await run(site.dir, 'node', [CLI, 'build', '--audience', 'external']);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`Left out 1 draft (an external build never publishes drafts): ${DRAFT.id}.`);
    const files = outputFiles(join(site.dir, 'dist'));
    expect(files.size).toBeGreaterThan(20);
    expect(occurrences(files, [...internalWords, ...draftWords])).toEqual([]);
    // Not even the marks: no page says that something was left out (the stylesheet may still name the classes).
    expect(occurrences(files, ['internal-part', 'internal-label', 'end of internal text']).filter((f) => !f.startsWith('_astro/'))).toEqual(
      [],
    );
    expect(hasImage(files)).toBe(false);
    // What stays public is there: the postmortem, its public sections, factors, action items and services.
    const page = files.get('postmortems/2024-03-02-public/index.html')!;
    expect(page).toContain('Checkout latency after cache flush');
    expect(page).toContain('The flush had no staged rollout.');
    expect(page).toContain('Warm the cache before flushing');
    expect(page).toContain('Where we got lucky');
    expect(page).not.toContain('class="internal-part');
    expect(files.has('services/checkout-api/index.html')).toBe(true);
    expect(occurrences(files, ['legal-team'])).toEqual([]);
  });
});

describe('a build with publishDrafts (internal): the shared published site', () => {
  it('publishes the draft with its banner, and lists it', async () => {
    const site = await publishedSite();
    expect(site.code, site.output).toBe(0);
    const page = readFileSync(join(site.dir, 'dist/postmortems', DRAFT.id, 'index.html'), 'utf8');
    expect(page).toMatch(DRAFT_BANNER);
    expect(page).toContain(DRAFT.body);
    // On one page of the list (the shared site's list spans several).
    const lists = readdirSync(join(site.dir, 'dist/postmortems'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && /^\d+$/.test(e.name))
      .map((e) => join(e.name, 'index.html'));
    const listed = ['index.html', ...lists].filter((f) =>
      readFileSync(join(site.dir, 'dist/postmortems', f), 'utf8').includes(DRAFT.title),
    );
    expect(listed).toHaveLength(1);
  });
});

it('postmortems build refuses an unknown audience before building anything', async () => {
  const lines: string[] = [];
  const io = {
    cwd: '/nonexistent',
    env: {},
    isTTY: false,
    stdout: (t: string) => void lines.push(t),
    stderr: (t: string) => void lines.push(t),
    astro: ['/nonexistent/astro'],
  };
  expect(await runBuild(['--audience', 'extrenal'], io)).toBe(2);
  expect(lines.join('\n')).toContain('Unexpected --audience `extrenal`, expected `internal` or `external`');
  expect(await runBuild(['--audience'], io)).toBe(2);
});

describe('astro dev', () => {
  let dev: DevServer | undefined;
  let emptySite: FixtureSite | undefined;
  afterAll(() => {
    dev?.stop();
    if (emptySite) rmSync(emptySite.dir, { recursive: true, force: true });
  });

  // One server for both (a dev server's start is most of a test's cost): a first day's empty repository, then the
  // postmortems added while it runs, as a team writes its first ones.
  it('an empty repository (a first day): the home and stats pages say how to write the first postmortem, with no warning', async () => {
    const site = (emptySite = createSite());
    dev = await startDevServer(site.dir);
    const home = await dev.until('the home page', async () => {
      const res = await fetch(`${dev!.base}/`);
      return res.ok ? res.text() : undefined;
    });
    expect(home).toContain('No postmortems yet: write the first one');
    expect(home).toMatch(/<code[^>]*>npm run new<\/code>/);
    const stats = await fetch(`${dev.base}/stats/`);
    expect(stats.status).toBe(200);
    expect(await stats.text()).toContain('No postmortems yet: write the first one');
    expect(dev.log()).not.toMatch(/does not exist or is empty|check your content config/i);
    expect(dev.log()).not.toMatch(/\[ERROR\]/);
  });

  it('shows a draft with its banner, whatever the configuration (added while the server runs)', async () => {
    expect(dev, 'the server of the test before').toBeDefined();
    for (const [path, content] of Object.entries(sourceFiles())) emptySite!.write(path, content);
    const page = await dev!.until('the draft page', async () => {
      const res = await fetch(`${dev!.base}/postmortems/${DRAFT.id}/`);
      return res.ok ? res.text() : undefined;
    });
    expect(page).toMatch(DRAFT_BANNER);
    expect(page).toContain(DRAFT.body);
    const list = await fetch(`${dev!.base}/postmortems/`).then((r) => r.text());
    expect(list).toContain(DRAFT.title);
  });
});
