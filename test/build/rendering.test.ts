/**
 * Same pages: postmortems are now rendered by the loader from the checked tree
 * instead of being compiled by Astro's MDX integration, and the article a
 * reader sees must not change. `golden/` holds every sample's and every rule
 * ok-fixture's article as the MDX pipeline rendered it before; a real build of
 * the same files must give the same HTML, up to what a reader cannot see:
 * how a character is escaped (`&#39;` or `'`), `<br/>` or `<br>`, and code
 * colours written as classes instead of inline styles (the colour of every
 * token is compared).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { goldenCorpus, publishedSite, type SharedSite } from '../helpers/shared-sites.ts';
import { extractArticle, GOLDEN } from './rendered-corpus.ts';

/** The visible form of an article: see the file's comment for what is folded. */
export function visible(html: string): string {
  return (
    html
      // Code colours: `style="color:#E1E4E8"` (before) and `class="hl-e1e4e8"` (after) are the same token colour.
      .replace(/ style="color:#([0-9A-Fa-f]{3,8})"/g, (_, c: string) => ` class="hl-${c.toLowerCase()}"`)
      .replace(/ style="background-color:#24292e;color:#e1e4e8;overflow-x:auto"/g, '')
      .replace(/<br\s*\/?>/g, '<br>')
      .replace(/&#x3C;|&lt;/g, '<')
      .replace(/&#x26;|&amp;/g, '&')
      .replace(/&#39;|&#x27;/g, "'")
      .replace(/&quot;|&#x22;/g, '"')
      .replace(/&gt;/g, '>')
      // Rendered by the site, not by the content pipeline, and dependent on the build day and the other pages.
      .replace(/<div class="table-wrap">[\s\S]*?<\/table><\/div>|<p class="muted">No action items yet\.<\/p>/g, '[action items]')
      .replace(/<li class="toc-depth-2"><a href="#(?:similar|related)-incidents">[^<]*<\/a><\/li>/g, '')
      // The page's own parts (issue 25): the timeline's phases (a figure, entries marked with their phase) and the
      // categorised factors (in the author's factors list, whose label becomes a heading, or a block of their own).
      .replace(/<figure class="phases"[\s\S]*?<\/figure>/g, '')
      .replace(/ class="tl-list"/g, '')
      .replace(/<li class="tl-entry[^"]*"(?: data-[a-z-]+="[^"]*")*>/g, '<li>')
      .replace(/<li class="factor-item">[\s\S]*?<\/li>/g, '')
      .replace(/<h3 id="contributing-factors">Contributing factors<\/h3><ul class="factor-list"><\/ul>/g, '')
      .replace(/<h3 id="contributing-factors">Contributing factors<\/h3>|<p><strong>Contributing factors<\/strong><\/p>/g, '[factors]')
      .replace(/ data-factors=""/g, '')
      .replace(/<li class="toc-depth-[23]"><a href="#contributing-factors">Contributing factors<\/a><\/li>/g, '')
  );
}

// Fixtures added after the golden pages were saved (images, for example) have no golden page: they are tested elsewhere.
const files = goldenCorpus();
let site: SharedSite;

beforeAll(async () => {
  // The shared site holds the corpus, and publishes its drafts (`publishDrafts`), as a default build would not.
  site = await publishedSite();
  expect(site.code, site.output).toBe(0);
});

describe('every sample and every ok fixture renders as it did when compiled as MDX', () => {
  it('covers the whole corpus', () => {
    expect(Object.keys(files).length).toBe(readdirSync(GOLDEN).length);
  });
  for (const path of Object.keys(files)) {
    const id = path.slice(path.lastIndexOf('/') + 1, -'.mdx'.length);
    it(id, () => {
      const page = readFileSync(join(site.dir, 'dist/postmortems', id, 'index.html'), 'utf8');
      const golden = readFileSync(join(GOLDEN, `${id}.html`), 'utf8');
      expect(visible(extractArticle(page))).toBe(visible(golden));
    });
  }
  it('folds nothing a reader would see: a changed word or colour is a difference', () => {
    const golden = readFileSync(
      join(
        GOLDEN,
        `${Object.keys(files)[0]!
          .replace(/^.*\//, '')
          .replace(/\.mdx$/, '')}.html`,
      ),
      'utf8',
    );
    expect(visible(golden.replace('</h2>', ' x</h2>'))).not.toBe(visible(golden));
    expect(visible('<span style="color:#E1E4E8">a</span>')).not.toBe(visible('<span class="hl-85e89d">a</span>'));
  });
});
