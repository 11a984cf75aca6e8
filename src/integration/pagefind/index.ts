/**
 * Builds the Pagefind index with Pagefind's Node API. Only elements marked
 * `data-pagefind-body` (postmortem pages) are indexed.
 *
 * Indexing overlaps with rendering: Astro renders pages on one thread, so
 * during `astro build` a middleware (`middleware.ts`) hands each finished
 * page that has a `data-pagefind-body` to the Pagefind process while Astro
 * goes on with the next page, and `astro:build:done` only writes the index.
 * On a large site that takes most of Pagefind's time off the build's critical
 * path. When the pages seen by the middleware do not match the files in
 * `dist/` (or none was seen), the index is built from the finished folder
 * instead, as before.
 */
import type { AstroIntegrationLogger } from 'astro';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import * as pagefind from 'pagefind';

/** Where the middleware (bundled into Astro's prerender code, same process) finds the running index. */
export const SEARCH_FEED = Symbol.for('postmortems.search-feed');

export interface SearchFeed {
  /** The site's `base`, with a trailing slash. */
  base: string;
  index: pagefind.PagefindIndex | undefined;
  /** Site-root-relative URLs handed to Pagefind, as Pagefind's directory walk would name them. */
  urls: string[];
  pending: Promise<unknown>[];
  add(pathname: string, html: string): void;
}

type FeedHolder = { [SEARCH_FEED]?: SearchFeed };

/** The URL Pagefind gives `dist/<path>/index.html`: `/<path>/`, with the site's base removed. */
export function pageUrl(pathname: string, base: string): string {
  let url = pathname.startsWith(base) ? `/${pathname.slice(base.length)}` : pathname;
  if (!/\.[a-z0-9]+$/i.test(url) && !url.endsWith('/')) url += '/';
  return url;
}

/** Starts the Pagefind process and the feed the middleware writes to (build only). */
export async function startSearchFeed(base: string): Promise<void> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const feed: SearchFeed = {
    base: base.endsWith('/') ? base : `${base}/`,
    index,
    urls: [],
    pending: [],
    add(pathname, html) {
      if (!feed.index || !html.includes('data-pagefind-body')) return;
      const url = pageUrl(pathname, feed.base);
      feed.urls.push(url);
      feed.pending.push(feed.index.addHTMLFile({ url, content: html }));
    },
  };
  (globalThis as FeedHolder)[SEARCH_FEED] = feed;
}

/** The file Astro wrote for a page URL (directory or file format). */
function builtFile(site: string, url: string): boolean {
  const path = join(site, decodeURI(url));
  return url.endsWith('/') ? existsSync(join(path, 'index.html')) || existsSync(`${path.replace(/\/$/, '')}.html`) : existsSync(path);
}

export async function buildSearchIndex(dir: URL, logger: AstroIntegrationLogger): Promise<void> {
  const site = fileURLToPath(dir);
  const holder = globalThis as FeedHolder;
  const feed = holder[SEARCH_FEED];
  delete holder[SEARCH_FEED];
  try {
    let index = feed?.index;
    let pages: number | undefined;
    if (index && feed) {
      const added = await Promise.allSettled(feed.pending);
      const failed = added.filter((r) => r.status === 'rejected' || (r.value as { errors?: string[] }).errors?.length);
      // Any doubt (nothing fed, a failed page, a URL with no file), and the index is rebuilt from dist/.
      if (!feed.urls.length || failed.length || !feed.urls.every((url) => builtFile(site, url))) {
        if (feed.urls.length) logger.warn('Pagefind: the pages indexed during rendering did not match dist/; indexing dist/ again.');
        await pagefind.close();
        index = undefined;
      } else {
        pages = feed.urls.length;
      }
    }
    if (!index) {
      const created = await pagefind.createIndex({});
      if (!created.index) throw new Error(`Pagefind could not start: ${created.errors.join('; ')}`);
      index = created.index;
      const added = await index.addDirectory({ path: site });
      if (added.errors.length) throw new Error(`Pagefind could not index the site: ${added.errors.join('; ')}`);
      pages = added.page_count;
    }
    const written = await index.writeFiles({ outputPath: join(site, 'pagefind') });
    if (written.errors.length) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
    logger.info(`Pagefind indexed ${pages} pages.`);
  } finally {
    await pagefind.close();
  }
}
