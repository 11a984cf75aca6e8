/**
 * The machine-readable files the build writes from postmortem text: `rss.xml`
 * (summaries must reach feed readers as plain text, never as markup) and
 * `search-filters.json` (tags named like `Object.prototype` members must be
 * counted like any other). Both are read from the shared published site (test/helpers/shared-sites.ts), whose
 * `postmortems/feeds/` holds this test's three postmortems.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeHTML } from 'entities';
import { XMLParser } from 'fast-xml-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { FEED_TITLES, HOSTILE_BODY, HOSTILE_SUMMARY, PROTO_NAMES, publishedSite, type SharedSite } from '../helpers/shared-sites.ts';

let site: SharedSite;

beforeAll(async () => {
  site = await publishedSite();
  expect(site.code, site.output).toBe(0);
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
    for (const title of Object.values(FEED_TITLES))
      expect(
        items().filter((i) => i.title.endsWith(title)),
        title,
      ).toHaveLength(1);
    for (const item of items()) {
      // No `<` that could open a tag, comment or CDATA section, and no raw `&` that starts an entity of its own.
      expect(item.description, item.title).not.toMatch(/</);
      expect(item.description, item.title).not.toMatch(/&(?!(?:amp|lt|gt);)/);
    }
  });

  it('shows a frontmatter summary exactly as written, markup and entities included', () => {
    const shown = description(FEED_TITLES.summary);
    expect(shown).not.toContain('<img');
    expect(shown).not.toContain('<b>');
    // What the reader displays after its HTML decode is the author's text, character for character.
    expect(decodeHTML(shown)).toBe(HOSTILE_SUMMARY);
  });

  it("shows the Executive Summary paragraph as the same plain text as the site's lists and meta tags", () => {
    const shown = description(FEED_TITLES.body);
    expect(shown).not.toMatch(/<img/);
    expect(decodeHTML(shown)).toBe(HOSTILE_BODY);
  });
});

describe('search-filters.json', () => {
  it('counts tags and services named like Object.prototype members (`constructor`) like any other', () => {
    const counts = JSON.parse(readFileSync(join(site.dir, 'dist/search-filters.json'), 'utf8')) as Record<string, Record<string, unknown>>;
    // Only the feed's postmortems use these names: two tagged, one with the service.
    expect(Object.hasOwn(counts['tag']!, PROTO_NAMES.tag)).toBe(true);
    expect(counts['tag']![PROTO_NAMES.tag]).toBe(2);
    expect(counts['service']![PROTO_NAMES.service]).toBe(1);
    // Every postmortem has one severity, status and year: each facet's counts add up to the postmortems published.
    const pages = readdirSync(join(site.dir, 'dist/postmortems'), { withFileTypes: true }).filter(
      (e) => e.isDirectory() && /^\d{4}-\d{2}-\d{2}-/.test(e.name),
    ).length;
    expect(pages).toBeGreaterThan(40);
    for (const facet of ['severity', 'status', 'year']) {
      const values = Object.values(counts[facet]!);
      expect(
        values.every((n) => Number.isInteger(n)),
        facet,
      ).toBe(true);
      expect(
        (values as number[]).reduce((a, b) => a + b, 0),
        facet,
      ).toBe(pages);
    }
    expect(counts['year']!['2023']).toBeGreaterThanOrEqual(1);
  });
});
