/**
 * The action items pages: every item on exactly one static page, overdue marks, per-owner groups with counts over
 * every page, and filters across every page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIso } from '../../packages/astro-postmortems/src/core/utils/time.ts';
import { launch } from './browser.ts';
import { everyPage, open, settled, sources } from './site.ts';

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
const shownRows = (page: Page) =>
  page.$$eval('tr[data-item]', (rows) =>
    rows
      .filter((r) => r.checkVisibility())
      .map((r) => ({
        title: r.querySelector('.action-text')!.textContent!.trim(),
        overdue: r.classList.contains('overdue'),
        text: r.textContent!,
      })),
  );
/** Rows of every page of the view shown. */
const allRows = async (page: Page) => (await everyPage(page, () => shownRows(page))).flat();
/** Owner group headings of every page: `[owner, count text]`. */
const allGroups = async (page: Page) =>
  (
    await everyPage(page, () =>
      page.$$eval('.owner-group h2', (hs) =>
        hs
          .filter((h) => h.checkVisibility())
          .map(
            (h) => [h.firstChild!.textContent!.replace(' (continued)', '').trim(), h.querySelector('.group-count')!.textContent!] as const,
          ),
      ),
    )
  ).flat();
const titles = (list: { title: string }[]) => list.map((i) => i.title).sort();

describe('action items pages', () => {
  it('open on the unfinished items, and list every action item once across the pages with ?status=all, marking exactly the overdue ones, in words and in colour', async () => {
    const unfinished = items.filter((i) => i.status === 'open' || i.status === 'in-progress');
    const { page, errors } = await open(browser, 'action-items/');
    expect(await page.inputValue('select[name="status"]')).toBe('unfinished');
    expect(titles(await allRows(page))).toEqual(titles(unfinished));
    await page.goto(page.url().replace(/action-items\/.*$/, 'action-items/?status=all'));
    await settled(page);
    const size = await page.$eval('form[data-catalog]', (f) => Number((f as HTMLElement).dataset.pageSize));
    const pages = await everyPage(page, () => shownRows(page));
    for (const rows of pages) expect(rows.length).toBeLessThanOrEqual(size);
    const rows = pages.flat();
    expect(rows).toHaveLength(items.length);
    expect(titles(rows)).toEqual(titles(items));
    expect(overdue.length).toBeGreaterThan(0);
    expect(titles(rows.filter((r) => r.overdue))).toEqual(titles(overdue));
    for (const row of rows) expect(row.text.includes('Overdue')).toBe(row.overdue);
    // Overdue first: the owners with most overdue items lead, and within an owner the overdue items come first.
    expect(rows[0]!.overdue).toBe(true);
    await page.goto(page.url().replace(/action-items\/.*$/, 'action-items/'), { waitUntil: 'networkidle' });
    const background = await page
      .locator('#action-items tr.overdue td')
      .first()
      .evaluate((td) => getComputedStyle(td).backgroundColor);
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filter across every page by overdue, owner, status and type, with group counts over every match', async () => {
    const { page } = await open(browser, 'action-items/');
    await page.check('input[name="overdue"]');
    await settled(page);
    expect(titles(await allRows(page))).toEqual(titles(overdue));

    await page.goto(page.url().replace(/action-items\/.*$/, 'action-items/?overdue=yes'));
    await settled(page);
    const groups = await allGroups(page);
    const owners = [...new Set(groups.map(([owner]) => owner))];
    expect(owners.sort()).toEqual([...new Set(overdue.map((i) => i.owner))].sort());
    for (const [owner, count] of groups) {
      const n = overdue.filter((i) => i.owner === owner).length;
      expect(count).toBe(`${n} item${n === 1 ? '' : 's'}, ${n} overdue`);
    }
    await page.uncheck('input[name="overdue"]');
    await settled(page);

    await page.goto(page.url().replace(/action-items\/.*$/, 'action-items/?status=all'));
    await settled(page);
    const owner = items[0]!.owner;
    const ownerValue = await page.$eval(
      'select[name="owner"]',
      (s, o) => [...(s as HTMLSelectElement).options].find((x) => x.textContent!.startsWith(`${o} (`))!.value,
      owner,
    );
    await page.selectOption('select[name="owner"]', ownerValue);
    await settled(page);
    expect(titles(await allRows(page))).toEqual(titles(items.filter((i) => i.owner === owner)));

    for (const [status, keep] of [
      ['done', (i: (typeof items)[number]) => i.status === 'done'],
      ['unfinished', (i: (typeof items)[number]) => i.status === 'open' || i.status === 'in-progress'],
    ] as const) {
      await page.goto(page.url().replace(/action-items\/.*$/, `action-items/?status=${status}`));
      await settled(page);
      expect(await page.inputValue('select[name="status"]')).toBe(status);
      expect(titles(await allRows(page))).toEqual(titles(items.filter(keep)));
    }

    await page.goto(page.url().replace(/action-items\/.*$/, 'action-items/?status=all'));
    await settled(page);
    await page.selectOption('select[name="type"]', 'detect');
    await settled(page);
    expect(titles(await allRows(page))).toEqual(titles(items.filter((i) => i.type === 'detect')));
    await page.close();
  });

  it("draws each filtered owner group and row from the server's own templates: the same markup as the server's, page by page", async () => {
    const groups = (page: Page, list: string) => page.$$eval(`${list} .owner-group`, (els) => els.map((e) => e.outerHTML));
    // The server's groups, every static page read without JavaScript: every item, in the list's one order.
    const { page: plain } = await open(browser, 'action-items/', { javaScriptEnabled: false });
    const server = await everyPage(plain, () => groups(plain, '#action-items'));
    await plain.close();
    const serverHtml = server.flat().join('\n');
    expect(serverHtml.match(/<tr[^>]* data-item/g)).toHaveLength(items.length);
    // Every kind of part the templates hold that the sample postmortems have is on some server row (a precondition,
    // asserted): overdue, a type, a ticket and none, each status, a group begun on an earlier page.
    expect(server.length).toBeGreaterThan(1);
    for (const part of ['<tr class="overdue"', 'class="action-type"', 'for “', '<span class="muted">—</span>', ' (continued)'])
      expect(serverHtml).toContain(part);
    for (const status of new Set(items.map((i) => i.status))) expect(serverHtml).toContain(`item-status item-${status}"`);

    // Every status: the filters draw every item, on pages of the same size, from the templates.
    const { page, errors } = await open(browser, 'action-items/?status=all');
    expect(await page.locator('#action-items-results').isVisible()).toBe(true);
    const drawn = await everyPage(page, () => groups(page, '#action-items-results'));
    expect(drawn).toEqual(server);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("opens pre-filtered from the home page's overdue figure", async () => {
    const { page } = await open(browser, '');
    await page.click('a[href$="action-items/?overdue=yes"]');
    await page.waitForURL(/action-items\/\?overdue=yes/);
    await settled(page);
    expect(titles(await allRows(page))).toEqual(titles(overdue));
    await page.close();
  });
});
