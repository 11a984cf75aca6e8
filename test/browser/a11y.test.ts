/** axe-core on every kind of page, light and dark; and the theme toggle. */
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './browser.ts';
import { open, PAGES } from './site.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (o: object) => Promise<{ violations: AxeViolation[] }> } }).axe.run({
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations;
  });
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}\n  ${n.failureSummary}`));
}

describe('accessibility (axe-core)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    for (const [name, path] of Object.entries(PAGES)) {
      it(`${name} page, ${scheme} theme`, async () => {
        // bypassCSP: the site's Content-Security-Policy rightly refuses the injected axe script.
        const { page } = await open(browser, path, { colorScheme: scheme, bypassCSP: true });
        // Open every "show the data as a table" so the tables are checked too.
        await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
        expect(await axe(page)).toEqual([]);
        await page.context().close();
      });
    }
  }

  it('the search dialog with results, dark theme', async () => {
    const { page } = await open(browser, 'postmortems/', { colorScheme: 'dark', bypassCSP: true });
    await page.keyboard.press('/');
    await page.locator('[data-search-dialog] input[type="search"]').fill('database');
    await page.locator('[data-search-dialog] .search-result').first().waitFor();
    expect(await axe(page)).toEqual([]);
    await page.context().close();
  });
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
    await page.context().close();
  });
});
