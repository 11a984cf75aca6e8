/**
 * RSS feed of the latest published postmortems, newest incident first: the newest `FEED_ITEMS`, as readers fetch
 * the feed again and again (all of them would be 16 MB at 20,000 postmortems).
 */
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { htmlText } from '../lib/format.ts';
import { getPostmortems, postmortemUrl, url } from '../lib/postmortems.ts';
import { siteConfig } from '../site-config.ts';

/** Items in the feed. */
const FEED_ITEMS = 100;

export async function GET(context: APIContext): Promise<Response> {
  const published = (await getPostmortems()).filter((p) => p.data.status === 'published').slice(0, FEED_ITEMS);
  return rss({
    title: siteConfig.title,
    description: siteConfig.description,
    site: new URL(url(), context.site ?? 'http://localhost:4321').href,
    items: published.map((p) => ({
      title: `[${p.data.severity}] ${p.data.title}`,
      link: postmortemUrl(p.id),
      pubDate: new Date(p.startedAt),
      // Readers render `description` as HTML after decoding the XML once: a summary is text, so it is escaped
      // for HTML here (and again for XML by @astrojs/rss), and `<img onerror=…>` arrives as those characters.
      description: htmlText(p.summary),
      categories: [p.data.severity, ...p.data.services, ...(p.data.tags ?? [])],
    })),
    customData: '<language>en</language>',
  });
}
