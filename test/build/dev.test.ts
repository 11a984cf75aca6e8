/**
 * One `astro dev` run proving the wiring that needs Astro: the loader's watcher events reach the pages at once
 * (dev-session.ts's live entries), a left-out file's problems are shown at its URL by the 404 page, similar incidents
 * come from a worker thread Vite can start, and a changed image is served by its route. Which event makes the loader
 * check, store, withdraw or report what (edits, bad saves, fixes, deletes, renames, images, retries, failures) is
 * proved against a fake loader context in test/loader/loader.test.ts.
 */
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { SIMILAR_ON_SERVER_THREAD } from '../../packages/astro-postmortems/src/integration/dev-session.ts';
import { startDevServer, type DevServer } from '../helpers/dev-server.ts';
import { createSite, validPostmortem } from '../helpers/site.ts';

let dev: DevServer | undefined;
let siteDir: string | undefined;
afterAll(() => {
  dev?.stop();
  if (siteDir) rmSync(siteDir, { recursive: true, force: true });
});

it("serves edits at once, shows a bad file's problems at its URL until fixed, refreshes similar incidents off the server thread and serves a changed image", async () => {
  const about = (id: string, words: string) =>
    validPostmortem((t) =>
      t
        .replace('title: Checkout latency after cache flush', `title: Incident ${id}`)
        .replace('A cache flush slowed checkout for an hour.', `A cache flush slowed checkout for an hour. ${words}`),
    );
  const zeppelin = 'Zeppelin hangar turbine ballast gondola rigging.';
  const lighthouse = 'Lighthouse beacon lantern foghorn keeper shoal.';
  const glacier = 'Glacier moraine crevasse serac icefall cirque.';
  const png = readFileSync(new URL('../rules/fixtures/image-source/ok-png-beside/postmortems/error-rate.png', import.meta.url));
  const site = createSite({
    'postmortems/2024-03-02-alpha.mdx': about('alpha', zeppelin),
    'postmortems/2024-03-02-bravo.mdx': about('bravo', zeppelin),
    'postmortems/2024-03-02-charlie.mdx': about('charlie', lighthouse),
    'postmortems/2024-03-02-delta.mdx': about('delta', lighthouse),
    'postmortems/2024-03-02-echo.mdx': about('echo', `${glacier}\n\n![Error rate](./error-rate.png)`),
    'postmortems/error-rate.png': png as unknown as string,
    'postmortems/2024-03-02-later-fixed.mdx': validPostmortem((t) => t.replace('## Timeline', '## Timelines')),
  });
  siteDir = site.dir;
  dev = await startDevServer(site.dir);
  const { base, until, child } = dev;
  const page = (id: string) => fetch(`${base}/postmortems/2024-03-02-${id}/`).then((r) => (r.ok ? r.text() : undefined));
  const status = (path: string) => fetch(base + path).then((r) => r.status);
  const similarOf = (html: string) =>
    [...(html.split('id="similar-incidents"')[1] ?? '').matchAll(/href="\/postmortems\/2024-03-02-(\w+)\/"/g)].map((m) => m[1]);

  // Similar incidents come from a worker the pages do not wait for: they appear once it is done.
  const first = await until('similar incidents on the first page', async () => {
    const html = await page('alpha');
    return html && similarOf(html).length ? html : undefined;
  });
  expect(similarOf(first)).toEqual(['bravo']);

  // A bad file is reported and left out; instead of "Page not found", its URL lists its problems.
  expect(dev.log()).toMatch(/postmortems\/2024-03-02-later-fixed\.mdx:\d+:1 {2}Missing required section `## Timeline`.*sections\/missing/);
  expect(await status('/postmortems/2024-03-02-later-fixed/')).toBe(404);
  const problems = await fetch(`${base}/postmortems/2024-03-02-later-fixed/`).then((r) => r.text());
  expect(problems).toContain('data-dev-problems');
  expect(problems).not.toMatch(/>Page not found<\/h1>/);
  expect(problems).toMatch(/postmortems\/2024-03-02-later-fixed\.mdx:\d+:1/);
  expect(problems).toContain('data-rule="sections/missing"');
  expect(problems).toContain('`npm run new` writes them all');
  // Other unknown addresses still say "Page not found".
  expect(await fetch(`${base}/postmortems/2024-03-02-no-such-file/`).then((r) => r.text())).toMatch(/>Page not found<\/h1>/);

  // The page shows an edit as soon as the loader has checked it (the marker is in the article and the summary).
  site.write('postmortems/2024-03-02-alpha.mdx', about('alpha', `${zeppelin} Edited marker sentence.`));
  await until('the edit', async () => ((await page('alpha'))?.includes('Edited marker sentence.') ? true : undefined));

  // Alpha now reads like echo: similar incidents follow once the worker has recomputed them.
  site.write('postmortems/2024-03-02-alpha.mdx', about('alpha', glacier));
  const after = await until('similar incidents to follow the edit', async () => {
    const html = await page('alpha');
    return html && similarOf(html).includes('echo') ? html : undefined;
  });
  expect(similarOf(after)).toEqual(['echo']);
  expect(similarOf((await page('charlie'))!)).toEqual(['delta']);
  // The same results come from the server's thread when the worker cannot start: only the dev session's warning tells.
  expect(dev.log()).not.toContain(SIMILAR_ON_SERVER_THREAD);

  // The bad file fixed: its page is served.
  site.write('postmortems/2024-03-02-later-fixed.mdx', validPostmortem());
  await until('the fixed page', async () => ((await status('/postmortems/2024-03-02-later-fixed/')) === 200 ? true : undefined));

  // The image changed: the postmortem showing it points at the new bytes, and the image's own route serves them once
  // Astro's store has caught up (its list of pages is cached until then).
  const imageOf = async () => /\/postmortem-images\/([0-9a-f]{20}\.png)/.exec((await page('echo')) ?? '')?.[1];
  const oldImage = await until('the page with its image', imageOf);
  expect((await fetch(`${base}/postmortem-images/${oldImage}`)).status).toBe(200);
  site.write('postmortems/error-rate.png', Buffer.concat([png, Buffer.from('changed')]) as unknown as string);
  const newImage = await until('the page to show the new image', async () => {
    const name = await imageOf();
    return name && name !== oldImage ? name : undefined;
  });
  const served = await until('the new image to be served', async () => {
    const res = await fetch(`${base}/postmortem-images/${newImage}`);
    return res.ok ? res : undefined;
  });
  expect(
    Buffer.from(await served.arrayBuffer())
      .subarray(-7)
      .toString(),
  ).toBe('changed');
  expect(child.exitCode).toBeNull();
});
