/**
 * The search index step (`src/integration/pagefind/`) with the real Pagefind: every postmortem page lands in exactly
 * one shard, the main bundle lists the others, and the folder of linked pages Pagefind reads is gone afterwards
 * (it sits beside `dist/`, never inside it, so nothing extra is published).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { buildSearchIndex } from '../../packages/astro-postmortems/src/integration/pagefind/index.ts';

const root = mkdtempSync(join(tmpdir(), 'pm-search-index-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('indexes each postmortem page in one shard, lists the shards, and leaves nothing beside dist/', async () => {
  const dist = join(root, 'dist');
  const ids = ['2024-01-01-alpha', '2024-02-02-bravo', '2024-03-03-charlie', '2024-04-04-delta', '2024-05-05-echo'];
  for (const id of ids) {
    mkdirSync(join(dist, 'postmortems', id), { recursive: true });
    writeFileSync(
      join(dist, 'postmortems', id, 'index.html'),
      `<!doctype html><html lang="en"><body><nav>Menu</nav><article data-pagefind-body><h1>${id}</h1><p>Words about ${id.slice(11)} and latency.</p></article></body></html>`,
    );
  }
  // Not a postmortem page: not indexed.
  mkdirSync(join(dist, 'postmortems', '2'), { recursive: true });
  writeFileSync(
    join(dist, 'postmortems', '2', 'index.html'),
    '<!doctype html><html lang="en"><body data-pagefind-body><p>List page</p></body></html>',
  );
  const logged: string[] = [];
  await buildSearchIndex(pathToFileURL(`${dist}/`), { info: (m) => logged.push(m) }, { shardSize: 2 });

  expect(JSON.parse(readFileSync(join(dist, 'pagefind', 'shards.json'), 'utf8'))).toEqual(['pagefind-shard-2/', 'pagefind-shard-3/']);
  const counts = ['pagefind', 'pagefind-shard-2', 'pagefind-shard-3'].map((bundle) => {
    const entry = JSON.parse(readFileSync(join(dist, bundle, 'pagefind-entry.json'), 'utf8')) as {
      languages: Record<string, { page_count: number }>;
    };
    return Object.values(entry.languages).reduce((sum, l) => sum + l.page_count, 0);
  });
  expect(counts).toEqual([2, 2, 1]);
  expect(logged.join('\n')).toContain('Pagefind indexed 5 pages in 3 shards of at most 2.');
  // Only dist/ beside it: the linked pages were removed.
  expect(readdirSync(root)).toEqual(['dist']);
});
