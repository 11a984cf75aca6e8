/**
 * Screenshots of every kind of page, light and dark, desktop and 360 px wide,
 * for a human to look at, in tiles one screen high:
 * `node test/browser/screenshots.ts <site URL> <out dir> [page name filter]`
 * against a running `astro preview`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './browser.ts';

const [base = 'http://127.0.0.1:4321/', out = 'screenshots', only] = process.argv.slice(2);
const pages: [string, string][] = [
  ['home', ''],
  ['list', 'postmortems/'],
  ['postmortem', 'postmortems/2026-10-08-regional-queue-outage-label-generation/'],
  ['postmortem-draft', 'postmortems/2026-11-19-auth-service-dns-cutover-token-refresh/'],
  ['postmortem-published', 'postmortems/2025-06-10-edge-cdn-cache-rule-checkout-outage/'],
  ['action-items', 'action-items/'],
  ['services', 'services/'],
  ['service', 'services/checkout-api/'],
  ['tags', 'tags/'],
  ['tag', 'tags/database/'],
  ['stats', 'stats/'],
  ['search', 'search/?q=certificate'],
  ['404', 'no-such-page/'],
  ['search-dialog', 'postmortems/'],
];
const TILE = 1100;
mkdirSync(out, { recursive: true });
const browser = await launch();
for (const scheme of ['light', 'dark'] as const) {
  for (const [width, label] of [
    [1280, 'wide'],
    [360, 'narrow'],
  ] as const) {
    const context = await browser.newContext({ colorScheme: scheme, viewport: { width, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const [name, path] of pages) {
      if (only && !name.includes(only)) continue;
      await page.goto(new URL(path, base).href, { waitUntil: 'networkidle' });
      if (name === 'search-dialog') {
        await page.keyboard.press('/');
        await page.locator('[data-search-dialog] input[type="search"]').fill('database');
        await page.locator('[data-search-dialog] .search-result').first().waitFor();
      }
      // Tiles of one screen height each, readable when viewed one by one.
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      for (let y = 0, i = 1; y < height; y += TILE, i++) {
        const clip = { x: 0, y, width, height: Math.min(TILE, height - y) };
        await page.screenshot({ path: join(out, `${name}-${scheme}-${label}-${i}.png`), fullPage: true, clip });
      }
    }
    await context.close();
  }
}
await browser.close();
console.log(`Screenshots in ${out}`);
