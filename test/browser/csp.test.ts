/**
 * Every page carries a strict Content-Security-Policy and breaks none of it:
 * page scripts, the theme toggle and Pagefind search all run with zero
 * violations, and nothing is requested from another host.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { settled, watchContext, type Watch } from './csp-reports.ts';
import { PAGES, url } from './site.ts';

const session = useBrowser();

/** A page of the site in a fresh context, watched for CSP violations and requests to other hosts. */
async function watch(path: string): Promise<{ page: Page } & Watch> {
  const context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const watched = await watchContext(context, { origin: new URL(url()).origin });
  const page = await context.newPage();
  await page.goto(url(path), { waitUntil: 'networkidle' });
  return { page, ...watched };
}

describe('Content-Security-Policy', () => {
  for (const [name, path] of Object.entries(PAGES)) {
    it(`${name} page: strict policy, no violation, no other host`, async () => {
      const { page, violations, foreign } = await watch(path);
      const policy = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("script-src-attr 'none'");
      expect(policy).toMatch(/script-src 'self'[^;]*'sha256-/);
      expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      // Let module scripts run and the theme toggle work before reading the events.
      const toggle = page.locator('[data-theme-toggle]');
      if (await toggle.isVisible()) await toggle.click();
      await settled(page, violations);
      expect(violations).toEqual([]);
      expect(foreign).toEqual([]);
      await page.context().close();
    });
  }

  it('the watch itself sees a violation: an injected inline script is blocked and reported', async () => {
    const { page, violations } = await watch('');
    await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__ranInline = true';
      document.body.append(s);
    });
    // The browser reports it twice: a console line and the securitypolicyviolation event the watch listens for.
    await expect.poll(() => violations.some((v) => /^script-src/.test(v))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __ranInline?: boolean }).__ranInline)).toBeUndefined();
    await page.context().close();
  });

  it('search (Pagefind, WebAssembly, workers) runs under the policy', async () => {
    const { page, violations, foreign } = await watch('postmortems/');
    await page.keyboard.press('/');
    const dialog = page.locator('[data-search-dialog]');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('input[type="search"]').fill('database');
    await dialog.locator('.search-result').first().waitFor();
    expect(await dialog.locator('.search-result').count()).toBeGreaterThan(0);
    expect(violations).toEqual([]);
    expect(foreign).toEqual([]);
    await page.context().close();
  });
});
