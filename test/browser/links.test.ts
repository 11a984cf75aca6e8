/** A link check of the built site: every internal href and src answers, and every #fragment exists. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { url } from './site.ts';
import { shownHtml } from '../helpers/shown-html.ts';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'pagefind' ? [] : htmlFiles(path);
    return e.name.endsWith('.html') ? [path] : [];
  });
}

const decode = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");

describe('links', () => {
  it('finds no broken internal link, asset or fragment in the built site', async () => {
    const dist = inject('siteDist');
    const site = new URL(url());
    const pages = htmlFiles(dist);
    expect(pages.length).toBeGreaterThan(20);
    const ids = new Map<string, Set<string>>();
    const checked = new Map<string, number>();
    const broken: string[] = [];

    const idsOf = async (target: URL): Promise<Set<string>> => {
      const key = target.pathname;
      if (!ids.has(key)) {
        const html = await (await fetch(target)).text();
        ids.set(key, new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => decode(m[1]!))));
      }
      return ids.get(key)!;
    };

    for (const file of pages) {
      const rel = relative(dist, file).split('\\').join('/');
      const pagePath = rel === '404.html' ? 'no-such-page/' : rel.replace(/index\.html$/, '');
      const pageUrl = new URL(pagePath, site);
      const html = shownHtml(readFileSync(file, 'utf8'));
      const refs = [...html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => decode(m[1]!));
      for (const ref of refs) {
        if (/^(mailto:|tel:|data:|javascript:)/i.test(ref)) continue;
        const target = new URL(ref, pageUrl);
        if (target.origin !== site.origin) continue;
        if (!target.pathname.startsWith(site.pathname)) {
          broken.push(`${rel}: ${ref} is outside the base path ${site.pathname}`);
          continue;
        }
        const fragment = decodeURIComponent(target.hash.slice(1));
        if (target.pathname === pageUrl.pathname) {
          // A link within the page (the 404 page is served with status 404 at any address).
          if (fragment && !new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => decode(m[1]!))).has(fragment))
            broken.push(`${rel}: ${ref} → no element with id "${fragment}"`);
          continue;
        }
        const resource = `${target.origin}${target.pathname}`;
        if (!checked.has(resource)) checked.set(resource, (await fetch(resource)).status);
        if (checked.get(resource) !== 200) {
          broken.push(`${rel}: ${ref} → HTTP ${checked.get(resource)}`);
          continue;
        }
        if (fragment && !(await idsOf(target)).has(fragment)) broken.push(`${rel}: ${ref} → no element with id "${fragment}"`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked.size).toBeGreaterThan(30);
  });
});
