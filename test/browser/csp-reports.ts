/** Reading a page's Content-Security-Policy reports (sent through a `__reportCsp` binding) only once all have arrived. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Waits until every violation the page has raised so far is in `violations`: the
 * network is idle, a frame has been drawn and its tasks run, then a marker sent
 * through the same binding as the reports arrives after all of them.
 */
export async function settled(page: Page, violations: string[]): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))));
  await page.evaluate(() => (window as unknown as { __reportCsp(l: string): void }).__reportCsp('(settled)'));
  await expect.poll(() => violations.includes('(settled)')).toBe(true);
  violations.splice(violations.indexOf('(settled)'), 1);
}
