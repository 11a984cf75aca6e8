/**
 * The content loader's reuse, check and store logic (src/integration/loader.ts) against a fake loader context
 * (test/helpers/loader-context.ts): a real folder of postmortems, the real checker, renderer and caches, and a watcher
 * driven by hand. What needs Astro itself (the store reaching pages, the dev server's reloads) is proved by one build
 * and one dev run in test/build/check-cache.test.ts and test/build/dev.test.ts.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../packages/astro-postmortems/src/core/config.ts';
import { readArticle } from '../../packages/astro-postmortems/src/integration/article-cache.ts';
import { problemsAt, withLiveEntries } from '../../packages/astro-postmortems/src/integration/dev-session.ts';
import {
  keptVersions,
  MAX_CHECKS,
  postmortemLoader,
  startSession,
  sync,
  watch,
} from '../../packages/astro-postmortems/src/integration/loader.ts';
import { renderedOf } from '../../packages/astro-postmortems/src/integration/rendered-entry.ts';
import { fakeLoaderContext, tempProject } from '../helpers/loader-context.ts';
import { LOADER_RENDER_MODULE, renderControl } from '../helpers/loader-render.ts';
import { validPostmortem } from '../helpers/site.ts';

const PNG = readFileSync(new URL('../rules/fixtures/image-source/ok-png-beside/postmortems/error-rate.png', import.meta.url));
const config = resolveConfig({});

// The check cache and its signing key live in the user's cache folder: the tests' own.
let cacheHome: string;
let xdg: string | undefined;
beforeAll(() => {
  cacheHome = mkdtempSync(join(tmpdir(), 'loader-cache-'));
  xdg = process.env['XDG_CACHE_HOME'];
  process.env['XDG_CACHE_HOME'] = cacheHome;
});
afterAll(() => {
  if (xdg === undefined) delete process.env['XDG_CACHE_HOME'];
  else process.env['XDG_CACHE_HOME'] = xdg;
  rmSync(cacheHome, { recursive: true, force: true });
});

const projects: { remove(): void }[] = [];
afterAll(() => projects.forEach((p) => p.remove()));
function project(files: Record<string, string | Uint8Array>) {
  const p = tempProject(files);
  projects.push(p);
  return p;
}

const titled = (title: string, patch: (t: string) => string = (t) => t) =>
  validPostmortem((t) => patch(t.replace('title: Checkout latency after cache flush', `title: ${title}`)));
const withSentence = (sentence: string) => (t: string) =>
  t.replace('A cache flush slowed checkout for an hour.', `A cache flush slowed checkout for an hour. ${sentence}`);
const withImage = withSentence('\n\n![Error rate](./error-rate.png)');

/** A build's load (no watcher) on a new context, as each `astro build` is. */
async function load(root: string, options: { site?: string } = {}, cfg = config) {
  const fake = fakeLoaderContext(root, cfg, options);
  await postmortemLoader(cfg).load(fake.ctx);
  return fake;
}

/** How many files the load checked (the rest it reused); its line must be there and count them all. */
function checked(logs: readonly string[], total: number): number {
  const m = logs.map((l) => /^info: Checked (\d+) postmortems?(?:; (\d+) unchanged since the last run reused)?\.$/.exec(l)).find(Boolean);
  expect(m, logs.join('\n')).toBeTruthy();
  expect(Number(m![1]) + Number(m![2] ?? 0)).toBe(total);
  return Number(m![1]);
}

const articleOf = (entry: Parameters<typeof renderedOf>[0] | undefined) => readArticle(renderedOf(entry ?? {}).article ?? '');
const imageOf = (entry: Parameters<typeof renderedOf>[0] | undefined) => renderedOf(entry ?? {}).images.map((i) => i.name);

