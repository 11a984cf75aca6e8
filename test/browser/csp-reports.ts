/**
 * Watching a browser context for Content-Security-Policy violations and requests to other hosts, and reading the
 * violations (sent through a `__reportCsp` binding) only once all have arrived.
 */
import type { BrowserContext, Page, Request } from 'playwright-core';
import { expect } from 'vitest';

export interface Watch {
  /** Each violation as `<directive> blocked <URL or inline> at <file>:<line>`, and the browser's console lines about the policy. */
  violations: string[];
  /** Every http(s) request to another origin than the one given (none are recorded without one). */
  foreign: string[];
  /** The context's requests that have neither finished nor failed yet. */
  pending: Set<Request>;
}

export interface WatchOptions {
  /** The site's origin: requests elsewhere are recorded in `foreign`. */
  origin?: string;
  /** Refuse those requests too (an attacker's page must not reach them even once). */
  abort?: boolean;
  /** Requests elsewhere that are expected (a stand-in host), neither recorded nor refused. */
  expected?: (url: URL) => boolean;
}

/** Starts watching `context`: call it before the context opens a page. */
export async function watchContext(context: BrowserContext, options: WatchOptions = {}): Promise<Watch> {
  const watch: Watch = { violations: [], foreign: [], pending: new Set() };
  // Registered before any page exists, so no request of the context is missed.
  context.on('request', (r) => watch.pending.add(r));
  context.on('requestfinished', (r) => watch.pending.delete(r));
  context.on('requestfailed', (r) => watch.pending.delete(r));
  await context.exposeFunction('__reportCsp', (line: string) => watch.violations.push(line));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportCsp(l: string): void }).__reportCsp(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  context.on('console', (m) => {
    if (/Content[- ]Security[- ]Policy/i.test(m.text())) watch.violations.push(`console: ${m.text()}`);
  });
  const { origin, abort = false, expected = () => false } = options;
  if (origin !== undefined) {
    const elsewhere = (u: URL) => /^https?:$/.test(u.protocol) && u.origin !== origin && !expected(u);
    if (abort) {
      await context.route(elsewhere, async (route) => {
        watch.foreign.push(route.request().url());
        await route.abort();
      });
    } else {
      context.on('request', (r) => {
        if (elsewhere(new URL(r.url()))) watch.foreign.push(r.url());
      });
    }
  }
  return watch;
}

/**
 * Waits until every request the page has started is over and every violation it has raised is in `violations`: two
 * frames drawn and their tasks run (so loads that style and layout start have started), no request of the context
 * pending, then a marker sent through the same binding as the reports arrives after all of them. Not the page's
 * `networkidle` state: once reached at load, waiting for it again returns at once, whatever is in flight.
 */
export async function settled(page: Page, watch: Pick<Watch, 'violations' | 'pending'>): Promise<void> {
  const { violations, pending } = watch;
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 0)))));
  await expect.poll(() => [...pending].map((r) => r.url()), { timeout: 30_000 }).toEqual([]);
  await page.evaluate(() => (window as unknown as { __reportCsp(l: string): void }).__reportCsp('(settled)'));
  await expect.poll(() => violations.includes('(settled)')).toBe(true);
  violations.splice(violations.indexOf('(settled)'), 1);
}
