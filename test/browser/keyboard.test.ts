/** Every page used with the keyboard alone: skip link, a visible focus on every control, no trap, and the controls work. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './browser.ts';
import { open, PAGES, settled, shownTexts } from './site.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Every element a keyboard user should reach by Tab: visible and focusable. A group of radio buttons is one Tab stop
 * (its checked button; the arrow keys move within it), as browsers and the ARIA practices have it.
 */
function focusables(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const all = [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, summary, [tabindex]')];
    const keyed = (el: HTMLElement, i: number) => el.dataset.kb ?? (el.dataset.kb = String(i));
    // A radio group is one Tab stop (its checked radio, or the first when none is); arrow keys move within it.
    const groups = new Set<string>();
    const radioStop = (el: HTMLElement) => {
      if (!(el instanceof HTMLInputElement) || el.type !== 'radio' || !el.name) return true;
      const group = [...document.querySelectorAll<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(el.name)}"]`)].filter(
        (r) => r.form === el.form,
      );
      const stop = group.find((r) => r.checked) ?? group[0];
      if (stop !== el || groups.has(el.name)) return false;
      groups.add(el.name);
      return true;
    };
    return all
      .filter(
        (el) =>
          el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled && el.checkVisibility({ visibilityProperty: true }) && radioStop(el),
      )
      .map((el, i) => keyed(el, i + 1000));
  });
}

interface Stop {
  key: string | undefined;
  tag: string;
  indicator: boolean;
}

/** Presses Tab until focus comes back around, recording each stop and whether its focus is visible. */
async function tabThrough(page: Page, limit: number): Promise<Stop[]> {
  const stops: Stop[] = [];
  // Start from the top of the document, even where a field has autofocus.
  await page.evaluate(() => {
    const root = document.documentElement;
    root.tabIndex = -1;
    root.focus();
    root.removeAttribute('tabindex');
  });
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const indicator = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      return {
        key: el.dataset.kb,
        tag: `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ')[0]}` : ''} “${(el.textContent ?? '').trim().slice(0, 40)}”`,
        indicator,
      };
    });
    if (!stop) break;
    if (stops.length && stop.key === stops[0]!.key) break;
    stops.push(stop);
  }
  return stops;
}

describe('keyboard', () => {
  for (const [name, path] of Object.entries(PAGES)) {
    it(`${name} page: every control is reached by Tab, shows its focus, and nothing traps it`, async () => {
      const { page } = await open(browser, path);
      const expected = await focusables(page);
      // A date or time input takes one Tab per part (day, month, year, hours, minutes, AM/PM, the picker button).
      const parts = await page.locator('input:is([type="date"], [type="datetime-local"], [type="time"])').count();
      const stops = await tabThrough(page, expected.length + 10 + 7 * parts);
      expect(stops[0]?.tag).toMatch(/skip-link/);
      expect(stops.filter((s) => !s.indicator).map((s) => s.tag)).toEqual([]);
      const reached = new Set(stops.map((s) => s.key));
      const missed = expected.filter((k) => !reached.has(k));
      const described = await page.evaluate(
        (keys) => keys.map((k) => document.querySelector(`[data-kb="${k}"]`)?.outerHTML.slice(0, 160)),
        missed,
      );
      expect(described).toEqual([]);
      await page.context().close();
    });
  }

  it('the skip link moves focus to the main content', async () => {
    const { page } = await open(browser, 'stats/');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
    await page.context().close();
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
    await page.goto(page.url().replace(/postmortems\/.*$/, 'action-items/'), { waitUntil: 'networkidle' });
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
    await page.context().close();
  });
});