describe('the loader between builds (the check cache)', () => {
  it('checks every file on a first load and afterwards only what changed or what a file depends on', async () => {
    const p = project({
      'postmortems/2024-03-02-one.mdx': validPostmortem(),
      'postmortems/2024-03-02-two.mdx': titled('Second incident', withSentence('The rollout plan was sloppy.')),
      'postmortems/2024-03-02-three.mdx': titled('Third incident', withImage),
      'postmortems/error-rate.png': PNG,
    });
    const first = await load(p.root);
    expect(checked(first.logs, 3)).toBe(3);
    expect([...first.entries.keys()].sort()).toEqual(['2024-03-02-one', '2024-03-02-three', '2024-03-02-two']);
    expect(articleOf(first.entries.get('2024-03-02-one'))).toContain('A cache flush slowed checkout for an hour.');
    expect(imageOf(first.entries.get('2024-03-02-three'))).toEqual([expect.stringMatching(/^[0-9a-f]{20}\.png$/)]);

    // Nothing changed: nothing is checked, the warning is reported again, the entries are the same.
    const second = await load(p.root);
    expect(checked(second.logs, 3)).toBe(0);
    expect(second.logs.join('\n')).toMatch(/warn: .*2024-03-02-two\.mdx:\d+:\d+ {2}.*blameless\/language/);
    expect(second.entries.get('2024-03-02-one')).toEqual(first.entries.get('2024-03-02-one'));
    expect(articleOf(second.entries.get('2024-03-02-three'))).toBe(articleOf(first.entries.get('2024-03-02-three')));

    // One file edited: that one is checked, and its entry has the edit.
    p.write(
      'postmortems/2024-03-02-one.mdx',
      validPostmortem((t) => t.replace('A cache flush slowed checkout for an hour.', 'An edited summary sentence.')),
    );
    const third = await load(p.root);
    expect(checked(third.logs, 3)).toBe(1);
    expect(articleOf(third.entries.get('2024-03-02-one'))).toContain('An edited summary sentence.');

    // The image changed, not the postmortem: the file that shows it is checked again and the new bytes published.
    p.write('postmortems/error-rate.png', Buffer.concat([PNG, Buffer.from('extra')]));
    const fourth = await load(p.root);
    expect(checked(fourth.logs, 3)).toBe(1);
    expect(imageOf(fourth.entries.get('2024-03-02-three'))).not.toEqual(imageOf(third.entries.get('2024-03-02-three')));

    // The configuration changed: everything is checked again.
    const renamed = resolveConfig({ title: 'Renamed' });
    expect(checked((await load(p.root, {}, renamed)).logs, 3)).toBe(3);
    expect(checked((await load(p.root, {}, renamed)).logs, 3)).toBe(0);
  });

  it("checks everything again when the site's origin changes (links are decided against the page's URL)", async () => {
    const p = project({ 'postmortems/2024-03-02-one.mdx': validPostmortem(), 'postmortems/2024-03-02-two.mdx': titled('Second incident') });
    expect(checked((await load(p.root, { site: 'https://one.example' })).logs, 2)).toBe(2);
    expect(checked((await load(p.root, { site: 'https://one.example' })).logs, 2)).toBe(0);
    expect(checked((await load(p.root, { site: 'https://two.example' })).logs, 2)).toBe(2);
    expect(checked((await load(p.root)).logs, 2)).toBe(2);
  });

  it('fails a build from the cache too, and checks a file naming a missing id again once that id exists', async () => {
    const p = project({
      'postmortems/2024-03-02-one.mdx': validPostmortem((t) =>
        t.replace('services: [checkout-api]', 'services: [checkout-api]\nrelated: [2024-03-05-later]'),
      ),
    });
    await expect(load(p.root)).rejects.toThrow(/related\/unknown/);
    const again = fakeLoaderContext(p.root, config);
    await expect(postmortemLoader(config).load(again.ctx)).rejects.toThrow(/related\/unknown/);
    expect(checked(again.logs, 1)).toBe(0);

    p.write(
      'postmortems/2024-03-05-later.mdx',
      titled('Later incident', (t) => t.replaceAll('2024-03-02', '2024-03-05')),
    );
    const fixed = await load(p.root);
    expect(checked(fixed.logs, 2)).toBe(2);
    expect(fixed.entries.get('2024-03-02-one')?.data['related']).toEqual(['2024-03-05-later']);
  });

  it('checks a file refused for an image again once the image is there, and one whose image went bad', async () => {
    const chart = (t: string) =>
      t.replace('A cache flush slowed checkout for an hour.', 'A cache flush slowed checkout for an hour.\n\n![Chart](./chart.png)');
    const p = project({
      'postmortems/2024-03-02-one.mdx': validPostmortem(chart),
      'postmortems/2024-03-02-two.mdx': titled('Second incident', (t) => withImage(chart(t))),
      'postmortems/error-rate.png': PNG,
    });
    await expect(load(p.root)).rejects.toThrow(/`\.\/chart\.png` that does not exist/);
    // Nothing changed: both failures come from the cache.
    const again = fakeLoaderContext(p.root, config);
    await expect(postmortemLoader(config).load(again.ctx)).rejects.toThrow(/`\.\/chart\.png` that does not exist/);
    expect(checked(again.logs, 2)).toBe(0);

    // The image two shows goes bad: two is checked again; one, which wants only the missing chart, is reused.
    p.write('postmortems/error-rate.png', Buffer.from('not a PNG'));
    const bad = fakeLoaderContext(p.root, config);
    await expect(postmortemLoader(config).load(bad.ctx)).rejects.toThrow(/`\.\/error-rate\.png`: its bytes are not a \.png image/);
    expect(checked(bad.logs, 2)).toBe(1);

    // Both images there: neither failure is reused, and both are published.
    p.write('postmortems/error-rate.png', PNG);
    p.write('postmortems/chart.png', PNG);
    const fixed = await load(p.root);
    expect(checked(fixed.logs, 2)).toBe(2);
    expect([...fixed.entries.keys()].sort()).toEqual(['2024-03-02-one', '2024-03-02-two']);
    expect(imageOf(fixed.entries.get('2024-03-02-two'))).toHaveLength(1);
    // And reused as they are on the next build.
    expect(checked((await load(p.root)).logs, 2)).toBe(0);
  });

  it('leaves a draft out of a build, says so, and keeps the collection (empty) in the store', async () => {
    const p = project({ 'postmortems/2024-03-02-draft.mdx': validPostmortem((t) => t.replace('status: published', 'status: draft')) });
    const build = await load(p.root);
    expect(build.entries.size).toBe(0);
    expect(build.logs).toContainEqual(expect.stringMatching(/^info: Left out 1 draft .*2024-03-02-draft\.$/));
    // Reused from the cache, it is left out the same way.
    const again = await load(p.root);
    expect(checked(again.logs, 1)).toBe(0);
    expect(again.logs).toContainEqual(expect.stringMatching(/^info: Left out 1 draft/));
  });
});

