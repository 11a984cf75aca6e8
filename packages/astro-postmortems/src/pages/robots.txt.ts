/** `robots.txt`: every crawler is turned away unless `indexing: true` in postmortems.config.ts. */
import type { APIContext } from 'astro';
import { url } from '../lib/postmortems.ts';
import { siteConfig } from '../site-config.ts';

export function GET(context: APIContext): Response {
  const lines = siteConfig.indexing
    ? ['User-agent: *', 'Allow: /', '', `Sitemap: ${new URL(url('sitemap-index.xml'), context.site ?? 'http://localhost:4321').href}`]
    : [
        '# Postmortems are internal: no crawler may index this site (set `indexing: true` in postmortems.config.ts to allow it).',
        'User-agent: *',
        'Disallow: /',
      ];
  return new Response(`${lines.join('\n')}\n`, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
