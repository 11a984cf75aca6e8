/** Pagefind search through the preview server: full text, filters, and the `/` / Ctrl+K shortcuts. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './browser.ts';
import { open, sources, url } from './site.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

async function results(page: Page): Promise<{ title: string; severity: string; date: string; href: string }[]> {
  return page.$$eval('[data-search-results] .search-result', (items) =>
    items.map((li) => ({
      title: li.querySelector('.search-result-title')?.textContent ?? '',
      href: li.querySelector('a')?.getAttribute('href') ?? '',
      severity: li.querySelector('.badge.sev')?.textContent ?? '',
      date: li.querySelector('time')?.textContent ?? '',
    })),
  );
}

async function searchFor(page: Page, term: string): Promise<void> {
  const input = page.locator('[data-search-page] input[type="search"]');
  await input.fill(term);
  await page.waitForFunction(() =>
    /found|No postmortem/.test(document.querySelector('[data-search-page] [data-search-status]')?.textContent ?? ''),
  );
}

describe('search', () => {
  it('searches every shard of the index as one (the test site is indexed in shards of four pages)', async () => {
    const ids = sources()
      .map((s) => s.id)
      .sort();
    // The first and the last postmortem by id sit in the first and the last shard.
    for (const id of [ids[0]!, ids[ids.length - 1]!]) {
      const source = sources().find((s) => s.id === id)!;
      const { page, errors } = await open(browser, 'search/');
      await searchFor(page, source.data.title);
      const found = (await results(page)).map((r) => r.href.replace(/\/$/, '').split('/').pop());
      expect(found, `${id}: ${source.data.title}`).toContain(id);
      expect(new Set(found).size, 'no result twice').toBe(found.length);
      if (id === ids[0])
        expect(await page.evaluate(() => fetch('/pagefind/shards.json').then((r) => r.json()))).toHaveLength(Math.ceil(ids.length / 4) - 1);
      expect(errors).toEqual([]);
      await page.close();
    }
  });

  it('finds a postmortem by a word that appears only in its body', async () => {
    const word = 'lunchtime';
    const holders = sources().filter((s) => s.body.toLowerCase().includes('lunch'));
    // The word must really be unique to one body, and absent from its metadata.
    expect(holders.map((s) => s.id)).toEqual(['2025-11-04-checkout-api-connection-pool-exhaustion']);
    expect(JSON.stringify(holders[0]!.data).toLowerCase()).not.toContain('lunch');

    const { page, errors } = await open(browser, 'search/');
    await searchFor(page, word);
    const found = await results(page);
    expect(found).toHaveLength(1);
    expect(found[0]!.title).toBe(holders[0]!.data.title);
    expect(found[0]!.href).toMatch(/\/postmortems\/2025-11-04-checkout-api-connection-pool-exhaustion\/$/);
    // Each result shows title, date, severity and an excerpt with the match.
    expect(found[0]!.severity).toBe(holders[0]!.data.severity);
    expect(found[0]!.date).toBe('2025-11-04');
    expect(await page.locator('.search-result .search-excerpt mark').first().textContent()).toMatch(/lunchtime/i);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('narrows the results with the severity filter and keeps the query in the address', async () => {
    const { page } = await open(browser, 'search/');
    await searchFor(page, 'alert');
    const all = await results(page);
    const severities = [...new Set(all.map((r) => r.severity))];
    expect(severities.length).toBeGreaterThan(1);
    const pick = severities[0]!;
    await page.selectOption('[data-search-page] select[name="severity"]', pick);
    // Results are replaced, not edited: wait for the filtered list itself (the list is empty while a search runs).
    await page.waitForFunction(
      ([n, severity]) => {
        const items = [...document.querySelectorAll('[data-search-page] .search-result')];
        return (
          items.length > 0 && items.length < Number(n) && items.every((li) => li.querySelector('.badge.sev')?.textContent === severity)
        );
      },
      [String(all.length), pick] as const,
    );
    const narrowed = await results(page);
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowed.every((r) => r.severity === pick)).toBe(true);
    expect(narrowed.length).toBe(all.filter((r) => r.severity === pick).length);
    expect(new URL(page.url()).searchParams.get('severity')).toBe(pick);
    expect(new URL(page.url()).searchParams.get('q')).toBe('alert');

    // Service, tag, year and status filters are offered from the index.
    for (const name of ['service', 'tag', 'year', 'status']) {
      expect(await page.locator(`[data-search-page] select[name="${name}"] option`).count()).toBeGreaterThan(1);
    }
    await page.close();
  });

  it('opens from any page with / and Ctrl+K, and closes with Escape', async () => {
    const { page } = await open(browser, 'postmortems/');
    const dialog = page.locator('[data-search-dialog]');
    expect(await dialog.isVisible()).toBe(false);
    await page.keyboard.press('/');
    await dialog.waitFor({ state: 'visible' });
    const input = dialog.locator('input[type="search"]');
    await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
    await input.fill('lunchtime');
    await dialog.locator('.search-result').first().waitFor();
    expect(await dialog.locator('.search-result').count()).toBe(1);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    await page.keyboard.press('Control+k');
    await dialog.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await page.close();
  });

  it('works as a plain form without JavaScript: the header link leads to the search page', async () => {
    const { page } = await open(browser, '', { javaScriptEnabled: false });
    // The link is followed, not only read: with JavaScript it would open the dialog instead.
    const searchPage = page.waitForResponse((r) => r.url() === url('search/') && r.request().isNavigationRequest());
    await page.locator('.search-trigger').click();
    expect((await searchPage).status()).toBe(200);
    await page.waitForURL(url('search/'));

    // The page says search needs JavaScript, and offers the lists instead, each of them reachable.
    const banner = page.locator('p.banner', { hasText: 'Search needs JavaScript' });
    expect(await banner.isVisible()).toBe(true);
    const links = banner.locator('a');
    expect(await links.evaluateAll((as) => as.map((a) => [a.textContent, (a as HTMLAnchorElement).href]))).toEqual([
      ['all postmortems', url('postmortems/')],
      ['services', url('services/')],
      ['tags', url('tags/')],
    ]);
    for (const link of await links.all()) expect(await link.isVisible()).toBe(true);

    // The form is a plain GET to the search page: Enter in the box submits it, the query in the address.
    const submitted = page.waitForResponse((r) => r.url().startsWith(url('search/?')) && r.request().isNavigationRequest());
    await page.locator('[data-search-page] input[name="q"]').fill('lunchtime');
    await page.locator('[data-search-page] input[name="q"]').press('Enter');
    expect((await submitted).status()).toBe(200);
    await page.waitForURL(url('search/?q=lunchtime'));
    expect(await banner.isVisible()).toBe(true);
    await page.close();
  });
});
