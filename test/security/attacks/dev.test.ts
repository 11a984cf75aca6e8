/**
 * Content never becomes code in `astro dev`: a valid postmortem that shows a
 * rejected one as an image is refused (nothing is evaluated), and the server
 * serves no file under `postmortems/`, as a module or as raw text, however the
 * request is spelled. Pages and images still work.
 *
 * The same server serves the URL vectors (`url-vectors.ts`; their `check` and build side is `urls.test.ts`): it
 * leaves out every refused vector, shows the ones that publish with nothing from the remote host, and sends the
 * site's Content-Security-Policy; and the hostile values of `../output-channels.test.ts` added while it runs: the
 * watcher logs them each on its line. (One dev server for all three: its start is most of each one's cost.)
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cspHeader, DEV_STYLE_SOURCES, SITE_CSP } from '../../../packages/astro-postmortems/src/integration/csp.ts';
import { startDevServer, type DevServer } from '../../helpers/dev-server.ts';
import { ciLogProblems } from '../../helpers/ci-log.ts';
import {
  articleUrls,
  FILE,
  HOSTILE,
  hostile,
  URL_HOST as HOST,
  URL_VECTORS as vectors,
  urlVectorFiles,
} from '../../helpers/shared-sites.ts';
import { createSite, type FixtureSite } from '../../helpers/site.ts';
import { validPostmortem, withBlock } from '../postmortem.ts';
import { vectorLine, vectorPath } from './url-vectors.ts';
import { payload } from './vectors.ts';

const marker = join(tmpdir(), `pm-attack-dev-${process.pid}-${Date.now()}`);
const png = readFileSync(new URL('../../rules/fixtures/image-source/ok-png-beside/postmortems/error-rate.png', import.meta.url));
let site: FixtureSite;
let dev: DevServer;
const refused = vectors.filter(([, v]) => v.rules.length);
const good = vectors.flatMap(([, v], i) => (v.rules.length ? [] : [i]));

beforeAll(async () => {
  site = createSite({
    'postmortems/2025-06-10-good.mdx': withBlock('![Error rate](./error-rate.png)', 'good'),
    'postmortems/error-rate.png': png as unknown as string,
    'postmortems/2025-06-10-rejected.mdx': withBlock(`export\nconst pwned = ${payload(marker)}`, 'rejected'),
    'postmortems/2025-06-10-shows-rejected.mdx': withBlock('![x](./2025-06-10-rejected.mdx)', 'shows'),
    'postmortems/2025-06-10-shows-module.mdx': withBlock('![x](./diagram.mjs)', 'module'),
    'postmortems/diagram.mjs': `${payload(marker)};\nexport default 1;\n`,
    ...(urlVectorFiles() as Record<string, string>),
  });
  dev = await startDevServer(site.dir);
  for (const path of ['/postmortems/2025-06-10-good/', `/postmortems/2025-06-10-url-${good[0]}/`]) {
    await dev.until(path, async () => ((await fetch(`${dev.base}${path}`)).status === 200 ? true : undefined), 180);
  }
}, 240_000);

afterAll(() => {
  dev?.stop();
  if (site) rmSync(site.dir, { recursive: true, force: true });
});

describe('astro dev', () => {
  test('serves valid pages, and their images by hash', async () => {
    const page = await (await fetch(`${dev.base}/postmortems/2025-06-10-good/`)).text();
    const src = /<img src="([^"]+)" alt="Error rate">/.exec(page)?.[1];
    expect(src).toMatch(/^\/postmortem-images\/[0-9a-f]{20}\.png$/);
    const image = await fetch(`${dev.base}${src}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);
  });

  test('leaves out the rejected files and the ones that show them, and reports why', async () => {
    for (const id of ['2025-06-10-rejected', '2025-06-10-shows-rejected', '2025-06-10-shows-module']) {
      expect((await fetch(`${dev.base}/postmortems/${id}/`)).status, id).toBe(404);
    }
    expect(dev.log()).toMatch(/2025-06-10-rejected\.mdx:\d+:1 {2}Unexpected `export` statement/);
    expect(dev.log()).toMatch(
      /2025-06-10-shows-rejected\.mdx:\d+:1 {2}Unexpected image `\.\/2025-06-10-rejected\.mdx` that is not an image file/,
    );
    expect(dev.log()).toMatch(/2025-06-10-shows-module\.mdx:\d+:1 {2}Unexpected image `\.\/diagram\.mjs`/);
  });

  const requests = () => {
    const abs = join(site.dir, 'postmortems');
    return [
      '/postmortems/2025-06-10-rejected.mdx',
      '/postmortems/2025-06-10-rejected.mdx?import',
      '/postmortems/2025-06-10-rejected.mdx?raw',
      '/postmortems/2025-06-10-good.mdx',
      '/postmortems/diagram.mjs',
      '/postmortems/diagram.mjs?import',
      '/postmortems/error-rate.png',
      `/@fs${abs}/2025-06-10-rejected.mdx`,
      `/@fs${abs}/diagram.mjs?import`,
      '/postmortems/%2e%2e/postmortems/2025-06-10-rejected.mdx',
      '/src/../postmortems/2025-06-10-rejected.mdx',
      '/postmortems%2f2025-06-10-rejected.mdx',
      '/Postmortems/2025-06-10-rejected.mdx',
      '//postmortems/2025-06-10-rejected.mdx',
    ];
  };

  test('serves no file under postmortems/, however the request is spelled', async () => {
    for (const path of requests()) {
      const response = await fetch(`${dev.base}${path}`);
      const body = await response.text();
      expect(response.status, path).not.toBe(200);
      expect(body, path).not.toContain('writeFileSync');
      expect(body, path).not.toContain('PNG');
    }
  });

  // Issue 19, items 4 and 5 (output-channels.test.ts): what the loader's watcher logs, read as GitHub's runner reads a
  // log. The whole log, this server's other attacks included, holds nothing the runner or a terminal acts on.
  test('the watcher logs a new file and its problems, every value on its line', async () => {
    mkdirSync(join(site.dir, 'postmortems'), { recursive: true });
    writeFileSync(join(site.dir, FILE), validPostmortem('y'));
    writeFileSync(join(site.dir, HOSTILE), hostile);
    await dev.until(
      'the new files in the log',
      async () => (/pwned-file[^\n]*is left out/.test(dev.log()) && dev.log().includes('pwned-item') ? true : undefined),
      120,
    );
    expect(ciLogProblems(dev.log()), dev.log()).toEqual([]);
    for (const evidence of ['pwned-file', 'pwned-item']) expect(dev.log(), evidence).toContain(evidence);
  });

  test('nothing was evaluated, and the server is still up', async () => {
    expect(existsSync(marker)).toBe(false);
    expect(dev.child.exitCode).toBeNull();
    expect((await fetch(`${dev.base}/postmortems/2025-06-10-good/`)).status).toBe(200);
  });
});

describe('astro dev and the URL vectors', () => {
  test('leaves out every refused vector and says why', async () => {
    for (const [name, v] of refused) {
      const i = vectors.findIndex(([, w]) => w === v);
      expect((await fetch(`${dev.base}/postmortems/2025-06-10-url-${i}/`)).status, name).toBe(404);
      expect(dev.log(), name).toContain(`${vectorPath(i)}:${vectorLine(v)}:1`);
    }
  });

  test('shows the vectors that publish, with the first definition, and nothing from the remote host', async () => {
    expect(good.length).toBeGreaterThan(0);
    for (const i of good) {
      const [name, v] = vectors[i]!;
      const page = new URL(`${dev.base}/postmortems/2025-06-10-url-${i}/`);
      const response = await fetch(page);
      // A missing page holds no remote URL either: the page itself must be served.
      expect(response.status, name).toBe(200);
      const html = await response.text();
      expect(html, name).not.toContain(HOST);
      const { loads, follows } = articleUrls(html, page);
      expect(loads.length + follows.length, name).toBeGreaterThan(0);
      for (const url of loads) expect(url.origin, name).toBe(page.origin);
      // The label's first definition is the one used (CommonMark): the page shows its target, not the second one's.
      const first = /^\[\w+\]: (\S+)$/m.exec(v.block)?.[1];
      if (!first) throw new Error(`${name}: no reference definition in its block`);
      if (v.block.startsWith('!')) {
        // The image the first definition names, beside the postmortem, served by hash.
        expect(loads, name).toHaveLength(1);
        expect(loads[0]!.pathname, name).toMatch(/^\/postmortem-images\/[0-9a-f]{20}\.png$/);
        const image = await fetch(loads[0]!);
        expect(image.status, name).toBe(200);
        const beside = v.files?.[first.replace(/^\.\//, '')];
        expect(beside, `${name}: ${first} is a file beside the postmortem`).toBeDefined();
        expect(Buffer.from(await image.arrayBuffer()).equals(Buffer.from(beside!)), name).toBe(true);
      } else {
        expect(follows.map(String), name).toContain(first);
        for (const url of follows) expect(url.protocol, name).not.toBe('javascript:');
      }
    }
  });

  test("sends the site's Content-Security-Policy with every response, pages and modules alike", async () => {
    const expected = cspHeader(SITE_CSP, { style: DEV_STYLE_SOURCES });
    expect(expected).toContain("img-src 'self' data:");
    for (const path of [`/postmortems/2025-06-10-url-${good[0]}/`, '/postmortems/2025-06-10-url-0/', '/', '/@vite/client']) {
      expect((await fetch(`${dev.base}${path}`)).headers.get('content-security-policy'), path).toBe(expected);
    }
  });
});
