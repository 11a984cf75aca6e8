/**
 * No command breaks another (issue "Adoption", item 3): a test build never
 * touches the checkout's caches, `dist/` or `postmortems/`, and the sequence
 * that used to break a real build — build, replace the postmortems, run a
 * test build, build again — succeeds.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, createSite, ROOT, validPostmortem } from '../helpers/site.ts';

/** What a test build must never change in the checkout: existence and modification time of each path. */
const GUARDED = ['.astro', 'dist', 'node_modules/.astro', 'node_modules/.vite', 'postmortems'];
function snapshot(root: string): string {
  return GUARDED.map((p) => {
    const abs = join(root, p);
    if (!existsSync(abs)) return `${p}: absent`;
    const entries = statSync(abs).isDirectory() ? readdirSync(abs, { recursive: true }).length : 0;
    return `${p}: ${statSync(abs).mtimeMs} ${entries}`;
  }).join('\n');
}

describe('isolation of builds', () => {
  it('build → replace the postmortems → test build → build: the last build succeeds with the new content only', async () => {
    // An organisation's checkout with postmortems of its own, its own node_modules of links and its own caches.
    const checkout = createSite({
      'postmortems/2024-01-10-first.mdx': validPostmortem((t) =>
        t.replace('title: Checkout latency after cache flush', 'title: First incident').replaceAll('2024-03-02', '2024-01-10'),
      ),
      'postmortems/2024-02-20-second.mdx': validPostmortem((t) =>
        t.replace('title: Checkout latency after cache flush', 'title: Second incident').replaceAll('2024-03-02', '2024-02-20'),
      ),
    });
    const first = await build(checkout.dir);
    expect(first.code, first.output).toBe(0);
    expect(existsSync(join(checkout.dir, 'node_modules/.astro'))).toBe(true);

    // The organisation replaces the samples with its own postmortem.
    rmSync(join(checkout.dir, 'postmortems'), { recursive: true, force: true });
    checkout.write('postmortems/2024-03-02-cache-flush.mdx', validPostmortem());

    // A test build, as the test suite runs it, while the checkout keeps its caches.
    const before = snapshot(ROOT);
    const test = createSite({ 'postmortems/2024-03-02-good.mdx': validPostmortem() });
    expect((await build(test.dir)).code).toBe(0);
    expect(snapshot(ROOT)).toBe(before);
    expect(existsSync(join(test.dir, 'node_modules/.astro'))).toBe(true);
    rmSync(test.dir, { recursive: true, force: true });

    const last = await build(checkout.dir);
    expect(last.code, last.output).toBe(0);
    // Postmortem pages only: not the list's filter files (`filters/`) or further list pages (`2/`…).
    expect(
      readdirSync(join(checkout.dir, 'dist/postmortems'))
        .filter((n) => !n.endsWith('.html') && n !== 'filters' && !/^\d+$/.test(n))
        .sort(),
    ).toEqual(['2024-03-02-cache-flush']);
    rmSync(checkout.dir, { recursive: true, force: true });
    // Three builds in a row: a cap for a loaded machine, not a measure.
  }, 360_000);
});
