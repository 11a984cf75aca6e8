/**
 * Build-time middleware added by the integration during `astro build` only:
 * hands every rendered HTML page to the running Pagefind index (see
 * `index.ts`) so indexing overlaps with rendering. The page itself is returned
 * unchanged.
 */
import type { MiddlewareHandler } from 'astro';

const SEARCH_FEED = Symbol.for('postmortems.search-feed');

interface Feed {
  add(pathname: string, html: string): void;
}

export const onRequest: MiddlewareHandler = async (context, next) => {
  const response = await next();
  const feed = (globalThis as { [SEARCH_FEED]?: Feed })[SEARCH_FEED];
  if (!feed || !response.body || !response.headers.get('content-type')?.startsWith('text/html')) return response;
  const html = await response.text();
  feed.add(context.url.pathname, html);
  return new Response(html, { status: response.status, statusText: response.statusText, headers: response.headers });
};
