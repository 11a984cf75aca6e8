/** In `astro dev` a bad postmortem is reported and left out, the server keeps running, and the page appears once fixed. */
import { readFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../helpers/dev-server.ts';
import { createSite, validPostmortem } from '../helpers/site.ts';

let dev: DevServer | undefined;
afterAll(() => dev?.stop());

it('reports a bad file without stopping the dev server, and serves it once fixed', async () => {
  const bad = validPostmortem((t) => t.replace('## Timeline', '## Timelines'));
  const site = createSite({
    'postmortems/2024-03-02-good.mdx': validPostmortem(),
    'postmortems/2024-03-02-later-fixed.mdx': bad,
  });
  dev = await startDevServer(site.dir);
  const { base, until, child } = dev;
  const status = (path: string) => fetch(base + path).then((r) => r.status);

  await until('the good page', async () => ((await status('/postmortems/2024-03-02-good/')) === 200 ? true : undefined));
  expect(dev.log()).toMatch(/postmortems\/2024-03-02-later-fixed\.mdx:\d+:1 {2}Missing required section `## Timeline`.*sections\/missing/);
  expect(await status('/postmortems/2024-03-02-later-fixed/')).toBe(404);
  // Instead of "Page not found", the postmortem's URL lists its problems: file, line, rule and how to fix it.
  const page = await fetch(`${base}/postmortems/2024-03-02-later-fixed/`).then((r) => r.text());
  expect(page).toContain('data-dev-problems');
  expect(page).not.toMatch(/>Page not found<\/h1>/);
  expect(page).toMatch(/postmortems\/2024-03-02-later-fixed\.mdx:\d+:1/);
  expect(page).toContain('Missing required section');
  expect(page).toContain('data-rule="sections/missing"');
  expect(page).toContain('`npm run new` writes them all');
  // Other unknown addresses still say "Page not found".
  expect(await fetch(`${base}/postmortems/2024-03-02-no-such-file/`).then((r) => r.text())).toMatch(/>Page not found<\/h1>/);
  expect(child.exitCode).toBeNull();

  site.write('postmortems/2024-03-02-later-fixed.mdx', validPostmortem());
  await until('the fixed page', async () => ((await status('/postmortems/2024-03-02-later-fixed/')) === 200 ? true : undefined));

  site.write('postmortems/2024-03-02-good.mdx', validPostmortem((t) => t.replace('## Business Impact', '{process.env.HOME}\n\n## Business Impact')));
  await until('the broken page to be withdrawn', async () => ((await status('/postmortems/2024-03-02-good/')) === 404 ? true : undefined));
  expect(dev.log()).toMatch(/2024-03-02-good\.mdx:\d+:1 {2}Unexpected JavaScript expression `\{process\.env\.HOME\}`/);
  await until('the problems page of the broken file', async () => ((await fetch(`${base}/postmortems/2024-03-02-good/`).then((r) => r.text())).includes('data-rule="mdx/no-expression"') ? true : undefined));
  // Fixed files leave the list: the fixed page is served again.
  expect(await status('/postmortems/2024-03-02-later-fixed/')).toBe(200);
  expect(dev.log()).not.toContain(process.env['HOME'] ?? '/root');
  expect(child.exitCode).toBeNull();
});

it('serves an edit from the loader at once, with similar incidents computed off the server thread and refreshed after edits', async () => {
  const about = (id: string, words: string) =>
    validPostmortem((t) => t.replace('title: Checkout latency after cache flush', `title: Incident ${id}`).replace('A cache flush slowed checkout for an hour.', `A cache flush slowed checkout for an hour. ${words}`));
  const zeppelin = 'Zeppelin hangar turbine ballast gondola rigging.';
  const lighthouse = 'Lighthouse beacon lantern foghorn keeper shoal.';
  const glacier = 'Glacier moraine crevasse serac icefall cirque.';
  const site = createSite({
    'postmortems/2024-03-02-alpha.mdx': about('alpha', zeppelin),
    'postmortems/2024-03-02-bravo.mdx': about('bravo', zeppelin),
    'postmortems/2024-03-02-charlie.mdx': about('charlie', lighthouse),
    'postmortems/2024-03-02-delta.mdx': about('delta', lighthouse),
    'postmortems/2024-03-02-echo.mdx': about('echo', glacier),
  });
  dev?.stop();
  dev = await startDevServer(site.dir);
  const { base, until } = dev;
  const page = (id: string) => fetch(`${base}/postmortems/2024-03-02-${id}/`).then((r) => (r.ok ? r.text() : undefined));
  const similarOf = (html: string) => [...(html.split('id="similar-incidents"')[1] ?? '').matchAll(/href="\/postmortems\/2024-03-02-(\w+)\/"/g)].map((m) => m[1]);

  // Similar incidents come from a worker the pages do not wait for: they appear once it is done.
  const first = await until('similar incidents on the first page', async () => {
    const html = await page('alpha');
    return html && similarOf(html).length ? html : undefined;
  });
  expect(similarOf(first)).toEqual(['bravo']);

  // The page shows the edit as soon as the loader has checked it (the marker is in the article and the summary).
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
  expect(dev.child.exitCode).toBeNull();
});

it('an image changed while the server runs: the postmortem showing it is checked again and points at the new bytes', async () => {
  const png = readFileSync(new URL('../rules/fixtures/image-source/ok-png-beside/postmortems/error-rate.png', import.meta.url));
  const site = createSite({
    'postmortems/2024-03-02-chart.mdx': validPostmortem((t) => t.replace('A cache flush slowed checkout for an hour.', 'A cache flush slowed checkout for an hour.\n\n![Error rate](./error-rate.png)')),
    'postmortems/error-rate.png': png as unknown as string,
  });
  dev?.stop();
  dev = await startDevServer(site.dir);
  const { base, until } = dev;
  const imageOf = async () => /\/postmortem-images\/([0-9a-f]{20}\.png)/.exec((await fetch(`${base}/postmortems/2024-03-02-chart/`).then((r) => (r.ok ? r.text() : '')))  )?.[1];
  const before = await until('the page with its image', imageOf);
  expect((await fetch(`${base}/postmortem-images/${before}`)).status).toBe(200);

  site.write('postmortems/error-rate.png', Buffer.concat([png, Buffer.from('changed')]) as unknown as string);
  const after = await until('the page to show the new image', async () => {
    const name = await imageOf();
    return name && name !== before ? name : undefined;
  });
  // The image's own route follows once Astro's store has caught up (its list of pages is cached until then).
  const served = await until('the new image to be served', async () => {
    const res = await fetch(`${base}/postmortem-images/${after}`);
    return res.ok ? res : undefined;
  });
  expect(Buffer.from(await served.arrayBuffer()).subarray(-7).toString()).toBe('changed');
});
