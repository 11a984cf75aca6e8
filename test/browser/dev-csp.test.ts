/**
 * A preview of a pull request in `astro dev` requests nothing from another host, in a real browser: the remote
 * host is a local HTTP server that counts what it is asked for.
 * - Every URL vector of `test/security/attacks/url-vectors.ts`, aimed at that server, is left out of the site or
 *   published with the first definition of its label; loading every page asks the server for nothing.
 * - The dev server sends the published site's policy (the same directives as the built page's `<meta>`; styles may
 *   be inline in dev only), so even an image the content could not have made (one injected into the page) is
 *   blocked and reported, and the server still gets nothing. A control page with no policy does reach it, so the
 *   count means something.
 */
import { createServer, type Server } from 'node:http';
import { rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedName } from '../../packages/astro-postmortems/src/core/image-files.ts';
import { startDevServer, type DevServer } from '../helpers/dev-server.ts';
import { createSite, type FixtureSite } from '../helpers/site.ts';
import { PNG, urlVectors, vectorFiles } from '../security/attacks/url-vectors.ts';
import { withBlock } from '../security/postmortem.ts';
import { launch } from './browser.ts';
import { settled, watchContext, type Watch } from './csp-reports.ts';
import { url } from './site.ts';

let remote: Server;
let remoteHost: string;
const asked: string[] = [];
let site: FixtureSite;
let dev: DevServer;
let browser: Browser;
let vectors: [string, ReturnType<typeof urlVectors>[string]][];

const GOOD = '2025-06-10-good';

beforeAll(async () => {
  remote = createServer((req, res) => {
    asked.push(req.url ?? '');
    res.writeHead(200, { 'Content-Type': 'image/png' });
    res.end(PNG);
  });
  await new Promise<void>((resolve) => remote.listen(0, '127.0.0.1', resolve));
  remoteHost = `127.0.0.1:${(remote.address() as AddressInfo).port}`;
  vectors = Object.entries(urlVectors(remoteHost));
  const files: Record<string, string | Uint8Array> = {
    [`postmortems/${GOOD}.mdx`]: withBlock('![Error rate](./error-rate.png)\n\n```js\nconst a = 1;\n```', 'good'),
    'postmortems/error-rate.png': PNG,
  };
  vectors.forEach(([, v], i) => Object.assign(files, vectorFiles(v, i)));
  site = createSite(files as Record<string, string>);
  dev = await startDevServer(site.dir);
  await dev.until('the good page', async () => ((await fetch(`${dev.base}/postmortems/${GOOD}/`)).status === 200 ? true : undefined), 240);
  browser = await launch();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  dev?.stop();
  await new Promise((resolve) => remote?.close(resolve));
  if (site) rmSync(site.dir, { recursive: true, force: true });
});

interface Visit {
  page: Page;
  status: number | undefined;
  violations: string[];
}

interface Watched {
  page: Page;
  /** What the page reports; each visit empties it first. */
  violations: string[];
  watch: Watch;
}

/** A page that reports every policy violation (csp-reports.ts's watch: the reports and the console's lines about the policy). */
async function watched(): Promise<Watched> {
  const context = await browser.newContext();
  const watch = await watchContext(context);
  return { page: await context.newPage(), violations: watch.violations, watch };
}

/**
 * The file's one watched page, navigated from visit to visit: a new tab costs Chromium a renderer's start (about
 * 1.5 s of CPU here, a navigation 0.7 s), and each visit waits for every report of the page before the next begins.
 */
let tab: Promise<Watched> | undefined;

