/**
 * The keyboard alone: the skip link, and the controls work. Every page's Tab order (a visible focus on every control,
 * no trap) is in pages.test.ts.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './browser.ts';
import { open, settled, shownTexts, sources } from './site.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('keyboard', () => {
  it('the skip link moves focus to the main content', async () => {
    const { page } = await open(browser, 'stats/');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
    await page.close();
  });

  it('filters, sorting, the theme toggle and search work from the keyboard', async () => {
    const { page } = await open(browser, 'postmortems/');
    const status = () => page.locator('[data-filter-count]').textContent();
    const before = await status();
    await page.focus('select[name="severity"]');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('select[name="severity"]')).toBe('P1');
    await settled(page);
    expect(await status()).not.toBe(before);
    const severities = await shownTexts(page, '.pm-card .badge.sev');
    expect(severities.length).toBeGreaterThan(0);
    expect(severities.every((s) => s.endsWith('P1'))).toBe(true);
    // Any severity again, so that the results span several pages for the pagination below.
    await page.keyboard.press('ArrowUp');
    expect(await page.inputValue('select[name="severity"]')).toBe('');
    await settled(page);

    // The sort select, from the keyboard: the next order, oldest first, draws every postmortem in that order.
    const oldestFirst = sources()
      .sort((a, b) => Date.parse(String(a.data.incident.started)) - Date.parse(String(b.data.incident.started)))
      .map((s) => s.data.title);
    const size = await page.$eval('form[data-catalog]', (f) => Number((f as HTMLElement).dataset.pageSize));
    // A precondition, asserted: the results span more than one page, so there is a next page to go to.
    expect(oldestFirst.length).toBeGreaterThan(size);
    await page.focus('select[name="sort"]');
    await page.keyboard.press('ArrowDown');
    expect(await page.inputValue('select[name="sort"]')).toBe('started:asc');
    await settled(page);
    expect(await shownTexts(page, '.pm-card-title')).toEqual(oldestFirst.slice(0, size));

    // The result pages' links work with Enter: the next page of the same order is drawn, and focus moves to it.
    const next = page.locator('#postmortem-results a[rel="next"]');
    expect(await next.count()).toBe(1);
    await next.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('page') === '2');
    await settled(page);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('started:asc');
    expect(await shownTexts(page, '.pm-card-title')).toEqual(oldestFirst.slice(size, 2 * size));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('postmortem-results');

    await page.focus('[data-theme-toggle]');
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).not.toBe(theme);

    // Search opens from the header link with Enter, and focus returns there on Escape.
    await page.focus('.search-trigger');
    await page.keyboard.press('Enter');
    await page.locator('[data-search-dialog]').waitFor({ state: 'visible' });
    await page.keyboard.type('lunchtime');
    await page.locator('[data-search-dialog] .search-result').first().waitFor();
    await page.keyboard.press('Escape');
    await page.locator('[data-search-dialog]').waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.classList.contains('search-trigger'))).toBe(true);

    // The action items "overdue only" checkbox toggles with Space.
    await page.goto(page.url().replace(/postmortems\/.*$/, 'action-items/'));
    await settled(page);
    const before2 = await status();
    await page.focus('input[name="overdue"]');
    await page.keyboard.press('Space');
    await settled(page);
    expect(await page.isChecked('input[name="overdue"]')).toBe(true);
    expect(await status()).not.toBe(before2);
    const rows = await page.$$eval('tr[data-item]', (rs) =>
      rs.filter((r) => r.checkVisibility()).map((r) => r.classList.contains('overdue')),
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every(Boolean)).toBe(true);
    await page.close();
  });
});
