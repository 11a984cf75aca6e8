/**
 * Page sizes and addresses of the paginated lists, and the compact files the
 * list filters read (see `lib/client/catalog.ts` and docs/performance.md,
 * "Page sizes"). Nothing on a page may grow with the number of postmortems:
 * a list that could is split into static pages of a fixed size.
 */
import { siteConfig } from '../site-config.ts';
import { url } from './postmortems.ts';
import { readEnvironment } from '../core/environment.ts';

/**
 * Rows per static page: `pageSize` in postmortems.config.ts. `POSTMORTEMS_PAGE_SIZE` overrides every list's size at
 * build time (the browser tests set a small one so that their few sample postmortems already span several pages).
 */
function size(configured: number): number {
  return readEnvironment('POSTMORTEMS_PAGE_SIZE') ?? configured;
}

export const PAGE_SIZE = {
  /** Postmortem cards on the list, a service, a tag or a factor category page. */
  postmortems: size(siteConfig.pageSize.postmortems),
  /** Rows on an action items page. */
  actionItems: size(siteConfig.pageSize.actionItems),
  /**
   * Records per chunk of the filters' card and row files: one chunk of a value's own records is one page of a
   * filtered list; fewer, larger files also cost the build less than many small ones (each is a route).
   */
  chunk: size(100),
};

/** Postmortems (or rows) listed in full on a summary page before a "see all" link. */
export const PREVIEW = 10;

/** The address of page `n` (1-based) of a list whose first page is at `first` (site-relative, ends with `/`). */
export function pageHref(first: string, n: number): string {
  return url(n <= 1 ? first : `${first}${n}/`);
}

/** Astro's `paginate` gives the rest parameter `undefined` on the first page and the number on the others. */
export const pageParam = (n: number): string | undefined => (n <= 1 ? undefined : String(n));

/**
 * A sorted list of non-negative integers as gaps (first value, then differences): small numbers, so the JSON the
 * filters fetch stays a few bytes per entry.
 */
export function gaps(sorted: readonly number[]): number[] {
  return sorted.map((v, i) => (i ? v - sorted[i - 1]! : v));
}

/** The ordinals of `items` (positions in `order`) for which `keep` holds, ascending. */
export function ordinalsWhere<T>(order: readonly T[], keep: (item: T) => boolean): number[] {
  const out: number[] = [];
  order.forEach((item, i) => {
    if (keep(item)) out.push(i);
  });
  return out;
}
