/** The theme toggle. Every page's accessibility (axe-core, light and dark, and the search dialog) is in pages.test.ts. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './browser.ts';
import { open } from './site.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('theme', () => {
  it('follows the system, and the toggle switches and is remembered across pages', async () => {
    const { page } = await open(browser, '', { colorScheme: 'dark' });
    const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const dark = await bg();
    const toggle = page.locator('[data-theme-toggle]');
    expect(await toggle.getAttribute('aria-label')).toBe('Switch to light theme');
    await toggle.click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    const light = await bg();
    expect(light).not.toBe(dark);
    await page.goto(page.url().replace(/\/?$/, '/') + 'stats/', { waitUntil: 'networkidle' });
    expect(await bg()).toBe(light);
    expect(await page.locator('[data-theme-toggle]').getAttribute('aria-label')).toBe('Switch to dark theme');
    // Back to what the system says: the choice is forgotten, the system followed again.
    await page.locator('[data-theme-toggle]').click();
    expect(await page.evaluate(() => [document.documentElement.dataset.theme, localStorage.getItem('theme')])).toEqual([undefined, null]);
    expect(await bg()).toBe(dark);
    await page.close();
  });
});
