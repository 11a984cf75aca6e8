/**
 * Builds in a row on one project, as an organisation's checkout sees them:
 *
 * - the check cache between real `astro build`s (src/integration/check-cache.ts): a second build re-checks only the
 *   file that changed, and the pages of the files it reused come out the same, through Astro's own store. Which change
 *   makes which file be checked again (the configuration, the site's origin, an image, the set of ids, a failed build
 *   failing again from the cache, drafts) is proved against a fake loader context in test/loader/loader.test.ts;
 * - no command breaks another (issue "Adoption", item 3): a test build never touches the checkout's caches, `dist/` or
 *   `postmortems/` (this file's three builds are test builds, made as every site test makes them: the checkout is the
 *   same before the first and after the last), and the sequence that used to break a real build — build, replace the
 *   postmortems, build again — succeeds (on the same project: its builds above are the first "build").
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, sep } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { fingerprint } from '../helpers/fingerprint.ts';
import { build, createSite, ROOT, validPostmortem } from '../helpers/site.ts';

const PNG = readFileSync(new URL('../rules/fixtures/image-source/ok-png-beside/postmortems/error-rate.png', import.meta.url));

/** The loader's count of the files it checked this run; its line must be there. */
function checkedCount(output: string, total: number): number {
  const m = /Checked (\d+) postmortems?(?:; (\d+) unchanged since the last run reused)?\./.exec(output);
  expect(m, output).not.toBeNull();
  expect(Number(m![1]) + Number(m![2] ?? 0)).toBe(total);
  return Number(m![1]);
}

/**
 * What a test build must never change in the checkout: every path under each guarded folder, with its modification
 * time, size and bytes (helpers/fingerprint.ts), so that a file rewritten in place, or replaced deep inside a folder
 * (node_modules/.vite/deps/*), counts. They hold caches and build output, never the dependency tree: cheap to read whole.
 */
const GUARDED = ['.astro', 'dist', 'node_modules/.astro', 'node_modules/.vite', 'postmortems'];
/**
 * Vitest's own results cache, node_modules/.vite/vitest/<hash>/results.json: the runner (of this run, or of any other
 * sharing node_modules) rewrites it at the end of a run, and no build writes there.
 */
const runnerOwn = (guarded: string) => (path: string) => guarded === 'node_modules/.vite' && path.split(sep)[0] === 'vitest';
async function snapshot(root: string): Promise<string> {
  const lines: string[] = [];
  for (const p of GUARDED) {
    const abs = join(root, p);
    lines.push(`${p}: ${existsSync(abs) ? await fingerprint(abs, runnerOwn(p)) : 'absent'}`);
  }
  return lines.join('\n');
}

const withWarning = validPostmortem((t) =>
  t.replace('A cache flush slowed checkout for an hour.', 'A cache flush slowed checkout for an hour. The rollout plan was sloppy.'),
);
// An organisation's checkout with postmortems of its own, its own node_modules of links and its own caches.
const site = createSite({
  'postmortems/2024-03-02-one.mdx': validPostmortem(),
  'postmortems/2024-03-02-two.mdx': withWarning.replace('title: Checkout latency after cache flush', 'title: Second incident'),
  'postmortems/2024-03-02-three.mdx': validPostmortem((t) =>
    t
      .replace('title: Checkout latency after cache flush', 'title: Third incident')
      .replace(
        'A cache flush slowed checkout for an hour.',
        'A cache flush slowed checkout for an hour.\n\n![Error rate](./error-rate.png)',
      ),
  ),
  'postmortems/error-rate.png': PNG as unknown as string,
});
afterAll(() => rmSync(site.dir, { recursive: true, force: true }));
/** The checkout as it was before this file's first build (test builds must leave it as it is). */
const checkout = await snapshot(ROOT);
const env = { POSTMORTEMS_SEARCH: 'off' };
const page = (id: string) => readFileSync(join(site.dir, `dist/postmortems/${id}/index.html`), 'utf8');

it('a second build re-checks only the edited file, and publishes the reused ones as before', async () => {
  const first = await build(site.dir, env);
  expect(first.code, first.output).toBe(0);
  expect(checkedCount(first.output, 3)).toBe(3);
  expect(existsSync(join(site.dir, 'node_modules/.astro'))).toBe(true);
  const before = { three: page('2024-03-02-three') };
  expect(before.three).toMatch(/<img src="\/postmortem-images\/[0-9a-f]{20}\.png"/);

  site.write(
    'postmortems/2024-03-02-one.mdx',
    validPostmortem((t) => t.replace('A cache flush slowed checkout for an hour.', 'An edited summary sentence.')),
  );
  const second = await build(site.dir, env);
  expect(second.code, second.output).toBe(0);
  expect(checkedCount(second.output, 3)).toBe(1);
  expect(page('2024-03-02-one')).toContain('An edited summary sentence.');
  // Reused: the warning is reported again, and the pages show the reused entries (article, image) as before.
  expect(second.output).toMatch(/2024-03-02-two\.mdx:\d+:\d+ {2}.*blameless\/language/);
  expect(page('2024-03-02-two')).toContain('The rollout plan was sloppy.');
  const image = /\/postmortem-images\/[0-9a-f]{20}\.png/.exec(before.three)![0];
  expect(page('2024-03-02-three')).toContain(image);
  expect(readFileSync(join(site.dir, `dist${image}`))).toEqual(PNG);
}, 360_000);

it('build → replace the postmortems → build: the last build succeeds with the new content only, and no test build touched the checkout', async () => {
  // The project was built by the test before (twice, its caches kept). The organisation replaces the samples with its
  // own postmortem.
  expect(existsSync(join(site.dir, 'dist/postmortems/2024-03-02-one/index.html')), 'the builds of the test before').toBe(true);
  rmSync(join(site.dir, 'postmortems'), { recursive: true, force: true });
  site.write('postmortems/2024-03-02-cache-flush.mdx', validPostmortem());

  const last = await build(site.dir, env);
  expect(last.code, last.output).toBe(0);
  // Postmortem pages only: not the list's filter files (`filters/`) or further list pages (`2/`…).
  expect(
    readdirSync(join(site.dir, 'dist/postmortems'))
      .filter((n) => !n.endsWith('.html') && n !== 'filters' && !/^\d+$/.test(n))
      .sort(),
  ).toEqual(['2024-03-02-cache-flush']);
  // The new file's own text (the one it replaced was edited above to say otherwise).
  expect(page('2024-03-02-cache-flush')).toContain('A cache flush slowed checkout for an hour.');
  // Three test builds (their caches in the test site's own node_modules/.astro) left the checkout as it was.
  expect(existsSync(join(site.dir, 'node_modules/.astro'))).toBe(true);
  expect(await snapshot(ROOT)).toBe(checkout);
  // One build: the time limit is a cap for a loaded machine, not a measure.
}, 360_000);
