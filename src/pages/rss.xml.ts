/** RSS feed of published postmortems, newest incident first. */
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getPostmortems, postmortemUrl, url } from '../lib/postmortems.ts';
import { siteConfig } from '../site-config.ts';

export async function GET(context: APIContext): Promise<Response> {
  const published = (await getPostmortems()).filter((p) => p.data.status === 'published');
  return rss({
    title: siteConfig.title,
    description: siteConfig.description,
    site: new URL(url(), context.site ?? 'http://localhost:4321').href,
    items: published.map((p) => ({
      title: `[${p.data.severity}] ${p.data.title}`,
      link: postmortemUrl(p.id),
      pubDate: new Date(p.startedAt),
      description: p.summary,
      categories: [p.data.severity, ...p.data.services, ...(p.data.tags ?? [])],
    })),
    customData: '<language>en</language>',
  });
}