/** The watched page at `target`, once everything it reports has arrived; only this visit's reports. */
async function visit(target: string): Promise<Visit> {
  tab ??= watched();
  const { page, violations, watch } = await tab;
  violations.length = 0;
  const response = await page.goto(target, { waitUntil: 'networkidle' });
  await settled(page, watch);
  return { page, status: response?.status(), violations };
}

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe('astro dev, in a real browser', () => {
  // Each page is compiled by the dev server on its first visit: the limit only stops a hang, on a loaded machine too.
  it('loads every page of every URL vector without asking the remote host for anything', { timeout: 900_000 }, async () => {
    let shown = 0;
    // What is counted is the remote host's requests (all of them, whichever page asked) and each page's own reports
    // (all in before the next page opens).
    for (const [name, vector] of vectors) {
      const i = vectors.findIndex(([, v]) => v === vector);
      const { page, status, violations } = await visit(`${dev.base}/postmortems/2025-06-10-url-${i}/`);
      if (vector.rules.length) expect(status, name).toBe(404);
      else {
        expect(status, name).toBe(200);
        shown++;
        // The first definition's image, published by hash from the dev server itself: there (a vector whose image
        // was dropped would show none, and a loop over none passes), named by the local file's hash, shown, and that
        // file's bytes. The vector that publishes a link has no file beside it and shows no image.
        const images = await page.$$eval('article img', (imgs) =>
          imgs.map((img) => ({
            src: (img as HTMLImageElement).src,
            alt: img.getAttribute('alt'),
            width: (img as HTMLImageElement).naturalWidth,
          })),
        );
        expect(images, name).toHaveLength(vector.files ? 1 : 0);
        for (const image of images) {
          expect(image.src, name).toBe(`${dev.base}/postmortem-images/${publishedName(vector.files!['ok.png']!, 'png')}`);
          expect({ alt: image.alt, width: image.width }, name).toEqual({ alt: 'x', width: 1 });
          expect(new Uint8Array(await (await fetch(image.src)).arrayBuffer()), name).toEqual(vector.files!['ok.png']);
        }
      }
      expect(violations, name).toEqual([]);
    }
    expect(shown).toBeGreaterThan(0);
    expect(asked).toEqual([]);
  });

  it("sends the published site's policy: the same directives as the built page, inline styles in dev only", async () => {
    const { page, violations } = await visit(`${dev.base}/postmortems/${GOOD}/`);
    const response = await fetch(`${dev.base}/postmortems/${GOOD}/`);
    const sent = directives(response.headers.get('content-security-policy') ?? '');
    const built = await browser.newPage();
    await built.goto(url('postmortems/'), { waitUntil: 'domcontentloaded' });
    const meta = directives((await built.locator('meta[http-equiv="content-security-policy"]').getAttribute('content')) ?? '');
    await built.close();
    expect([...sent.keys()].sort()).toEqual([...meta.keys()].sort());
    for (const [name, sources] of meta) {
      if (name === 'script-src') {
        // The build adds hashes of its own bundled files; the dev server names the one inline script's, as the build does.
        expect(
          sources.filter((s) => !s.startsWith("'sha")),
          name,
        ).toEqual(sent.get(name)!.filter((s) => !s.startsWith("'sha")));
        for (const hash of sent.get(name)!.filter((s) => s.startsWith("'sha"))) expect(sources, name).toContain(hash);
      } else if (name === 'style-src') {
        expect(sent.get(name), name).toEqual(["'self'", "'unsafe-inline'"]);
      } else expect(sent.get(name), name).toEqual(sources);
    }
    // The page works under it: the image beside the postmortem shows, nothing is reported.
    expect(await page.$eval('article img', (img) => (img as HTMLImageElement).naturalWidth)).toBe(1);
    expect(violations).toEqual([]);
  });

  it('blocks and reports an image from another host that reaches a dev page anyway, and the remote host gets nothing', async () => {
    const { page, violations } = await visit(`${dev.base}/postmortems/${GOOD}/`);
    const loaded = await page.evaluate(
      (src) =>
        new Promise<boolean>((resolve) => {
          const img = document.createElement('img');
          img.onload = () => resolve(true);
          img.onerror = () => resolve(false);
          img.src = src;
          document.body.append(img);
        }),
      `http://${remoteHost}/injected.png`,
    );
    expect(loaded).toBe(false);
    await expect.poll(() => violations.some((v) => v.startsWith('img-src blocked') && v.includes(remoteHost))).toBe(true);
    expect(asked).toEqual([]);
  });

  it('control: the same image on a page with no policy reaches the remote host', async () => {
    const page = await browser.newPage();
    await page.setContent(`<img src="http://${remoteHost}/control.png">`, { waitUntil: 'load' });
    expect(asked).toEqual(['/control.png']);
    await page.close();
  });
});
