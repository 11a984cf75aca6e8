/**
 * Issue 25: one set of action-item figures on every page that shows them, and a postmortem page a reader scans in 30
 * seconds (key facts first, the timeline in phases, factors once, action items that fit, links named after their
 * tracker id, similar incidents explained in words).
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { todayIso } from '../../packages/astro-postmortems/src/core/utils/time.ts';
import { actionItemFigures } from '../../packages/astro-postmortems/src/lib/figures.ts';
import { completion } from '../../packages/astro-postmortems/src/lib/stats.ts';
import { phases } from '../../packages/astro-postmortems/src/integration/timeline-phases.ts';
import { trackerLabel } from '../../packages/astro-postmortems/src/lib/tracker-label.ts';
import { useBrowser } from './browser.ts';
import { open, PAGES, sources, url } from './site.ts';

const session = useBrowser();

const all = sources();
const POSTMORTEM = PAGES['postmortem']!;
const source = all.find((s) => POSTMORTEM.includes(s.id))!;
const items = all.flatMap((s) => s.data.actionItems ?? []).map((i) => ({ ...i, status: i.status ?? 'open', due: String(i.due) }));

/** `{ key: value }` of the tiles named by `data-figure` on a page. */
const figuresOf = (page: Page, value: string) =>
  page.$$eval(
    `[data-figure]`,
    (els, sel) => Object.fromEntries(els.map((e) => [(e as HTMLElement).dataset.figure!, e.querySelector(sel)!.textContent!.trim()])),
    value,
  );

describe('action-item figures', () => {
  it('are the same on home, action items, stats and every postmortem page, and match the sources', async () => {
    // Counted from the sample files here, independently of the site: the build day is the same as the test's.
    const expected = Object.fromEntries(actionItemFigures(completion(items, todayIso())).map((f) => [f.key, f.value]));
    expect(Number(expected['done'])).toBeGreaterThan(0);

    const { page } = await open(session.browser, 'action-items/');
    expect(await figuresOf(page, 'dd')).toEqual(expected);
    await page.goto(url('stats/'));
    expect(await figuresOf(page, 'dd')).toEqual(expected);
    await page.goto(url());
    const home = await figuresOf(page, '.figure-value');
    expect(home['overdue']).toBe(expected['overdue']);
    expect(home['completion']).toBe(expected['completion']);
    expect(Number(home['unfinished'])).toBe(Number(expected['open']) + Number(expected['in-progress']));

    // Each postmortem's "What changes" says its own counts; over every postmortem they add up to the site's.
    const sums = { done: 0, open: 0, overdue: 0, 'in progress': 0 };
    for (const s of all) {
      await page.goto(url(`postmortems/${s.id}/`));
      const detail = (await page.locator('[data-fact="changes"]').textContent()) ?? '';
      for (const key of Object.keys(sums) as (keyof typeof sums)[])
        sums[key] += Number(new RegExp(`(\\d+) ${key}\\b`).exec(detail)?.[1] ?? 0);
    }
    expect(sums).toEqual({
      done: Number(expected['done']),
      open: Number(expected['open']),
      overdue: Number(expected['overdue']),
      'in progress': Number(expected['in-progress']),
    });
    await page.close();
  });
});

