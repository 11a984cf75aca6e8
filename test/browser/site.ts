/** Shared by the browser tests: the served site, its pages and the sample postmortems behind it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { inject } from 'vitest';
import { parse } from 'yaml';
import type { Frontmatter } from '../../packages/astro-postmortems/src/core/frontmatter-schema.ts';
import { FIXTURE_REPOSITORY } from '../helpers/site.ts';

/** A page of the served site, e.g. `url('postmortems/')`. */
export function url(path = ''): string {
  return new URL(path.replace(/^\//, ''), inject('siteUrl')).href;
}

export interface Source {
  id: string;
  path: string;
  data: Frontmatter;
  body: string;
}

/** The test suite's sample postmortems the site was built from (never the checkout's `postmortems/`). */
export function sources(): Source[] {
  const out: Source[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.mdx')) {
        const text = readFileSync(join(dir, e.name), 'utf8');
        const end = text.indexOf('\n---', 3);
        out.push({
          id: e.name.slice(0, -4),
          path: relative(FIXTURE_REPOSITORY, join(dir, e.name)),
          data: parse(text.slice(4, end)) as Frontmatter,
          body: text.slice(end + 4),
        });
      }
    }
  };
  walk(join(FIXTURE_REPOSITORY, 'postmortems'));
  return out;
}

/** The pages every accessibility and keyboard check visits. */
export const PAGES: Record<string, string> = {
  home: '',
  list: 'postmortems/',
  'list, page 2': 'postmortems/2/',
  'list, filtered': 'postmortems/?severity=P2&sort=started%3Aasc',
  postmortem: 'postmortems/2026-10-08-regional-queue-outage-label-generation/',
  draft: 'postmortems/2026-11-19-auth-service-dns-cutover-token-refresh/',
  'action items': 'action-items/',
  'action items, page 2': 'action-items/2/',
  'action items, filtered': 'action-items/?status=unfinished',
  stats: 'stats/',
  services: 'services/',
  service: 'services/checkout-api/',
  tags: 'tags/',
  tag: 'tags/database/',
  factors: 'factors/',
  'factor category': 'factors/configuration/',
  search: 'search/',
  'not found': 'no-such-page/',
  write: 'write/',
};

/** The size every page is seen at unless a test gives another. */
export const DESKTOP = { width: 1280, height: 900 };

/**
 * The contexts `open` takes its pages from: one per browser and per set of context options (the size and the theme
 * are set on each page). A new context costs Chromium a new renderer process, about 3 s of CPU on these machines;
 * a page in a context whose renderer is kept alive by a page of the site's (opened here, never used) about half of
 * that. A test that closes the context (`page.context().close()`) only makes the next `open` start a new one.
 */
const contexts = new WeakMap<Browser, Map<string, Promise<BrowserContext>>>();

function sharedContext(browser: Browser, options: BrowserContextOptions): Promise<BrowserContext> {
  const key = JSON.stringify(options);
  const ofBrowser = contexts.get(browser) ?? new Map<string, Promise<BrowserContext>>();
  contexts.set(browser, ofBrowser);
  let context = ofBrowser.get(key);
  if (!context) {
    context = (async () => {
      const made = await browser.newContext({ viewport: DESKTOP, ...options });
      made.on('close', () => ofBrowser.delete(key));
      await (await made.newPage()).goto(url('robots.txt'));
      return made;
    })();
    // A context that could not be made is not kept: the next `open` tries again.
    context.catch(() => ofBrowser.delete(key));
    ofBrowser.set(key, context);
  }
  return context;
}

/** Empties what the site stored in `page`'s context (local, session, IndexedDB, cookies, caches), as a new context has nothing. */
export async function emptySiteStorage(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin: new URL(url()).origin, storageTypes: 'all' });
  await cdp.detach();
}

/**
 * A fresh page with console errors collected: a new tab whose site storage (local, session, IndexedDB, cookies,
 * caches) is emptied first, as in a context of its own; `options.viewport` and `options.colorScheme` are the page's.
 * Close it with `page.close()`.
 */
export async function open(browser: Browser, path: string, options: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[] }> {
  const { viewport = DESKTOP, colorScheme, ...contextOptions } = options;
  const context = await sharedContext(browser, contextOptions);
  const page = await context.newPage();
  await emptySiteStorage(page);
  if (viewport) await page.setViewportSize(viewport);
  if (colorScheme) await page.emulateMedia({ colorScheme });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url(path));
  await settled(page);
  return { page, errors };
}

/** The texts of the elements matching `selector` that are shown (not inside a hidden container). */
export function shownTexts(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (els) => els.filter((e) => e.checkVisibility()).map((e) => e.textContent!.replace(/\s+/g, ' ').trim()));
}

/**
 * Every page of a paginated view, from the one shown: calls `read` on each and follows the shown
 * `rel="next"` link of the `Pagination` navigation until there is none (a static page load without
 * JavaScript, a redraw with it). Returns what `read` gave, page after page.
 */
export async function everyPage<T>(page: Page, read: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let guard = 0; guard < 200; guard++) {
    out.push(await read());
    const next = page.locator('nav[aria-label="Pagination"] a[rel="next"]').filter({ visible: true });
    if (!(await next.count())) return out;
    const before = page.url();
    await next.first().click();
    await page.waitForURL((u) => u.href !== before);
    await settled(page);
  }
  throw new Error('more than 200 pages');
}

/**
 * Waits until the page has loaded and the list filters have drawn (`aria-busy` gone). Not for the network to be idle
 * (half a second of nothing, on every load): the page's scripts have run by `load`, and a redraw marks itself busy in
 * the same task as the change or the load that starts it (catalog.ts); what comes later, tests wait for by name.
 */
export async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
}
