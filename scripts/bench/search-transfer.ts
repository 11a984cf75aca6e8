/**
 * What one search costs a reader: the bytes a browser fetches from
 * `/pagefind/` for a query, from a cold cache, measured with a real query in
 * Chromium against `astro preview` of the built site. The query loads what
 * the site's search needs: Pagefind's script, entry file, WebAssembly, the
 * metadata, the filter lists, the index chunks for the words, and the
 * fragments of the first page of results (five).
 *
 * When no browser can be launched, `estimateTransfer` adds up the same files
 * from the index on disk, taking the largest chunk and the largest fragments:
 * an upper bound, and reported as such.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from '../shared/browser.ts';
import { SHARD_PREFIX } from '../../packages/astro-postmortems/src/integration/pagefind/index.ts';
import { freePort } from './measure.ts';
import { BIN, toolEnv } from './sites.ts';

export interface QueryTransfer {
  query: string;
  /** Bytes of every response under /pagefind/ and the shards' folders (/pagefind-shard-N/). */
  bytes: number;
  requests: number;
  results: number;
  /** Bytes by kind of file: script, wasm, entry, meta, filter, index, fragment. */
  byKind: Record<string, number>;
}

export interface TransferReport {
  method: 'browser' | 'estimate';
  queries: QueryTransfer[];
  /** The largest transfer among the queries. */
  maxBytes: number;
  note?: string;
}

export const RESULTS_PAGE = 5;

/** The main bundle's folder and the shards' (`/pagefind-shard-2/`…). */
const SEARCH_FILES = new RegExp(`/(?:pagefind|${SHARD_PREFIX}\\d+)/`);

function kindOf(path: string): string {
  if (path.endsWith('.js')) return 'script';
  if (path.includes('wasm')) return 'wasm';
  if (path.endsWith('pagefind-entry.json')) return 'entry';
  if (path.endsWith('.pf_meta')) return 'meta';
  if (path.endsWith('.pf_filter') || path.endsWith('search-filters.json')) return 'filter';
  if (path.endsWith('.pf_index')) return 'index';
  if (path.endsWith('.pf_fragment')) return 'fragment';
  return 'other';
}

async function waitFor(url: string, seconds = 60): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`astro preview did not answer at ${url}`);
}

/** Runs each query in a fresh browser context (cold cache) against `astro preview` of `siteDir`. */
export async function measureTransfer(siteDir: string, queries: readonly string[]): Promise<TransferReport> {
  const port = await freePort();
  const preview = spawn(join(BIN, 'astro'), ['preview', '--port', String(port), '--host', '127.0.0.1'], {
    cwd: siteDir,
    env: toolEnv(),
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/pagefind/pagefind-entry.json`);
    const browser = await launch();
    try {
      const out: QueryTransfer[] = [];
      for (const query of queries) {
        const context = await browser.newContext();
        const page = await context.newPage();
        const byKind: Record<string, number> = {};
        let bytes = 0;
        let requests = 0;
        const pending: Promise<void>[] = [];
        page.on('requestfinished', (request) => {
          const path = new URL(request.url()).pathname;
          if (!SEARCH_FILES.test(path) && !path.endsWith('/search-filters.json')) return;
          pending.push(
            request.sizes().then((s) => {
              requests++;
              bytes += s.responseBodySize;
              const kind = kindOf(path);
              byKind[kind] = (byKind[kind] ?? 0) + s.responseBodySize;
            }),
          );
        });
        // A page of the site without the search UI, so only the query's own requests are counted.
        await page.goto(`${base}/404.html`).catch(() => page.goto(base));
        const results = await page.evaluate(
          async ({ query, pageSize }) => {
            // As the site's search UI loads it (`loadPagefind` in src/lib/client/search.ts): the main bundle, then every
            // shard of a large index merged into it, so a query reads the index chunks of all of them.
            const pagefind = await import(/* @vite-ignore */ `${location.origin}/pagefind/pagefind.js`);
            await pagefind.options({ baseUrl: '/', excerptLength: 24 });
            await pagefind.init();
            const shards = (await fetch(`${location.origin}/pagefind/shards.json`).then(
              (r) => (r.ok ? r.json() : []),
              () => [],
            )) as string[];
            for (const shard of shards) await pagefind.mergeIndex(`/${shard}`);
            // As the site's search UI does: the filter values come from the site's own small file, not Pagefind's filters().
            await fetch(`${location.origin}/search-filters.json`).then((r) => r.json());
            const search = await pagefind.search(query);
            await Promise.all(search.results.slice(0, pageSize).map((r: { data(): Promise<unknown> }) => r.data()));
            return search.results.length as number;
          },
          { query, pageSize: RESULTS_PAGE },
        );
        await Promise.all(pending);
        out.push({ query, bytes, requests, results, byKind });
        await context.close();
      }
      return { method: 'browser', queries: out, maxBytes: Math.max(...out.map((q) => q.bytes)) };
    } finally {
      await browser.close();
    }
  } finally {
    preview.kill('SIGTERM');
  }
}

/** Upper bound from the files: script, entry, wasm, meta, all filters, the largest index chunk, the five largest fragments. */
export function estimateTransfer(distDir: string, note: string): TransferReport {
  const dir = join(distDir, 'pagefind');
  const sizes = (sub: string, test: (name: string) => boolean) =>
    existsSync(join(dir, sub))
      ? readdirSync(join(dir, sub))
          .filter(test)
          .map((f) => statSync(join(dir, sub, f)).size)
      : [];
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const byKind: Record<string, number> = {
    script: sum(sizes('', (f) => f === 'pagefind.js')),
    entry: sum(sizes('', (f) => f === 'pagefind-entry.json')),
    wasm: Math.max(0, ...sizes('', (f) => f.startsWith('wasm.') && f.endsWith('.pagefind'))),
    meta: Math.max(0, ...sizes('', (f) => f.endsWith('.pf_meta'))),
    filter: sum(sizes('filter', () => true)),
    index: Math.max(0, ...sizes('index', () => true)),
    fragment: sum(
      sizes('fragment', () => true)
        .sort((a, b) => b - a)
        .slice(0, RESULTS_PAGE),
    ),
  };
  const bytes = sum(Object.values(byKind));
  return { method: 'estimate', queries: [{ query: '(largest chunk)', bytes, requests: 0, results: 0, byKind }], maxBytes: bytes, note };
}
