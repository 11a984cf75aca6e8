/**
 * Issue 25, lists and search: duration and impact on every card and in the dense table view, filters that fold away
 * on a 360 px screen, search excerpts from the prose starting at a sentence, and focus back on the search button
 * after Escape.
 */
import { describe, expect, it } from 'vitest';
import { durations } from '../../packages/astro-postmortems/src/core/utils/incident.ts';
import { durationSummary, impactSummary } from '../../packages/astro-postmortems/src/lib/incident-facts.ts';
import { useBrowser } from './browser.ts';
import { everyPage, open, settled, sources } from './site.ts';

const session = useBrowser();

const all = sources();
const byTitle = new Map(all.map((s) => [s.data.title, s]));
const facts = (s: (typeof all)[number]) => {
  const p = { data: { ...s.data, incident: { ...s.data.incident } }, durations: durations(s.data.incident) };
  return { duration: durationSummary(p), impact: impactSummary(p) };
};

describe('lists', () => {
  it('show the duration and impact on every card', async () => {
    const { page } = await open(session.browser, 'postmortems/');
    // The list spans several pages (the test site's page size is smaller than its samples): each is read.
    const pages = await everyPage(page, () =>
      page.$$eval('.pm-card', (els) =>
        els
          .filter((e) => e.checkVisibility())
          .map((e) => ({
            title: e.querySelector('.pm-card-title')!.textContent!.trim(),
            duration: e.querySelector('.pm-card-duration')?.textContent ?? null,
            impact: e.querySelector('.pm-card-impact')?.textContent ?? null,
          })),
      ),
    );
    expect(pages.length).toBeGreaterThan(1);
    const cards = pages.flat();
    // Every postmortem, each once: no page was skipped or read twice.
    expect(cards.map((c) => c.title).sort()).toEqual(all.map((s) => s.data.title).sort());
    for (const card of cards) {
      const expected = facts(byTitle.get(card.title)!);
      expect(card).toEqual({ title: card.title, duration: expected.duration, impact: expected.impact ?? null });
    }
    expect(cards.some((c) => c.impact)).toBe(true);
    await page.close();
  });

  it('offer a dense table view with duration and impact columns', async () => {
    const { page } = await open(session.browser, 'postmortems/');
    await page.locator('input[name="view"][value="table"]').check();
    await page.locator('table.pm-table').waitFor();
    const headers = await page.$$eval('table.pm-table th', (ths) => ths.map((t) => t.textContent));
    expect(headers).toEqual(expect.arrayContaining(['Duration', 'Impact']));
    const rows = await page.$$eval('table.pm-table tbody tr', (trs) =>
      trs.map((tr) => [...(tr as HTMLTableRowElement).cells].map((c) => c.textContent!.trim())),
    );
    expect(rows.length).toBeGreaterThan(1);
    const duration = headers.indexOf('Duration');
    for (const row of rows) {
      const s = all.find((x) => x.data.title === row[headers.indexOf('Postmortem')]!.replace(/ Near miss$/, ''))!;
      expect(row[duration]).toBe(facts(s).duration.replace(/^Resolved in /, ''));
    }
    await page.close();
  });

  it('fold their filters behind one button on a 360 px screen', async () => {
    const { page } = await open(session.browser, 'postmortems/', { viewport: { width: 360, height: 800 } });
    const toggle = page.locator('[data-filters-toggle]');
    const fields = page.locator('.filters-fields');
    expect(await toggle.isVisible()).toBe(true);
    expect(await fields.isVisible()).toBe(false);
    // The first card starts on the first screen.
    expect(await page.$eval('.pm-card', (e) => e.getBoundingClientRect().top)).toBeLessThan(800);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await fields.isVisible()).toBe(true);
    await toggle.click();
    expect(await fields.isVisible()).toBe(false);
    await page.close();
  });
});

describe('search', () => {
  for (const term of ['cache', 'certificate']) {
    it(`shows excerpts from the prose that start at a sentence, never the metadata run together (“${term}”)`, async () => {
      const { page } = await open(session.browser, 'search/');
      await page.locator('[data-search-page] input[type="search"]').fill(term);
      await page.waitForFunction(() => /found/.test(document.querySelector('[data-search-page] [data-search-status]')?.textContent ?? ''));
      const excerpts = await page.$$eval('[data-search-page] .search-excerpt', (ps) =>
        ps.map((p) => ({
          section: p.querySelector('.search-section')?.textContent ?? '',
          text: p.textContent!.replace(/\s+/g, ' ').trim(),
          marks: p.querySelectorAll('mark').length,
        })),
      );
      expect(excerpts.length).toBeGreaterThan(0);
      for (const e of excerpts) {
        expect(e.marks).toBeGreaterThan(0);
        expect(e.text).not.toMatch(/^Services |Contributing factors:? [a-z]/);
        const body = e.section ? e.text.slice(e.section.length + 1).trim() : e.text;
        // A sentence starts with a capital, a digit, a quote or code; a cut one says so with an ellipsis.
        expect(body).toMatch(/^(… |[A-Z0-9"“`*(])/);
      }
      await page.close();
    });
  }

  it('gives focus back to the search button after Escape when opened with a key', async () => {
    const { page } = await open(session.browser, 'postmortems/');
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('/');
    const dialog = page.locator('[data-search-dialog]');
    await dialog.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await settled(page);
    // The dialog's `close` event, which moves focus to the button, is a task of its own after the dialog is hidden.
    await expect.poll(() => page.evaluate(() => document.activeElement?.hasAttribute('data-search-open'))).toBe(true);
    await page.close();
  });
});
