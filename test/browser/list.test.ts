/** The postmortem list: filters and sorting without a reload, and a complete plain list without JavaScript. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './browser.ts';
import { open, sources, url } from './site.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const visibleTitles = (page: Page) => page.$$eval('#postmortem-list .pm-card:not([hidden]) .pm-card-title', (els) => els.map((e) => e.textContent!.trim()));
const all = sources();
const titlesWhere = (keep: (s: (typeof all)[number]) => boolean) => all.filter(keep).map((s) => s.data.title).sort();

describe('postmortem list', () => {
  it('filters by severity, status, service, tag and year without reloading', async () => {
    const { page, errors } = await open(browser, 'postmortems/');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    expect((await visibleTitles(page)).length).toBe(all.length);

    await page.selectOption('select[name="severity"]', 'P1');
    expect((await visibleTitles(page)).sort()).toEqual(titlesWhere((s) => s.data.severity === 'P1'));
    expect(await page.locator('[data-filter-count]').textContent()).toMatch(/Showing \d+ of 11 postmortems/);

    await page.selectOption('select[name="severity"]', '');
    await page.selectOption('select[name="service"]', 'checkout-api');
    await page.selectOption('select[name="year"]', '2026');
    expect((await visibleTitles(page)).sort()).toEqual(titlesWhere((s) => s.data.services.includes('checkout-api') && String(s.data.incident.started).startsWith('2026')));

    await page.click('button[type="reset"]');
    await page.selectOption('select[name="tag"]', 'database');
    expect((await visibleTitles(page)).sort()).toEqual(titlesWhere((s) => (s.data.tags ?? []).includes('database')));

    await page.selectOption('select[name="tag"]', '');
    await page.selectOption('select[name="status"]', 'in-review');
    expect((await visibleTitles(page)).sort()).toEqual(titlesWhere((s) => s.data.status === 'in-review'));
    expect(new URL(page.url()).searchParams.get('status')).toBe('in-review');

    // Nothing matching: a message, not an empty page.
    await page.selectOption('select[name="severity"]', 'P4');
    await page.selectOption('select[name="status"]', 'published');
    await page.selectOption('select[name="tag"]', 'database');
    expect(await visibleTitles(page)).toEqual([]);
    expect(await page.locator('[data-filter-empty]').isVisible()).toBe(true);

    // Same document all along: no reload happened.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('sorts by date and by severity', async () => {
    const { page } = await open(browser, 'postmortems/');
    const byDate = [...all].sort((a, b) => Date.parse(String(b.data.incident.started)) - Date.parse(String(a.data.incident.started))).map((s) => s.data.title);
    expect(await visibleTitles(page)).toEqual(byDate);
    await page.selectOption('select[name="sort"]', 'started:asc');
    expect(await visibleTitles(page)).toEqual([...byDate].reverse());
    await page.selectOption('select[name="sort"]', 'rank:asc started:desc');
    const severities = await page.$$eval('#postmortem-list .pm-card .badge.sev', (els) => els.map((e) => e.textContent!.replace('Severity', '').trim()));
    expect(severities).toEqual([...severities].sort());
    await page.context().close();
  });

  it('applies filters given in the address', async () => {
    const { page } = await open(browser, 'postmortems/?severity=P2&sort=started%3Aasc');
    expect(await page.inputValue('select[name="severity"]')).toBe('P2');
    const expected = all
      .filter((s) => s.data.severity === 'P2')
      .sort((a, b) => Date.parse(String(a.data.incident.started)) - Date.parse(String(b.data.incident.started)))
      .map((s) => s.data.title);
    expect(await visibleTitles(page)).toEqual(expected);
    await page.context().close();
  });

  it('is a complete plain list without JavaScript', async () => {
    const { page } = await open(browser, 'postmortems/', { javaScriptEnabled: false });
    expect((await visibleTitles(page)).sort()).toEqual(all.map((s) => s.data.title).sort());
    expect(await page.locator('form[data-filters]').isVisible()).toBe(false);
    const links = await page.$$eval('#postmortem-list .pm-card-title a', (as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links).toContain(url('postmortems/2025-11-04-checkout-api-connection-pool-exhaustion/'));
    await page.context().close();
  });
});
