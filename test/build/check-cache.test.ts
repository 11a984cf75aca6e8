/**
 * The loader keeps each file's check between runs (src/integration/check-cache.ts): a second build re-checks only
 * what could have changed, and every change that matters — the file, the configuration, an image it shows, the
 * set of ids a `related` list names — is checked again and published as on a first build.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build, createSite, validPostmortem } from '../helpers/site.ts';

const PNG = readFileSync(new URL('../rules/fixtures/image-source/ok-png-beside/postmortems/error-rate.png', import.meta.url));

/** The loader's count of the files it checked this run; its line must be there. */
function checkedCount(output: string, total: number): number {
  const m = /Checked (\d+) postmortems?(?:; (\d+) unchanged since the last run reused)?\./.exec(output);
  expect(m, output).not.toBeNull();
  expect(Number(m![1]) + Number(m![2] ?? 0)).toBe(total);
  return Number(m![1]);
}

describe('the check cache between builds', () => {
  it('re-checks only changed files, and whatever a file depends on', async () => {
    const withWarning = validPostmortem((t) => t.replace('A cache flush slowed checkout for an hour.', 'A cache flush slowed checkout for an hour. The rollout plan was sloppy.'));
    const site = createSite({
      'postmortems/2024-03-02-one.mdx': validPostmortem(),
      'postmortems/2024-03-02-two.mdx': withWarning.replace('title: Checkout latency after cache flush', 'title: Second incident'),
      'postmortems/2024-03-02-three.mdx': validPostmortem((t) => t.replace('title: Checkout latency after cache flush', 'title: Third incident').replace('A cache flush slowed checkout for an hour.', 'A cache flush slowed checkout for an hour.\n\n![Error rate](./error-rate.png)')),
      'postmortems/error-rate.png': PNG as unknown as string,
    });
    const env = { POSTMORTEMS_SEARCH: 'off' };
    const page = (id: string) => readFileSync(join(site.dir, `dist/postmortems/${id}/index.html`), 'utf8');

    const first = await build(site.dir, env);
    expect(first.code, first.output).toBe(0);
    expect(checkedCount(first.output, 3)).toBe(3);
    const before = page('2024-03-02-one');

    // Nothing changed: nothing is checked, the warning is still reported, the pages are the same.
    const second = await build(site.dir, env);
    expect(second.code, second.output).toBe(0);
    expect(checkedCount(second.output, 3)).toBe(0);
    expect(second.output).toMatch(/2024-03-02-two\.mdx:\d+:\d+ {2}.*blameless\/language/);
    expect(page('2024-03-02-one')).toBe(before);
    expect(page('2024-03-02-three')).toMatch(/<img src="\/postmortem-images\/[0-9a-f]{20}\.png"/);

    // One file edited: that one is checked and its page shows the edit.
    site.write('postmortems/2024-03-02-one.mdx', validPostmortem((t) => t.replace('A cache flush slowed checkout for an hour.', 'An edited summary sentence.')));
    const third = await build(site.dir, env);
    expect(third.code, third.output).toBe(0);
    expect(checkedCount(third.output, 3)).toBe(1);
    expect(page('2024-03-02-one')).toContain('An edited summary sentence.');

    // The image changed, not the postmortem: the file that shows it is checked again and the new bytes published.
    const oldImage = /\/postmortem-images\/([0-9a-f]{20})\.png/.exec(page('2024-03-02-three'))![1];
    site.write('postmortems/error-rate.png', Buffer.concat([PNG, Buffer.from('extra')]) as unknown as string);
    const fourth = await build(site.dir, env);
    expect(fourth.code, fourth.output).toBe(0);
    expect(checkedCount(fourth.output, 3)).toBe(1);
    expect(page('2024-03-02-three')).not.toContain(oldImage);

    // The configuration changed: everything is checked again.
    site.write('postmortems.config.ts', readFileSync(join(site.dir, 'postmortems.config.ts'), 'utf8').replace(/title: '([^']*)'/, "title: '$1 (renamed)'"));
    const fifth = await build(site.dir, env);
    expect(fifth.code, fifth.output).toBe(0);
    expect(checkedCount(fifth.output, 3)).toBe(3);
  });

  it('a file that named a missing id is checked again once that id exists, and a failed build still fails from the cache', async () => {
    const site = createSite({
      'postmortems/2024-03-02-one.mdx': validPostmortem((t) => t.replace('services: [checkout-api]', 'services: [checkout-api]\nrelated: [2024-03-05-later]')),
    });
    const env = { POSTMORTEMS_SEARCH: 'off' };
    const failed = await build(site.dir, env);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain('related/unknown');
    // Unchanged: the error comes from the cache, and the build still fails on it.
    const again = await build(site.dir, env);
    expect(again.code).not.toBe(0);
    expect(again.output).toContain('related/unknown');
    expect(checkedCount(again.output, 1)).toBe(0);

    site.write('postmortems/2024-03-05-later.mdx', validPostmortem((t) => t.replace('title: Checkout latency after cache flush', 'title: Later incident').replaceAll('2024-03-02', '2024-03-05')));
    const fixed = await build(site.dir, env);
    expect(fixed.code, fixed.output).toBe(0);
    expect(checkedCount(fixed.output, 2)).toBe(2);
    expect(readFileSync(join(site.dir, 'dist/postmortems/2024-03-02-one/index.html'), 'utf8')).toContain('/postmortems/2024-03-05-later/');
  });
});
