/**
 * The postmortem list: static pages of a fixed size with accessible pagination, complete without JavaScript;
 * filters and sorting across every page without a reload. Expectations come from the test suite's own sample
 * postmortems and the page size the pages state, never from a count assumed here.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { everyPage, open, settled, shownTexts, sources, url } from './site.ts';

const session = useBrowser();

const all = sources();
const shownTitles = (page: Page) => shownTexts(page, '.pm-card-title');
/** The titles of every page of the view shown, in order. */
const allTitles = async (page: Page) => (await everyPage(page, () => shownTitles(page))).flat();
const titlesWhere = (keep: (s: (typeof all)[number]) => boolean) =>
  all
    .filter(keep)
    .map((s) => s.data.title)
    .sort();
const newestFirst = [...all]
  .sort((a, b) => Date.parse(String(b.data.incident.started)) - Date.parse(String(a.data.incident.started)))
  .map((s) => s.data.title);
const pageSize = (page: Page) => page.$eval('form[data-catalog]', (f) => Number((f as HTMLElement).dataset.pageSize));

describe('postmortem list', () => {
  it('is complete without JavaScript: every postmortem on exactly one static page, newest first, with accessible pagination', async () => {
    const { page } = await open(session.browser, 'postmortems/', { javaScriptEnabled: false });
    expect(await page.locator('form[data-catalog]').isVisible()).toBe(false);
    const size = await pageSize(page);
    const pages = await everyPage(page, async () => {
      const titles = await shownTitles(page);
      const nav = page.locator('nav[aria-label="Pagination"]');
      if (all.length > size) {
        // The current page is marked, and the previous one is linked as such from every page but the first.
        const n = Number(new URL(page.url()).pathname.match(/\/(\d+)\/$/)?.[1] ?? 1);
        expect((await nav.locator('a[aria-current="page"]').textContent())!.replace(/\D/g, '')).toBe(String(n));
        expect(await nav.locator('a[rel="prev"]').count()).toBe(n > 1 ? 1 : 0);
      } else expect(await nav.count()).toBe(0);
      return titles;
    });
    expect(pages.length).toBe(Math.max(1, Math.ceil(all.length / size)));
    for (const titles of pages) expect(titles.length).toBeLessThanOrEqual(size);
    expect(pages.flat()).toEqual(newestFirst);
    await page.close();
  });

  it('filters across every page by severity, status, service, tag and year, without reloading', async () => {
    const { page, errors } = await open(session.browser, 'postmortems/');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    expect(await page.locator('[data-filter-count]').textContent()).toMatch(
      new RegExp(`^Showing (all ${all.length}|1–\\d+ of ${all.length}) postmortems$`),
    );

    await page.selectOption('select[name="severity"]', 'P1');
    await settled(page);
    expect(await page.locator('[data-filter-count]').textContent()).toMatch(new RegExp(`of ${all.length}|all ${all.length}`));
    expect((await allTitles(page)).sort()).toEqual(titlesWhere((s) => s.data.severity === 'P1'));

    await page.selectOption('select[name="severity"]', '');
    await page.selectOption('select[name="service"]', 'checkout-api');
    await page.selectOption('select[name="year"]', '2026');
    await settled(page);
    expect((await allTitles(page)).sort()).toEqual(
      titlesWhere((s) => s.data.services.includes('checkout-api') && String(s.data.incident.started).startsWith('2026')),
    );

    await page.click('button[type="reset"]');
    await page.selectOption('select[name="tag"]', 'database');
    await settled(page);
    expect((await allTitles(page)).sort()).toEqual(titlesWhere((s) => (s.data.tags ?? []).includes('database')));

    await page.selectOption('select[name="tag"]', '');
    await page.selectOption('select[name="status"]', 'in-review');
    await settled(page);
    expect((await allTitles(page)).sort()).toEqual(titlesWhere((s) => s.data.status === 'in-review'));
    expect(new URL(page.url()).searchParams.get('status')).toBe('in-review');

    // Nothing matching: a message, not an empty page.
    await page.selectOption('select[name="severity"]', 'P4');
    await page.selectOption('select[name="status"]', 'published');
    await page.selectOption('select[name="tag"]', 'database');
    await settled(page);
    expect(await shownTitles(page)).toEqual([]);
    expect(await page.locator('#postmortem-results .empty').isVisible()).toBe(true);

    // Same document all along: no reload happened.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sorts every postmortem by date and by severity, page after page', async () => {
    const { page } = await open(session.browser, 'postmortems/');
    expect(await allTitles(page)).toEqual(newestFirst);
    await page.goto(url('postmortems/'));
    await page.selectOption('select[name="sort"]', 'started:asc');
    await settled(page);
    expect(await allTitles(page)).toEqual([...newestFirst].reverse());
    await page.goto(url('postmortems/'));
    await page.selectOption('select[name="sort"]', 'rank:asc started:desc');
    await settled(page);
    const severities = (await everyPage(page, () => shownTexts(page, '.pm-card .badge.sev')))
      .flat()
      .map((s) => s.replace('Severity', '').trim());
    expect(severities).toHaveLength(all.length);
    expect(severities).toEqual([...severities].sort());
    await page.close();
  });

  it('applies filters given in the address, from any page, and walks its result pages with Back', async () => {
    // Opened on the second static page with a filter and a sort whose results span more than one page: the filtered
    // results are shown from their first page.
    const { page } = await open(session.browser, 'postmortems/2/?status=published&sort=started%3Aasc');
    expect(await page.inputValue('select[name="status"]')).toBe('published');
    expect(await page.inputValue('select[name="sort"]')).toBe('started:asc');
    const expected = all
      .filter((s) => s.data.status === 'published')
      .sort((a, b) => Date.parse(String(a.data.incident.started)) - Date.parse(String(b.data.incident.started)))
      .map((s) => s.data.title);
    const size = await pageSize(page);
    // A precondition, asserted rather than skipped: there is a previous result page for Back to show.
    expect(expected.length).toBeGreaterThan(size);
    expect(await shownTitles(page)).toEqual(expected.slice(0, size));
    expect(await allTitles(page)).toEqual(expected);
    // Result pages are in the history: from the last one, Back shows the one before, with the filter kept.
    const last = Math.ceil(expected.length / size);
    await page.goBack();
    await page.waitForURL((u) => u.searchParams.get('page') === (last - 1 > 1 ? String(last - 1) : null));
    await settled(page);
    expect(new URL(page.url()).searchParams.get('status')).toBe('published');
    expect(await shownTitles(page)).toEqual(expected.slice((last - 2) * size, (last - 1) * size));
    // Every result page link is a real address: opened on its own, it shows the same page.
    await page.goto(url('postmortems/?sort=started%3Aasc&page=2'));
    await settled(page);
    // Every postmortem spans more pages than the published ones (asserted above to span more than one).
    expect(all.length).toBeGreaterThan(size);
    expect(await shownTitles(page)).toEqual([...newestFirst].reverse().slice(size, 2 * size));
    await page.close();
  });

  it("draws each filtered card from the server's own template: the same markup as the server's card of that postmortem", async () => {
    // The server's cards, every static page read without JavaScript.
    const cards = (page: Page, list: string) =>
      page.$$eval(`${list} .pm-card`, (els) =>
        els.map((e) => [e.querySelector('.pm-card-title a')!.getAttribute('href')!, e.outerHTML] as const),
      );
    const { page: plain } = await open(session.browser, 'postmortems/', { javaScriptEnabled: false });
    const server = new Map((await everyPage(plain, () => cards(plain, '#postmortem-list'))).flat());
    await plain.close();
    expect(server.size).toBe(all.length);
    // Every kind of part the template holds is on some server card (a precondition, asserted).
    const serverHtml = [...server.values()].join('\n');
    for (const part of ['badge near-miss', 'status-draft', 'status-in-review', 'pm-card-impact', 'pm-card-summary'])
      expect(serverHtml).toContain(part);

    // Oldest first: every postmortem drawn by the filters, page after page.
    const { page, errors } = await open(session.browser, 'postmortems/?sort=started%3Aasc');
    expect(await page.locator('#postmortem-results').isVisible()).toBe(true);
    const drawn = (await everyPage(page, () => cards(page, '#postmortem-results'))).flat();
    expect(drawn.map(([href]) => href).sort()).toEqual([...server.keys()].sort());
    for (const [href, html] of drawn) expect(html, href).toBe(server.get(href));
    expect(errors).toEqual([]);
    await page.close();
  });
});
