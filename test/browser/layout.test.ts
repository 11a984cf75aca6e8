/** Layout promises: 360 px without sideways scrolling, a clean print, nothing fetched from other hosts, and the JavaScript budget. */
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './browser.ts';
import { open, PAGES, url } from './site.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('layout', () => {
  it('fits 360 px wide screens: no page scrolls sideways', async () => {
    const wide: string[] = [];
    for (const [name, path] of Object.entries(PAGES)) {
      const { page } = await open(browser, path, { viewport: { width: 360, height: 800 } });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) wide.push(`${name}: ${overflow} px too wide`);
      await page.context().close();
    }
    expect(wide).toEqual([]);
  });

  it('prints a postmortem without the site chrome, in dark colours on white', async () => {
    const { page } = await open(browser, PAGES['postmortem']!, { colorScheme: 'dark' });
    await page.emulateMedia({ media: 'print' });
    const shown = (selector: string) => page.locator(selector).first().isVisible();
    expect(await shown('.site-header')).toBe(false);
    expect(await shown('.site-footer')).toBe(false);
    expect(await shown('.toc')).toBe(false);
    expect(await shown('h1')).toBe(true);
    expect(await shown('table.action-items')).toBe(true);
    const colors = await page.evaluate(() => [
      getComputedStyle(document.body).color,
      getComputedStyle(document.documentElement).backgroundColor,
    ]);
    expect(colors).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)']);
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.length).toBeGreaterThan(10_000);
    await page.context().close();
  });

  it('requests nothing from another host', async () => {
    const foreign: string[] = [];
    const origin = new URL(url()).origin;
    for (const [name, path] of Object.entries(PAGES)) {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.on('request', (r) => {
        if (!r.url().startsWith(origin) && !r.url().startsWith('data:')) foreign.push(`${name}: ${r.url()}`);
      });
      await page.goto(url(path), { waitUntil: 'networkidle' });
      if (name === 'postmortem') {
        await page.keyboard.press('/');
        await page.locator('[data-search-dialog] input[type="search"]').fill('database');
        await page.locator('[data-search-dialog] .search-result').first().waitFor();
      }
      await context.close();
    }
    expect(foreign).toEqual([]);
  });

  it('ships at most 20 KB of compressed JavaScript on a postmortem page before search is opened', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const scripts: { url: string; bytes: number }[] = [];
    page.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return;
      scripts.push({ url: response.url(), bytes: gzipSync(await response.body(), { level: 9 }).length });
    });
    await page.goto(url(PAGES['postmortem']!), { waitUntil: 'networkidle' });
    const inline = await page.$$eval('script:not([src])', (ss) => ss.map((s) => s.textContent ?? ''));
    const inlineBytes = inline.reduce((n, s) => n + gzipSync(s, { level: 9 }).length, 0);
    const total = scripts.reduce((n, s) => n + s.bytes, 0) + inlineBytes;
    console.log(
      `JavaScript on a postmortem page before search: ${(total / 1024).toFixed(1)} KB gzip (${scripts.length} file(s) + ${inline.length} inline)`,
    );
    expect(scripts.every((s) => !s.url.includes('pagefind'))).toBe(true);
    expect(total).toBeLessThanOrEqual(20 * 1024);
    await context.close();
  });
});
