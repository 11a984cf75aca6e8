/** Shared by the browser tests: the served site, its pages and the sample postmortems behind it. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { inject } from 'vitest';
import { parse } from 'yaml';
import type { Frontmatter } from '../../src/core/frontmatter-schema.ts';
import { FIXTURE_REPOSITORY } from '../helpers/site.ts';

/** A page of the served site, e.g. `url('postmortems/')`. */
export function url(path = ''): string {
  return new URL(path.replace(/^\//, ''), inject('siteUrl')).href;
}

export interface Source {
  id: string;
  path: string;
  data: Frontmatter;
  body: string;
}

/** The test suite's sample postmortems the site was built from (never the checkout's `postmortems/`). */
export function sources(): Source[] {
  const out: Source[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.mdx')) {
        const text = readFileSync(join(dir, e.name), 'utf8');
        const end = text.indexOf('\n---', 3);
        out.push({ id: e.name.slice(0, -4), path: relative(FIXTURE_REPOSITORY, join(dir, e.name)), data: parse(text.slice(4, end)) as Frontmatter, body: text.slice(end + 4) });
      }
    }
  };
  walk(join(FIXTURE_REPOSITORY, 'postmortems'));
  return out;
}

/** The pages every accessibility and keyboard check visits. */
export const PAGES: Record<string, string> = {
  home: '',
  list: 'postmortems/',
  postmortem: 'postmortems/2026-10-08-regional-queue-outage-label-generation/',
  draft: 'postmortems/2026-11-19-auth-service-dns-cutover-token-refresh/',
  'action items': 'action-items/',
  stats: 'stats/',
  services: 'services/',
  service: 'services/checkout-api/',
  tags: 'tags/',
  tag: 'tags/database/',
  search: 'search/',
  'not found': 'no-such-page/',
};

/** A fresh page in its own context (own storage), with console errors collected. */
export async function open(browser: Browser, path: string, options: BrowserContextOptions = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url(path), { waitUntil: 'networkidle' });
  return { page, errors };
}
