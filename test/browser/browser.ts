/** Launching Debian's Chromium with playwright-core (shared with the benchmark, `scripts/shared/browser.ts`), once per test file. */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launch } from '../../scripts/shared/browser.ts';

export { CHROMIUM, launch } from '../../scripts/shared/browser.ts';

/** One Chromium for the test file that calls this: launched before its tests, closed after them. */
export function useBrowser(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('the browser is launched in beforeAll: use it inside a test or hook');
      return browser;
    },
  };
}
