/**
 * Content never becomes code in `astro dev`: a valid postmortem that shows a
 * rejected one as an image is refused (nothing is evaluated), and the server
 * serves no file under `postmortems/`, as a module or as raw text, however the
 * request is spelled. Pages and images still work.
 */
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDevServer, type DevServer } from '../../helpers/dev-server.ts';
import { createSite, type FixtureSite } from '../../helpers/site.ts';
import { withBlock } from '../postmortem.ts';
import { payload } from './vectors.ts';

const marker = join(tmpdir(), `pm-attack-dev-${process.pid}-${Date.now()}`);
const png = readFileSync(new URL('../../rules/fixtures/image-source/ok-png-beside/postmortems/error-rate.png', import.meta.url));
let site: FixtureSite;
let dev: DevServer;

beforeAll(async () => {
  site = createSite({
    'postmortems/2025-06-10-good.mdx': withBlock('![Error rate](./error-rate.png)', 'good'),
    'postmortems/error-rate.png': png as unknown as string,
    'postmortems/2025-06-10-rejected.mdx': withBlock(`export\nconst pwned = ${payload(marker)}`, 'rejected'),
    'postmortems/2025-06-10-shows-rejected.mdx': withBlock('![x](./2025-06-10-rejected.mdx)', 'shows'),
    'postmortems/2025-06-10-shows-module.mdx': withBlock('![x](./diagram.mjs)', 'module'),
    'postmortems/diagram.mjs': `${payload(marker)};\nexport default 1;\n`,
  });
  dev = await startDevServer(site.dir);
  await dev.until(
    'the good page',
    async () => ((await fetch(`${dev.base}/postmortems/2025-06-10-good/`)).status === 200 ? true : undefined),
    120,
  );
}, 180_000);

afterAll(() => dev?.stop());

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

  test('nothing was evaluated, and the server is still up', async () => {
    expect(existsSync(marker)).toBe(false);
    expect(dev.child.exitCode).toBeNull();
    expect((await fetch(`${dev.base}/postmortems/2025-06-10-good/`)).status).toBe(200);
  });
});
