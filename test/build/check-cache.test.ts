/**
 * The check cache between real `astro build`s (src/integration/check-cache.ts): a second build re-checks only the
 * file that changed, and the pages of the files it reused come out the same, through Astro's own store. Which change
 * makes which file be checked again (the configuration, the site's origin, an image, the set of ids, a failed build
 * failing again from the cache, drafts) is proved against a fake loader context in test/loader/loader.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { build, createSite, validPostmortem } from '../helpers/site.ts';

const PNG = readFileSync(new URL('../rules/fixtures/image-source/ok-png-beside/postmortems/error-rate.png', import.meta.url));

/** The loader's count of the files it checked this run; its line must be there. */
function checkedCount(output: string, total: number): number {
  const m = /Checked (\d+) postmortems?(?:; (\d+) unchanged since the last run reused)?\./.exec(output);
  expect(m, output).not.toBeNull();
  expect(Number(m![1]) + Number(m![2] ?? 0)).toBe(total);
  return Number(m![1]);
}

it('a second build re-checks only the edited file, and publishes the reused ones as before', async () => {
  const withWarning = validPostmortem((t) =>
    t.replace('A cache flush slowed checkout for an hour.', 'A cache flush slowed checkout for an hour. The rollout plan was sloppy.'),
  );
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
  const env = { POSTMORTEMS_SEARCH: 'off' };
  const page = (id: string) => readFileSync(join(site.dir, `dist/postmortems/${id}/index.html`), 'utf8');

  const first = await build(site.dir, env);
  expect(first.code, first.output).toBe(0);
  expect(checkedCount(first.output, 3)).toBe(3);
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
});
