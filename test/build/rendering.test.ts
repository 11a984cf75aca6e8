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
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { goldenCorpus, publishedSite, type SharedSite } from '../helpers/shared-sites.ts';
import { extractArticle, GOLDEN, renderedCorpus } from './rendered-corpus.ts';
import { PAGE_IDS } from '../../packages/astro-postmortems/src/core/page-ids.ts';

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

/**
 * The corpus entries with no golden page: added after the golden pages were saved, when the MDX pipeline that rendered
 * them was already gone, so a golden page for them could only be a copy of today's output, which would prove nothing.
 * This test does not hold them to the old rendering; every other entry is compared below, and an entry that loses its
 * golden page (or a new one without) fails the first test until it is listed here on purpose.
 */
const WITHOUT_GOLDEN = [
  'postmortems/2026-08-20-carrier-api-key-rotation-near-miss.mdx',
  'postmortems/2025-03-04-ok-systems-and-names-blameless-blame.mdx',
  'postmortems/2025-03-04-ok-draft-with-placeholders-content-placeholder.mdx',
  'postmortems/2025-03-04-ok-owner-named-team-content-placeholder.mdx',
  'postmortems/2025-03-04-ok-published-written-content-placeholder.mdx',
  'postmortems/2025-03-04-ok-accepted-exceptions-unmatched.mdx',
  'postmortems/2025-03-04-ok-in-review-factors-missing.mdx',
  'postmortems/2025-03-04-ok-less-severe-factors-missing.mdx',
  'postmortems/2025-03-04-ok-near-miss-factors-missing.mdx',
  'postmortems/2025-03-04-ok-configured-categories-factors-unknown-category.mdx',
  'postmortems/2025-03-04-ok-hash-in-code-block-headings-level-1.mdx',
  'postmortems/2025-03-04-ok-level-2-and-3-headings-level-1.mdx',
  'postmortems/2025-03-04-ok-named-accessibility-name.mdx',
  'postmortems/2025-03-04-checkout-pool-change-accessibility-image-alt-ok-described.mdx',
  'postmortems/2025-03-04-checkout-pool-change-image-source-ok-image-in-sub-folder.mdx',
  'postmortems/2025-03-04-checkout-pool-change-image-source-ok-png-beside.mdx',
  'postmortems/2025-03-04-ok-in-review-with-review-date-review-overdue.mdx',
  'postmortems/2024-06-18-ok-placeholder-alone-sections-imported-placeholder.mdx',
  'postmortems/2025-03-04-ok-emoji-and-scripts-text-invisible.mdx',
  'postmortems/2026-11-01-ok-clocks-go-back-timeline-order.mdx',
  'postmortems/2025-03-04-ok-no-stated-offset-timeline-milestones.mdx',
  'postmortems/2025-03-04-ok-same-minute-other-offset-timeline-milestones.mdx',
  'postmortems/2025-03-04-ok-several-and-inner-words-timeline-milestones.mdx',
  'postmortems/2025-03-04-ok-undated-timeline-milestones.mdx',
  'postmortems/2025-03-04-ok-zone-without-offset-timeline-milestones.mdx',
];
const idOf = (path: string) => path.slice(path.lastIndexOf('/') + 1, -'.mdx'.length);
const files = goldenCorpus();
let site: SharedSite;

beforeAll(async () => {
  // The shared site holds the corpus, and publishes its drafts (`publishDrafts`), as a default build would not.
  site = await publishedSite();
  expect(site.code, site.output).toBe(0);
});

describe('every sample and every ok fixture renders as it did when compiled as MDX', () => {
  it('compares every corpus entry but the listed ones without a golden page, and every golden page with an entry', () => {
    const corpus = Object.keys(renderedCorpus());
    // Each golden page is compared with the built page of its entry (the tests below, one per entry of `files`)…
    expect(Object.keys(files).sort()).toEqual(corpus.filter((path) => !WITHOUT_GOLDEN.includes(path)).sort());
    // …the listed entries are the corpus's and truly have no golden page…
    expect(corpus).toEqual(expect.arrayContaining(WITHOUT_GOLDEN));
    expect(WITHOUT_GOLDEN.filter((path) => existsSync(join(GOLDEN, `${idOf(path)}.html`)))).toEqual([]);
    // …and no golden page is left without an entry.
    expect(readdirSync(GOLDEN).sort()).toEqual(
      Object.keys(files)
        .map((path) => `${idOf(path)}.html`)
        .sort(),
    );
  });
  for (const path of Object.keys(files)) {
    const id = idOf(path);
    it(id, () => {
      const page = readFileSync(join(site.dir, 'dist/postmortems', id, 'index.html'), 'utf8');
      const golden = readFileSync(join(GOLDEN, `${id}.html`), 'utf8');
      expect(visible(extractArticle(page))).toBe(visible(golden));
    });
  }
  it("gives no two elements of a postmortem's page one id, and the page's own ids are those the renderer keeps clear of (PAGE_IDS)", () => {
    const ids = (html: string) => [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!);
    const pages = readdirSync(join(site.dir, 'dist/postmortems'), { withFileTypes: true }).filter(
      (e) => e.isDirectory() && /^\d{4}-/.test(e.name),
    );
    expect(pages.length).toBeGreaterThan(20);
    const own = new Set<string>();
    for (const { name } of pages) {
      const page = readFileSync(join(site.dir, 'dist/postmortems', name, 'index.html'), 'utf8');
      const all = ids(page);
      expect(
        all.filter((id, i) => all.indexOf(id) !== i),
        name,
      ).toEqual([]);
      // The page's own: every id but the article's headings' and those its author wrote.
      const prose = page.slice(page.indexOf('<div class="prose">'), page.indexOf('<div class="pm-more"'));
      const authored = new Set([...prose.matchAll(/<h[1-6] id="([^"]*)"/g)].map((m) => m[1]!));
      const source = Object.entries(files).find(([path]) => idOf(path) === name)?.[1];
      for (const m of String(source ?? '').matchAll(/\sid="([^"]*)"/g)) authored.add(m[1]!);
      for (const id of all) if (!authored.has(id)) own.add(id);
    }
    expect([...own].filter((id) => !PAGE_IDS.has(id))).toEqual([]);
    // The list is not stale either: the samples' pages use most of it (the narrow chart and the dialog's input too).
    expect([...PAGE_IDS].filter((id) => !own.has(id))).toEqual([]);
  });

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
