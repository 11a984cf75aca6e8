/** The action items page: overdue marks, filters, and per-owner groups with counts. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIso } from '../../src/core/utils/time.ts';
import { launch } from './browser.ts';
import { open, sources } from './site.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const today = todayIso();
const items = sources().flatMap((s) => (s.data.actionItems ?? []).map((i) => ({ ...i, status: i.status ?? 'open', due: String(i.due) })));
const overdue = items.filter((i) => (i.status === 'open' || i.status === 'in-progress') && i.due < today);
const visibleRows = (page: Page) =>
  page.$$eval('#action-items tr[data-filter-item]:not([hidden])', (rows) =>
    rows.map((r) => ({ title: r.querySelector('.action-title')!.textContent!.trim(), overdue: r.classList.contains('overdue'), text: r.textContent! })),
  );

describe('action items page', () => {
  it('lists every action item and marks exactly the overdue ones, in words and in colour', async () => {
    const { page, errors } = await open(browser, 'action-items/');
    const rows = await visibleRows(page);
    expect(rows).toHaveLength(items.length);
    expect(overdue.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.overdue).map((r) => r.title).sort()).toEqual(overdue.map((i) => i.title).sort());
    for (const row of rows) expect(row.text.includes('Overdue')).toBe(row.overdue);
    const background = await page.locator('#action-items tr.overdue td').first().evaluate((td) => getComputedStyle(td).backgroundColor);
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('filters by overdue, owner, status and type, hiding empty owner groups and updating counts', async () => {
    const { page } = await open(browser, 'action-items/');
    await page.check('input[name="overdue"]');
    expect((await visibleRows(page)).map((r) => r.title).sort()).toEqual(overdue.map((i) => i.title).sort());
    const groups = await page.$$eval('#action-items [data-filter-group]:not([hidden]) h2', (hs) => hs.map((h) => h.textContent!));
    expect(groups.length).toBe(new Set(overdue.map((i) => i.owner)).size);
    for (const g of groups) expect(g).toMatch(/\d+ items?, \d+ overdue/);
    await page.uncheck('input[name="overdue"]');

    const owner = items[0]!.owner;
    const ownerValue = await page.$eval('select[name="owner"]', (s, o) => [...(s as HTMLSelectElement).options].find((x) => x.textContent!.startsWith(`${o} (`))!.value, owner);
    await page.selectOption('select[name="owner"]', ownerValue);
    expect((await visibleRows(page)).length).toBe(items.filter((i) => i.owner === owner).length);
    await page.selectOption('select[name="owner"]', '');

    await page.selectOption('select[name="status"]', 'done');
    expect((await visibleRows(page)).length).toBe(items.filter((i) => i.status === 'done').length);
    await page.selectOption('select[name="status"]', 'unfinished');
    expect((await visibleRows(page)).length).toBe(items.filter((i) => i.status === 'open' || i.status === 'in-progress').length);
    await page.selectOption('select[name="status"]', '');

    await page.selectOption('select[name="type"]', 'detect');
    expect((await visibleRows(page)).length).toBe(items.filter((i) => i.type === 'detect').length);
    await page.context().close();
  });

  it('opens pre-filtered from the home page\'s overdue figure', async () => {
    const { page } = await open(browser, '');
    await page.click('a[href$="action-items/?overdue=yes"]');
    await page.waitForURL(/action-items\/\?overdue=yes/);
    await page.waitForLoadState('networkidle');
    expect((await visibleRows(page)).length).toBe(overdue.length);
    await page.context().close();
  });
});
