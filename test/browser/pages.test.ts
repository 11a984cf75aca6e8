/**
 * Every page of the site (`PAGES`), each promise asserted page by page: accessibility (axe-core, light and dark),
 * the keyboard (skip link, a visible focus on every control, no trap), a strict Content-Security-Policy broken by
 * nothing, 360 px without sideways scrolling, and nothing requested from another host.
 *
 * Each page is loaded twice, not once per promise, in one of two long-lived pages (one per policy, see `watched`),
 * and every test reads what those visits saw (on the first test that asks), with every request of both recorded
 * from the first on:
 * - under the site's policy, desktop (1280 × 900), light: the policy, Tab through the page, the theme toggle, then
 *   every violation reported;
 * - with the policy bypassed (axe-core injects a script and styles of its own), loaded as a phone (360 × 800) in
 *   the dark: the width, dark and light; then axe-core at the desktop's size, every rule in the light and the rules
 *   that read colours in the dark.
 * The search dialog with results is seen the same two ways.
 */
import { createRequire } from 'node:module';
import type { Page, Request } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { settled as reported, watchContext } from './csp-reports.ts';
import { DESKTOP, emptySiteStorage, PAGES, settled, url } from './site.ts';

const session = useBrowser();

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/**
 * Every colour of the site is a `light-dark()` pair (global.css) and nothing else changes with the theme, so in the
 * dark only the rules that read colours can find something the light theme's full run did not.
 */
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/**
 * axe-core's findings on a page whose policy is bypassed (the site's rightly refuses axe's script and styles): every
 * WCAG 2.2 A/AA and best-practice rule, or only `rules`.
 */