describe('a postmortem page', () => {
  it('shows the six key facts first, above the second screen at 360 px', async () => {
    const { page } = await open(session.browser, POSTMORTEM, { viewport: { width: 360, height: 800 } });
    const facts = await page.$$eval('.pm-header [data-fact]', (els) => els.map((e) => (e as HTMLElement).dataset.fact));
    expect(facts).toEqual(['impact', 'duration', 'detection', 'severity', 'status', 'changes']);
    const bottom = await page.$eval('.key-facts', (e) => e.getBoundingClientRect().bottom + window.scrollY);
    expect(bottom).toBeLessThanOrEqual(2 * 800);
    // Before the article: a reader sees them before any prose.
    expect(
      await page.$eval(
        '.key-facts',
        (e) => !!(e.compareDocumentPosition(document.querySelector('.prose')!) & Node.DOCUMENT_POSITION_FOLLOWING),
      ),
    ).toBe(true);
    await page.close();
  });

  it('draws the timeline as phases on a time axis, and the entries stay a list in time order without styles', async () => {
    const { page } = await open(session.browser, POSTMORTEM);
    const expected = phases(source.data.incident).map((p) => p.label);
    expect(await page.$$eval('.phase-list li strong', (els) => els.map((e) => e.textContent))).toEqual(expected);
    // The figure sits at the top of the timeline section.
    const heading = await page.$eval('.phases', (f) => {
      let el: Element | null = f;
      while (el && el.tagName !== 'H2') el = el.previousElementSibling;
      return el?.textContent;
    });
    expect(heading).toMatch(/timeline/i);
    const entryPhases = await page.$$eval('.tl-entry', (els) => els.map((e) => (e as HTMLElement).dataset.phase));
    expect(entryPhases.length).toBeGreaterThan(3);
    // Phases follow each other in time: once a phase is left it never comes back.
    const order = ['before', 'detection', 'response', 'recovery', 'after'];
    expect(entryPhases.map((p) => order.indexOf(p!))).toEqual([...entryPhases.map((p) => order.indexOf(p!))].sort((a, b) => a - b));

    // Without any style the phases read as an ordered list and the entries as the author's list.
    await page.evaluate(() => document.querySelectorAll('style, link[rel="stylesheet"]').forEach((e) => e.remove()));
    const bare = await page.evaluate(() => ({
      phases: [...document.querySelectorAll('.phase-list > li')].map((li) => [
        getComputedStyle(li).display,
        (li as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
      ]),
      entries: [...document.querySelectorAll('.tl-entry')].map((li) => getComputedStyle(li).display),
    }));
    expect(bare.phases.every(([display]) => display === 'list-item')).toBe(true);
    expect(bare.phases[0]![1]).toMatch(/^Detection \d+ (min|h)/);
    expect(new Set(bare.entries)).toEqual(new Set(['list-item']));
    await page.close();
  });

  it('shows the contributing factors once, each description once', async () => {
    const { page } = await open(session.browser, POSTMORTEM);
    const labels = await page.$$eval(
      'h2, h3, dt, strong',
      (els) => els.filter((e) => /^contributing factors:?$/i.test(e.textContent!.trim())).length,
    );
    expect(labels).toBe(1);
    const text = await page.$eval('main', (m) => m.textContent!.replace(/\s+/g, ' '));
    for (const f of source.data.contributingFactors ?? []) expect(text.split(f.description.replace(/\s+/g, ' ')).length - 1).toBe(1);
    await page.close();
  });

  for (const width of [360, 1280]) {
    it(`fits its action items in the text column at ${width} px, each link named after its tracker id`, async () => {
      const { page } = await open(session.browser, POSTMORTEM, { viewport: { width, height: 900 } });
      const fit = await page.$eval('table.action-items', (t) => {
        const column = t.closest('.prose')!.getBoundingClientRect();
        const wrap = t.parentElement!;
        const lineHeight = parseFloat(getComputedStyle(t.querySelector('.action-text')!).lineHeight);
        const lines = [...t.querySelectorAll('.action-text')].map((e) => Math.round(e.getBoundingClientRect().height / lineHeight));
        return {
          over: t.getBoundingClientRect().right - column.right,
          scroll: wrap.scrollWidth - wrap.clientWidth,
          maxLines: Math.max(...lines),
        };
      });
      expect(fit.over).toBeLessThanOrEqual(0);
      expect(fit.scroll).toBeLessThanOrEqual(0);
      expect(fit.maxLines).toBeLessThanOrEqual(3);
      const links = await page.$$eval('table.action-items a[href^="http"]', (as) =>
        as.map((a) => [a.getAttribute('href'), a.firstChild!.textContent]),
      );
      const expected = (source.data.actionItems ?? []).filter((i) => i.link).map((i) => trackerLabel(i.link!));
      expect(links.map(([, text]) => text)).toEqual(expected);
      expect(links.every(([, text]) => text !== 'Ticket')).toBe(true);
      await page.close();
    });
  }

  it('explains similar incidents in words, never by the method', async () => {
    const { page } = await open(session.browser, POSTMORTEM);
    expect(await page.$eval('main', (m) => m.textContent)).not.toMatch(/TF-IDF|cosine/i);
    const notes = await page.$$eval('.similar [data-similar-reason]', (els) => els.map((e) => e.textContent!.trim()));
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) expect(note).toMatch(/^Shares the (service|services|factor|factors|tag|tags) |^Described in similar words/);
    await page.close();
  });
});
