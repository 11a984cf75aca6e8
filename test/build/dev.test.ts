/** In `astro dev` a bad postmortem is reported and left out, the server keeps running, and the page appears once fixed. */
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