async function axe(page: Page, rules?: string[]): Promise<string[]> {
  // Open every "show the data as a table" so the tables are checked too.
  await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  const runOnly = rules
    ? { type: 'rule', values: rules }
    : { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] };
  const violations = await page.evaluate(async (only) => {
    const result = await (window as unknown as { axe: { run: (o: object) => Promise<{ violations: AxeViolation[] }> } }).axe.run({
      runOnly: only,
    });
    return result.violations;
  }, runOnly);
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}\n  ${n.failureSummary}`));
}

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

/**
 * Presses Tab until focus comes back around, recording each stop and whether its focus is visible. `wrapped`: focus
 * left the last control for the start of the page (the body, or the first stop again) within `limit` presses; a
 * control that keeps focus (or hands it among a few controls) runs to the limit without wrapping.
 */
async function tabThrough(page: Page, limit: number): Promise<{ stops: Stop[]; wrapped: boolean }> {
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
    if (!stop || (stops.length && stop.key === stops[0]!.key)) return { stops, wrapped: true };
    stops.push(stop);
  }
  return { stops, wrapped: false };
}

interface Seen {
  /** The HTTP status each visit's page was served with (`astro preview` serves the 404 page for a missing path). */
  status: { desktop: number | undefined; phone: number | undefined };
  /** The policy in the page's `<meta>`. */
  policy: string | null;
  /** Violations reported under the site's policy. */
  violations: string[];
  /** Every request either visit made, as its URL. */
  requests: string[];
  axe: { light: string[]; dark: string[] };
  /** `wrapped`: Tab went past the last control back to the start (see `tabThrough`). */
  keyboard: { expected: string[]; stops: Stop[]; wrapped: boolean; missed: (string | undefined)[] };
  /** How much wider than a 360 px screen the page is in each theme (0 when it fits). */
  overflow: { light: number; dark: number };
}

interface Visit {
  /** The site's own policy is in force, or bypassed (axe-core injects styles of its own to do its work). */
  policy: 'enforced' | 'bypassed';
  colorScheme: 'light' | 'dark';
  viewport: { width: number; height: number };
}

interface Tab {
  page: Page;
  /** Reported while the current page is open (emptied at each visit). */
  violations: string[];
  /** The context's requests still in flight (`reported` waits for them). */
  pending: Set<Request>;
  requests: string[];
  /** The status the current page was served with. */
  status: number | undefined;
}

/** A context watched for policy violations and every request from the first on, and its one page. */
async function watchedTab(policy: Visit['policy']): Promise<Tab> {
  const context = await session.browser.newContext({ viewport: DESKTOP, bypassCSP: policy === 'bypassed' });
  const { violations, pending } = await watchContext(context);
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  return { page: await context.newPage(), violations, pending, requests, status: undefined };
}

/**
 * One page per policy, navigated from visit to visit: a new context costs Chromium a new renderer process, about
 * 3 s of CPU against 0.7 s for a navigation (measured on these machines), and the pages are many. Each visit starts
 * clean: the site's storage (the theme the toggle pinned) is emptied, the size and theme are set before the page
 * loads, and only this page's reports and requests are kept. Visits take turns (`queue`).
 */
const tabs = new Map<Visit['policy'], Promise<Tab>>();
let queue: Promise<unknown> = Promise.resolve();
function inTurn<T>(work: () => Promise<T>): Promise<T> {
  const turn = queue.then(work, work);
  queue = turn.catch(() => undefined);
  return turn;
}

async function watched(path: string, options: Visit): Promise<Tab> {
  if (!tabs.has(options.policy)) tabs.set(options.policy, watchedTab(options.policy));
  const tab = await tabs.get(options.policy)!;
  const { page } = tab;
  await emptySiteStorage(page);
  await page.setViewportSize(options.viewport);
  await page.emulateMedia({ colorScheme: options.colorScheme });
  tab.violations.length = 0;
  tab.requests.length = 0;
  tab.status = (await page.goto(url(path), { waitUntil: 'networkidle' }))?.status();
  await settled(page);
  // The writing page adds its problems' buttons once the checker has answered: counted, and tabbed through, after.
  await page.waitForFunction(
    () => {
      const form = document.querySelector<HTMLFormElement>('form[data-write]');
      return !form || (!!form.dataset['checked'] && form.dataset['previewed'] === form.dataset['checked']);
    },
    null,
    { timeout: 60_000 },
  );
  return tab;
}

async function see(path: string): Promise<Seen> {
  const desktop = await watched(path, { policy: 'enforced', colorScheme: 'light', viewport: DESKTOP });
  const status = { desktop: desktop.status, phone: undefined as number | undefined };
  const policy = await desktop.page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
  const expected = await focusables(desktop.page);
  // A date or time input takes one Tab per part (day, month, year, hours, minutes, AM/PM, the picker button).
  const parts = await desktop.page.locator('input:is([type="date"], [type="datetime-local"], [type="time"])').count();
  const { stops, wrapped } = await tabThrough(desktop.page, expected.length + 10 + 7 * parts);
  const reached = new Set(stops.map((s) => s.key));
  const missed = await desktop.page.evaluate(
    (keys) => keys.map((k) => document.querySelector(`[data-kb="${k}"]`)?.outerHTML.slice(0, 160)),
    expected.filter((k) => !reached.has(k)),
  );
  // Let module scripts run and the theme toggle work before reading the reports.
  const toggle = desktop.page.locator('[data-theme-toggle]');
  if (await toggle.isVisible()) await toggle.click();
  await reported(desktop.page, desktop);
  const violations = [...desktop.violations];
  const requests = [...desktop.requests];

  // Loaded as a phone in the dark, then switched to light, then checked by axe-core at the desktop's size in both
  // themes: the page follows the system's theme as it changes (header.ts) and no script of the site reads the width,
  // so each is laid out as a page loaded that way.
  const phone = await watched(path, { policy: 'bypassed', colorScheme: 'dark', viewport: { width: 360, height: 800 } });
  status.phone = phone.status;
  const width = () => phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const overflow = { dark: await width(), light: 0 };
  await phone.page.emulateMedia({ colorScheme: 'light' });
  overflow.light = await width();
  await phone.page.setViewportSize(DESKTOP);
  const light = await axe(phone.page);
  await phone.page.emulateMedia({ colorScheme: 'dark' });
  const dark = await axe(phone.page, COLOUR_RULES);

  return {
    status,
    policy,
    violations,
    requests: [...requests, ...phone.requests],
    axe: { light, dark },
    keyboard: { expected, stops, wrapped, missed },
    overflow,
  };
}

/**
 * The search dialog with results: under the site's policy (its reports and requests: Pagefind, WebAssembly,
 * workers), and in the dark for axe-core.
 */
async function seeSearch(): Promise<{
  status: (number | undefined)[];
  results: number[];
  axe: string[];
  violations: string[];
  requests: string[];
}> {
  const status: (number | undefined)[] = [];
  const results: number[] = [];
  let found: string[] = [];
  let violations: string[] = [];
  const requests: string[] = [];
  for (const policy of ['enforced', 'bypassed'] as const) {
    const visit = await watched('postmortems/', { policy, colorScheme: policy === 'enforced' ? 'light' : 'dark', viewport: DESKTOP });
    status.push(visit.status);
    await visit.page.keyboard.press('/');
    const dialog = visit.page.locator('[data-search-dialog]');
    await dialog.waitFor({ state: 'visible' });
    await dialog.locator('input[type="search"]').fill('database');
    await dialog.locator('.search-result').first().waitFor();
    results.push(await dialog.locator('.search-result').count());
    requests.push(...visit.requests);
    if (policy === 'enforced') {
      await reported(visit.page, visit);
      violations = [...visit.violations];
    } else found = await axe(visit.page);
  }
  return { status, results, axe: found, violations, requests };
}

/** Each page is seen once, on the first test that asks (so a filtered run visits only what it needs). */
const seen = new Map<string, Promise<Seen>>();
const visit = (name: string): Promise<Seen> => {
  if (!seen.has(name))
    seen.set(
      name,
      inTurn(() => see(PAGES[name]!)).catch((error: unknown) => {
        throw new Error(`${name} page (${PAGES[name]}): ${(error as Error).message}`, { cause: error });
      }),
    );
  return seen.get(name)!;
};

/**
 * What `name`'s visits saw, once both were served that page: 200, or 404 for the 'not found' one. A path that no
 * longer exists gets `astro preview`'s 404 page, with the same layout, skip link, policy and toggle, which would pass
 * every check below in its place.
 */
async function served(name: string): Promise<Seen> {
  const saw = await visit(name);
  const status = name === 'not found' ? 404 : 200;
  expect(saw.status, `${name} page (${PAGES[name]}): HTTP status of each visit`).toEqual({ desktop: status, phone: status });
  return saw;
}

let search: ReturnType<typeof seeSearch> | undefined;
const visitSearch = () => (search ??= inTurn(seeSearch));

/** Requests to another host than the site's (a data: URL asks no host). */
const foreign = (requests: string[]) => {
  const origin = new URL(url()).origin;
  return requests.filter((r) => !r.startsWith(origin) && !r.startsWith('data:'));
};

describe('accessibility (axe-core)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    for (const name of Object.keys(PAGES)) {
      it(`${name} page, ${scheme} theme${scheme === 'dark' ? ' (the rules that read colours)' : ''}`, async () => {
        expect((await served(name)).axe[scheme]).toEqual([]);
      });
    }
  }

  it('the search dialog with results, dark theme', async () => {
    const { status, results, axe } = await visitSearch();
    expect(status).toEqual([200, 200]);
    expect(results[1]).toBeGreaterThan(0);
    expect(axe).toEqual([]);
  });
});

describe('keyboard', () => {
  for (const name of Object.keys(PAGES)) {
    it(`${name} page: every control is reached by Tab, shows its focus, and nothing traps it`, async () => {
      const { stops, wrapped, missed } = (await served(name)).keyboard;
      expect(stops[0]?.tag).toMatch(/skip-link/);
      // Past the last control, Tab leaves for the start of the page: no control held it (a trap runs to the limit).
      expect(wrapped, `Tab never got past ${stops.at(-1)?.tag}`).toBe(true);
      expect(stops.filter((s) => !s.indicator).map((s) => s.tag)).toEqual([]);
      expect(missed).toEqual([]);
    });
  }
});

describe('Content-Security-Policy', () => {
  for (const name of Object.keys(PAGES)) {
    it(`${name} page: strict policy, no violation, no other host`, async () => {
      const { policy, violations, requests } = await served(name);
      expect(policy).toContain("default-src 'self'");
      expect(policy).toContain("script-src-attr 'none'");
      expect(policy).toMatch(/script-src 'self'[^;]*'sha256-/);
      expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(violations).toEqual([]);
      expect(foreign(requests)).toEqual([]);
    });
  }

  it('the watch itself sees a violation: an injected inline script is blocked and reported', async () => {
    // A tab of its own, not one of the visits': the script it injects stays out of them.
    const { page, violations } = await watchedTab('enforced');
    await page.goto(url(), { waitUntil: 'networkidle' });
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
    const { status, results, violations, requests } = await visitSearch();
    expect(status).toEqual([200, 200]);
    expect(results[0]).toBeGreaterThan(0);
    expect(requests.some((r) => r.includes('/pagefind/'))).toBe(true);
    expect(violations).toEqual([]);
    expect(foreign(requests)).toEqual([]);
  });
});

describe('layout', () => {
  for (const name of Object.keys(PAGES)) {
    it(`${name} page fits a 360 px wide screen: it does not scroll sideways`, async () => {
      const { overflow } = await served(name);
      expect(overflow.light, `${name}, light theme: px too wide`).toBeLessThanOrEqual(0);
      expect(overflow.dark, `${name}, dark theme: px too wide`).toBeLessThanOrEqual(0);
    });
  }

  it('requests nothing from another host, on any page or from search', async () => {
    const asked: string[] = [];
    for (const name of Object.keys(PAGES)) asked.push(...foreign((await served(name)).requests).map((r) => `${name}: ${r}`));
    asked.push(...foreign((await visitSearch()).requests).map((r) => `search dialog: ${r}`));
    expect(asked).toEqual([]);
  });
});