describe('the loader in dev (watcher events)', () => {
  const good = 'postmortems/2024-03-02-good.mdx';
  const other = 'postmortems/2024-03-02-other.mdx';
  /** A dev session over one good postmortem, its first load done by hand and rendered by the controllable renderer. */
  async function firstLoad() {
    const p = project({ [good]: validPostmortem() });
    const dev = fakeLoaderContext(p.root, config, { watch: true });
    const session = startSession(dev.ctx, config);
    session.render = { ...session.render, module: LOADER_RENDER_MODULE };
    await sync(session);
    return { p, dev, session };
  }
  const live = (id: string) =>
    withLiveEntries<{ id: string }>([{ id }]).find((e) => e.id === id) as Parameters<typeof renderedOf>[0] | undefined;

  it('serves an edit, a bad save, its fix, a delete and a rename through the same sync, at once', async () => {
    const p = project({ [good]: validPostmortem(), [other]: titled('Other incident') });
    const dev = fakeLoaderContext(p.root, config, { watch: true });
    await postmortemLoader(config).load(dev.ctx);
    expect(dev.watched).toEqual([join(p.root, 'postmortems') + '/']);
    expect(dev.entries.size).toBe(2);
    /** Saves the good postmortem, changed by `patch`, and lets the watcher see it. */
    const save = (patch?: (t: string) => string) => dev.fire('change', p.write(good, validPostmortem(patch)));

    // An edit: stored, and published to the pages before Astro's store file catches up.
    await save(withSentence('Edited marker sentence.'));
    expect(articleOf(dev.entries.get('2024-03-02-good'))).toContain('Edited marker sentence.');
    expect(articleOf(live('2024-03-02-good'))).toContain('Edited marker sentence.');
    expect(dev.logs).toContain(`info: Reloaded ${good}`);

    // A bad save: reported, left out (store and pages), its problems shown at its URL.
    dev.logs.length = 0;
    await save((t) => t.replace('## Timeline', '## Timelines'));
    expect(dev.entries.has('2024-03-02-good')).toBe(false);
    expect(live('2024-03-02-good')).toBeUndefined();
    expect(dev.logs.join('\n')).toMatch(/error: .*2024-03-02-good\.mdx:\d+:1 {2}Missing required section `## Timeline`.*sections\/missing/);
    expect(dev.logs).toContain(`error: ${good} is left out of the site until its errors are fixed.`);
    expect(problemsAt('/postmortems/2024-03-02-good/')?.messages.map((m) => m.rule)).toContain('sections/missing');

    // Fixed: back, and its problems gone.
    await save();
    expect(dev.entries.has('2024-03-02-good')).toBe(true);
    expect(live('2024-03-02-good')).toBeDefined();
    expect(problemsAt('/postmortems/2024-03-02-good/')).toBeUndefined();

    // A save with an expression: withdrawn, reported as the text it is, never evaluated.
    await save((t) => t.replace('## Business Impact', '{process.env.HOME}\n\n## Business Impact'));
    expect(dev.entries.has('2024-03-02-good')).toBe(false);
    expect(dev.logs.join('\n')).toMatch(/2024-03-02-good\.mdx:\d+:1 {2}Unexpected JavaScript expression `\{process\.env\.HOME\}`/);
    expect(dev.logs.join('\n')).not.toContain(process.env['HOME'] ?? '/root');
    expect(problemsAt('/postmortems/2024-03-02-good/')?.messages.map((m) => m.rule)).toContain('mdx/no-expression');
    await save();
    expect(dev.entries.has('2024-03-02-good')).toBe(true);

    // Renamed: the old id leaves, the new one arrives (an unlink and an add).
    const renamed = 'postmortems/2024-03-02-renamed.mdx';
    renameSync(join(p.root, other), join(p.root, renamed));
    await dev.fire('unlink', join(p.root, other));
    await dev.fire('add', join(p.root, renamed));
    expect([...dev.entries.keys()].sort()).toEqual(['2024-03-02-good', '2024-03-02-renamed']);
    expect(live('2024-03-02-other')).toBeUndefined();
    expect(live('2024-03-02-renamed')).toBeDefined();

    // Deleted: gone from the store and the pages.
    rmSync(join(p.root, good));
    await dev.fire('unlink', join(p.root, good));
    expect([...dev.entries.keys()]).toEqual(['2024-03-02-renamed']);
    expect(live('2024-03-02-good')).toBeUndefined();

    // Files that are not postmortems are not the loader's.
    dev.logs.length = 0;
    await dev.fire('change', p.write('README.md', '# not a postmortem'));
    await dev.fire('change', p.write('postmortems/notes.txt', 'not a postmortem'));
    expect(dev.logs).toEqual([]);
  });

  it('a bad file on the first dev load is reported, not fatal, and reused as bad from the cache', async () => {
    const p = project({ [good]: validPostmortem((t) => t.replace('## Timeline', '## Timelines')) });
    const dev = fakeLoaderContext(p.root, config, { watch: true });
    await postmortemLoader(config).load(dev.ctx);
    expect(dev.entries.size).toBe(0);
    expect(problemsAt('/postmortems/2024-03-02-good/')?.path).toBe(good);
    const restart = fakeLoaderContext(p.root, config, { watch: true });
    await postmortemLoader(config).load(restart.ctx);
    expect(checked(restart.logs, 1)).toBe(0);
    expect(problemsAt('/postmortems/2024-03-02-good/')?.path).toBe(good);
  });

  it('an image changed or added: the postmortems that show it, or wanted it, are checked again', async () => {
    const p = project({
      [good]: validPostmortem(withImage),
      'postmortems/error-rate.png': PNG,
      [other]: titled('Other incident', (t) =>
        t.replace('A cache flush slowed checkout for an hour.', 'A cache flush slowed checkout for an hour.\n\n![Chart](./chart.png)'),
      ),
    });
    const dev = fakeLoaderContext(p.root, config, { watch: true });
    await postmortemLoader(config).load(dev.ctx);
    const before = imageOf(dev.entries.get('2024-03-02-good'));
    expect(before).toHaveLength(1);
    expect(dev.entries.has('2024-03-02-other')).toBe(false);

    await dev.fire('change', p.write('postmortems/error-rate.png', Buffer.concat([PNG, Buffer.from('changed')])));
    const after = imageOf(dev.entries.get('2024-03-02-good'));
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    expect(imageOf(live('2024-03-02-good'))).toEqual(after);

    await dev.fire('add', p.write('postmortems/chart.png', PNG));
    expect(dev.entries.has('2024-03-02-other')).toBe(true);
  });

  it('an image gone bad: a postmortem held back by another problem is checked again too, and says so', async () => {
    const held = 'postmortems/2024-03-04-held.mdx';
    const p = project({
      'postmortems/error-rate.png': PNG,
      [held]: titled('Held incident', (t) =>
        withImage(
          t
            .replaceAll('2024-03-02', '2024-03-04')
            .replace('services: [checkout-api]', 'services: [checkout-api]\nrelated: [2024-09-09-nowhere]'),
        ),
      ),
    });
    const dev = fakeLoaderContext(p.root, config, { watch: true });
    await postmortemLoader(config).load(dev.ctx);
    expect(dev.logs.join('\n')).toMatch(/related\/unknown/);
    expect(dev.logs.join('\n')).not.toMatch(/error-rate\.png/);
    await dev.fire('change', p.write('postmortems/error-rate.png', Buffer.from('not a PNG')));
    expect(dev.logs.join('\n')).toMatch(/2024-03-04-held\.mdx:\d+:\d+ .*`\.\/error-rate\.png`: its bytes are not a \.png image/);
  });

  it('syncs the files saved between the first load and the watcher, which no event names', async () => {
    const { p, dev, session } = await firstLoad();
    expect(dev.entries.has('2024-03-02-other')).toBe(false);
    p.write(good, validPostmortem(withSentence('Saved during the start.')));
    p.write(other, validPostmortem());
    p.write('postmortems/2024-03-02-bad name.mdx', validPostmortem());
    await watch(session, dev.ctx.watcher!);
    expect(articleOf(dev.entries.get('2024-03-02-good'))).toContain('Saved during the start.');
    expect(dev.entries.has('2024-03-02-other')).toBe(true);
    // A file whose name the walk refuses is reported and left out, as on a first load.
    expect(dev.logs).toContainEqual(expect.stringMatching(/^error: postmortems\/2024-03-02-bad name\.mdx is left out/));
  });

  it(`checks a file that keeps changing while it is checked at most ${MAX_CHECKS} times, and does not cache that result`, async () => {
    const { p, dev, session } = await firstLoad();
    await watch(session, dev.ctx.watcher!);
    expect(session.cache.files[good]).toBeDefined();

    const renders = renderControl.renders;
    renderControl.rewrite = true;
    try {
      await dev.fire('change', p.write(good, validPostmortem(withSentence('Saved while checked.'))));
    } finally {
      renderControl.rewrite = false;
    }
    expect(renderControl.renders - renders).toBe(MAX_CHECKS);
    expect(dev.logs).toContainEqual(
      expect.stringMatching(new RegExp(`^warn: ${good} kept changing while it was checked \\(${MAX_CHECKS} times\\)`)),
    );
    expect(session.cache.files[good]).toBeUndefined();

    // The next save is checked once and cached again.
    await dev.fire('change', p.write(good, validPostmortem(withSentence('Saved once.'))));
    expect(renderControl.renders - renders).toBe(MAX_CHECKS + 1);
    expect(session.cache.files[good]).toBeDefined();
    expect(articleOf(dev.entries.get('2024-03-02-good'))).toContain('Saved once.');
  });

  it('reports a failure of the tool itself during an event, keeps the last version and handles the next event', async () => {
    const { p, dev, session } = await firstLoad();
    await watch(session, dev.ctx.watcher!);
    const kept = dev.entries.get('2024-03-02-good');

    renderControl.fail = true;
    try {
      // Resolves: the handler's promise never rejects.
      await expect(dev.fire('change', p.write(good, validPostmortem(withSentence('Not stored.'))))).resolves.toBeUndefined();
    } finally {
      renderControl.fail = false;
    }
    expect(dev.logs).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^error: The postmortem loader stopped on a failure of its own, not of any postmortem: the test made the article cache unwritable ${good} keeps its last checked version`,
        ),
      ),
    );
    expect(dev.entries.get('2024-03-02-good')).toBe(kept);

    await dev.fire('change', p.write(good, validPostmortem(withSentence('Stored now.'))));
    expect(articleOf(dev.entries.get('2024-03-02-good'))).toContain('Stored now.');
  });

  it('names the file when the pass that catches a missed save fails on a failure of the tool itself', async () => {
    const { p, dev, session } = await firstLoad();
    await watch(session, dev.ctx.watcher!);
    await dev.fire('change', p.write(good, validPostmortem(withSentence('Seen by the watcher.'))));
    // Saved again with no event (the watcher missed it): the pass once edits pause finds it, and fails to store it.
    p.write(good, validPostmortem(withSentence('Missed by the watcher.')));
    renderControl.fail = true;
    try {
      await expect.poll(() => dev.logs.filter((l) => l.startsWith('error: ')), { timeout: 30_000 }).toHaveLength(1);
    } finally {
      renderControl.fail = false;
    }
    expect(dev.logs.find((l) => l.startsWith('error: '))).toMatch(
      new RegExp(`the test made the article cache unwritable ${good} keeps its last checked version until it is saved again\\.$`),
    );
    expect(articleOf(dev.entries.get('2024-03-02-good'))).toContain('Seen by the watcher.');
  });
});

describe('what a failed sync says it kept', () => {
  it('names every file, up to five, with the verb agreeing', () => {
    expect(keptVersions(['postmortems/a.mdx'])).toBe('postmortems/a.mdx keeps its last checked version until it is saved again.');
    expect(keptVersions(['a.mdx', 'b.mdx'])).toBe('a.mdx, b.mdx keep their last checked version until they are saved again.');
    expect(keptVersions(['1', '2', '3', '4', '5', '6', '7'])).toBe(
      '1, 2, 3, 4, 5 and 2 more keep their last checked version until they are saved again.',
    );
  });
});
