/**
 * Builds the search index from the finished site with Pagefind's Node API.
 * Only postmortem pages (the ones marked `data-pagefind-body`) are indexed.
 *
 * Pagefind's process holds every page it indexes until it writes the index
 * (2.1 GB at 5,000 postmortems, 7.2 GB at 20,000, measured), so a large site
 * is indexed in shards of `SHARD_SIZE` pages, one Pagefind process after
 * another, each written to its own bundle; `shards.json` in the main bundle
 * lists the others and the search client merges them (`mergeIndex`). Memory
 * stays that of one shard at any size; a query loads one index chunk per word
 * from every shard, so shards are as large as memory allows.
 */
import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { ID_PATTERN } from '../../core/paths.ts';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import * as pagefind from 'pagefind';
import { displayLine } from '../../core/terminal-text.ts';
import { readEnvironment } from '../../core/environment.ts';

/**
 * Pages per Pagefind process: about 3.6 GB at most (GitHub's 7 GB runners), and one shard up to 10,000 postmortems.
 * Shards of 4,000 cost a query at 20,000 postmortems 807 KB against 502 KB for one index (docs/performance.md).
 */
export const SHARD_SIZE = 10_000;

/** The main bundle, and `<SHARD_PREFIX>2/`, `<SHARD_PREFIX>3/`… beside it. */
export const BUNDLE = 'pagefind';
export const SHARD_PREFIX = 'pagefind-shard-';
/** In the main bundle: the other bundles' paths, relative to the site root (an empty list when there is one). */
export const SHARDS_FILE = 'shards.json';

/** Postmortem pages, `dist/postmortems/<id>/index.html`, by id; the list's pages (`postmortems/2/`) and `filters/` are not ids. */
function postmortemPages(site: string): string[] {
  let names: string[];
  try {
    names = readdirSync(join(site, 'postmortems')).sort();
  } catch {
    return [];
  }
  return names
    .filter((name) => ID_PATTERN.test(name) && existsSync(join(site, 'postmortems', name, 'index.html')))
    .map((name) => `postmortems/${name}/index.html`);
}

export async function buildSearchIndex(
  dir: URL,
  logger: { info(message: string): void },
  options: { shardSize?: number } = {},
): Promise<void> {
  const site = fileURLToPath(dir);
  // The index is written into the built site and its pages linked from beside it: the site must be the folder the
  // build wrote, not a link to another (`build-folders.ts` refuses one before Astro writes; this holds for any caller).
  if (!lstatSync(site.replace(/[\\/]$/, '')).isDirectory())
    throw new Error(displayLine`${site} is not a folder (a link?): the search index is written only into the built site`);
  // Bundles of an earlier build (more shards then, or an entry planted in their place) are removed first, as names:
  // rm never follows a link, it removes it.
  for (const name of readdirSync(site))
    if (name === BUNDLE || name.startsWith(SHARD_PREFIX)) rmSync(join(site, name), { recursive: true, force: true });
  const size = Math.max(1, options.shardSize ?? readEnvironment('POSTMORTEMS_SEARCH_SHARD_SIZE') ?? SHARD_SIZE);
  const pages = postmortemPages(site);
  const shards: string[][] = [];
  for (let i = 0; i < Math.max(1, pages.length); i += size) shards.push(pages.slice(i, i + size));
  const bundles = shards.map((_, i) => (i === 0 ? BUNDLE : `${SHARD_PREFIX}${i + 1}`));
  for (const [i, shard] of shards.entries()) {
    const { index, errors } = await pagefind.createIndex({});
    if (!index) throw new Error(displayLine`Pagefind could not start: ${errors.join('; ')}`);
    // The shard's pages, linked into a folder of their own that Pagefind reads itself: twice as fast as passing each
    // page through its Node API (20 s against 41 s for 5,000 pages, measured), as it reads and parses in parallel.
    // Beside the output folder (same file system, so links work), never inside it, and removed afterwards. mkdtemp
    // makes a new folder (mode 700) whose name nothing planted can have, so every link is made inside it.
    const input = mkdtempSync(join(dirname(site.replace(/[\\/]$/, '')), '.pagefind-input-'));
    try {
      for (const page of shard) {
        const target = join(input, page);
        mkdirSync(dirname(target), { recursive: true });
        try {
          linkSync(join(site, page), target);
        } catch {
          copyFileSync(join(site, page), target);
        }
      }
      if (shard.length) {
        const added = await index.addDirectory({ path: input });
        if (added.errors.length) throw new Error(displayLine`Pagefind could not index the pages: ${added.errors.join('; ')}`);
        if (added.page_count !== shard.length) throw new Error(`Pagefind indexed ${added.page_count} of ${shard.length} pages`);
      }
      const written = await index.writeFiles({ outputPath: join(site, bundles[i]!) });
      if (written.errors.length) throw new Error(displayLine`Pagefind could not write its index: ${written.errors.join('; ')}`);
    } finally {
      rmSync(input, { recursive: true, force: true });
      // Ends the Pagefind process, and its memory, before the next shard starts one.
      await pagefind.close();
    }
  }
  writeFileSync(join(site, BUNDLE, SHARDS_FILE), JSON.stringify(bundles.slice(1).map((b) => `${b}/`)));
  logger.info(`Pagefind indexed ${pages.length} pages${shards.length > 1 ? ` in ${shards.length} shards of at most ${size}` : ''}.`);
}
