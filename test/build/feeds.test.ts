/**
 * The machine-readable files the build writes from postmortem text: `rss.xml`
 * (summaries must reach feed readers as plain text, never as markup) and
 * `search-filters.json` (tags named like `Object.prototype` members must be
 * counted like any other). One real build of a fixture site serves both.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { decodeHTML } from 'entities';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, createSite, validPostmortem, type FixtureSite } from '../helpers/site.ts';

/** A frontmatter `summary` that is markup, and text that merely looks like entities. */
const HOSTILE_SUMMARY = '<img src=x onerror=alert(1)> &lt;script&gt;alert(2)&lt;/script&gt; Q&A &amp;amp; <b>bold</b>';
/** The first paragraph of an Executive Summary with entity-encoded markup; MDX shows it as the text `<img …>`. */
const HOSTILE_BODY = 'A flush of &lt;img src=x onerror=alert(3)&gt; slowed checkout &amp; search.';

let site: FixtureSite;

beforeAll(async () => {
  site = createSite({
    'postmortems/2024-03-02-frontmatter-summary.mdx': validPostmortem((t) =>
      t
        .replace('title: Checkout latency after cache flush', `title: Checkout latency after cache flush\nsummary: ${JSON.stringify(HOSTILE_SUMMARY)}`)
        .replace('services: [checkout-api]', 'services: [checkout-api, constructor]\ntags: [constructor, cache]'),
    ),
    'postmortems/2024-04-09-body-summary.mdx': validPostmortem((t) =>
      t
        .replace('title: Checkout latency after cache flush', 'title: Search latency after index rebuild')
        .replaceAll('2024-03-02', '2024-04-09')
        .replace('A cache flush slowed checkout for an hour.', HOSTILE_BODY)
        .replace('services: [checkout-api]', 'services: [checkout-api]\ntags: [constructor]'),
    ),
    'postmortems/2023-11-20-plain.mdx': validPostmortem((t) =>
      t
        .replace('title: Checkout latency after cache flush', 'title: Login errors after certificate rotation')
        .replaceAll('2024-03-02', '2023-11-20')
        .replace('services: [checkout-api]', 'services: [checkout-api]\ntags: [cache]'),
    ),
  });
  const result = await build(site.dir);
  expect(result.code, result.output).toBe(0);
});

afterAll(() => {
  if (site) rmSync(site.dir, { recursive: true, force: true });
});

describe('rss.xml', () => {
  interface Item {
    title: string;
    description: string;
  }
  const items = (): Item[] => {
    const xml = readFileSync(join(site.dir, 'dist/rss.xml'), 'utf8');
    // One decode of the XML layer, as every feed reader does before it renders the description as HTML.
    const feed = new XMLParser({ processEntities: true, htmlEntities: false }).parse(xml) as { rss: { channel: { item: Item[] } } };
    return feed.rss.channel.item;
  };
  const description = (title: string) => items().find((i) => i.title.endsWith(title))!.description;

  it('gives every description as text that stays text when a reader renders it as HTML', () => {
    expect(items()).toHaveLength(3);
    for (const item of items()) {
      // No `<` that could open a tag, comment or CDATA section, and no raw `&` that starts an entity of its own.
      expect(item.description, item.title).not.toMatch(/</);
      expect(item.description, item.title).not.toMatch(/&(?!(?:amp|lt|gt);)/);
    }
  });

  it('shows a frontmatter summary exactly as written, markup and entities included', () => {
    const shown = description('Checkout latency after cache flush');
    expect(shown).not.toContain('<img');
    expect(shown).not.toContain('<b>');
    // What the reader displays after its HTML decode is the author's text, character for character.
    expect(decodeHTML(shown)).toBe(HOSTILE_SUMMARY);
  });

  it('shows the Executive Summary paragraph as the same plain text as the site\'s lists and meta tags', () => {
    const shown = description('Search latency after index rebuild');
    expect(shown).not.toMatch(/<img/);
    expect(decodeHTML(shown)).toBe(HOSTILE_BODY);
  });
});

describe('search-filters.json', () => {
  it('counts tags and services named like Object.prototype members (`constructor`) like any other', () => {
    const counts = JSON.parse(readFileSync(join(site.dir, 'dist/search-filters.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(counts['tag']).toEqual({ constructor: 2, cache: 2 });
    expect(counts['service']).toEqual({ 'checkout-api': 3, constructor: 1 });
    expect(counts['severity']).toEqual({ P3: 3 });
    expect(counts['status']).toEqual({ published: 3 });
    expect(counts['year']).toEqual({ '2024': 2, '2023': 1 });
  });
});
