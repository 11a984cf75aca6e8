/**
 * The keyboard alone: the skip link, and the controls work. Every page's Tab order (a visible focus on every control,
 * no trap) is in pages.test.ts.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './browser.ts';
import { open, settled, shownTexts } from './site.ts';

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
    expect(severities.every((s) => s.endsWith('P1'))).toBe(true);

    // The result pages' links work with Enter, and focus moves to the results drawn.
    const next = page.locator('#postmortem-results a[rel="next"]');
    if (await next.count()) {
      await next.focus();
      await page.keyboard.press('Enter');
      await settled(page);
      expect(new URL(page.url()).searchParams.get('page')).toBe('2');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('postmortem-results');
    }

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
