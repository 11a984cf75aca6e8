/**
 * Layout promises: a clean print and the JavaScript budget. Every page at 360 px without sideways scrolling, and
 * nothing fetched from other hosts, are in pages.test.ts.
 */
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
    await page.close();
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
