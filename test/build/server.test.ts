/**
 * Private by default (issue "Adoption", item 6): the built site says `noindex`,
 * a deployment build without a site URL fails, and `npm run serve` serves
 * `dist/` with the page's CSP and security headers as HTTP headers, correct
 * content types, a 404 page, and nothing outside the site folder.
 */
import { request } from 'node:http';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeHTML } from 'entities';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploymentSite, DeploymentError } from '../../packages/astro-postmortems/src/integration/deployment.ts';
import { createStaticServer, DEFAULT_CSP } from '../../packages/astro-postmortems/src/server/static-server.ts';
import { build, createSite } from '../helpers/site.ts';
import { publishedSite, SHARED_TITLE } from '../helpers/shared-sites.ts';

/** The shared published site (test/helpers/shared-sites.ts): its configuration names the organisation's own logo, in the folder upstream never touches. */
let site: { dir: string };
/** A copy of its dist/ that these tests may change (a link planted in it), beside a copy of the site's package.json. */
let root = '';
let served = '';
/** A published postmortem of the shared site. */
const PAGE = '/postmortems/2025-06-10-edge-cdn-cache-rule-checkout-outage/';
const servers: ReturnType<typeof createStaticServer>[] = [];
let origin = '';
let baseOrigin = '';

function listen(server: ReturnType<typeof createStaticServer>): Promise<string> {
  servers.push(server);
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

/** A request with the path exactly as written (fetch would normalise `..` away). */
function raw(
  base: string,
  path: string,
  method = 'GET',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(base);
  return new Promise((resolvePromise, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Every `.html` file under `dir`, at any depth. */
function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.html'))
    .map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  const shared = await publishedSite();
  expect(shared.code, shared.output).toBe(0);
  site = shared;
  root = mkdtempSync(join(tmpdir(), 'pm-served-'));
  served = join(root, 'dist');
  cpSync(join(site.dir, 'dist'), served, { recursive: true });
  cpSync(join(site.dir, 'package.json'), join(root, 'package.json'));
  // A link inside the site to a file outside it must not be followed.
  symlinkSync(join(root, 'package.json'), join(served, 'leak.json'));
  origin = await listen(createStaticServer({ dir: served }));
  baseOrigin = await listen(createStaticServer({ dir: served, basePath: '/pm/', noindex: false }));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('noindex and the site URL', () => {
  it("shows the organisation's logo from public/brand/", () => {
    const home = readFileSync(join(site.dir, 'dist/index.html'), 'utf8');
    expect(home).toMatch(/<img class="logo" src="\/brand\/logo\.svg" alt="" width="22" height="22"/);
    expect(home).toContain(SHARED_TITLE);
  });

  it('every page says noindex and robots.txt disallows everything, by default', () => {
    const pages = htmlFiles(join(site.dir, 'dist'));
    // The shared site has lists, postmortems, tags, services, the 404 page…: far more than a few pages written by hand.
    expect(pages.length).toBeGreaterThan(20);
    const without = pages.filter((f) => !readFileSync(f, 'utf8').includes('<meta name="robots" content="noindex, nofollow">'));
    expect(without).toEqual([]);
    expect(readFileSync(join(site.dir, 'dist/robots.txt'), 'utf8')).toMatch(/^User-agent: \*\nDisallow: \/$/m);
  });

  it('a deployment build without a site URL fails clearly; in CI it warns', async () => {
    expect(() => deploymentSite({}, { DEPLOY: '1' })).toThrow(DeploymentError);
    const warnings: string[] = [];
    expect(deploymentSite({}, { CI: 'true' }, (m) => warnings.push(m)).site).toBe('http://localhost:4321');
    expect(warnings.join()).toMatch(/No site URL.*SITE_URL/);
    expect(deploymentSite({ siteUrl: 'https://pm.example.com', basePath: '/pm/' }, { DEPLOY: '1' })).toMatchObject({
      site: 'https://pm.example.com',
      base: '/pm/',
    });
    expect(
      deploymentSite({ siteUrl: 'https://pm.example.com' }, { SITE_URL: 'https://other.example.com', BASE_PATH: '/x/' }),
    ).toMatchObject({ site: 'https://other.example.com', base: '/x/' });
    // A build of its own: it fails before building anything, whatever the site holds.
    const other = createSite();
    const failed = await build(other.dir, { DEPLOY: '1', SITE_URL: '' });
    rmSync(other.dir, { recursive: true, force: true });
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(/DEPLOY=1: No site URL/);
  });
});

describe('npm run serve (src/server/static-server.ts)', () => {
  it('serves pages with the CSP of their meta element and security headers as HTTP headers', async () => {
    for (const path of ['/', PAGE, '/postmortems/', '/action-items/']) {
      const res = await raw(origin, path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      // The page's policy read here, not by the server's own parser (cspFromHtml): one meta element, its attribute decoded.
      const metas = res.body.match(/<meta\s[^>]*http-equiv="content-security-policy"[^>]*>/gi) ?? [];
      expect(metas, path).toHaveLength(1);
      const meta = decodeHTML(/\scontent="([^"]*)"/.exec(metas[0]!)![1]!);
      expect(meta).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
      expect(meta).not.toContain('frame-ancestors');
      // Astro ends the policy with `;`; the server drops it and adds what a meta element cannot carry.
      expect(res.headers['content-security-policy']).toBe(`${meta.replace(/;$/, '')}; frame-ancestors 'none'`);
      expect(String(res.headers['content-security-policy']).split(/;\s*/)).toEqual(
        expect.arrayContaining(["default-src 'self'", "object-src 'none'", "script-src-attr 'none'"]),
      );
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'x-robots-tag': 'noindex, nofollow',
      });
    }
  });

  it('serves assets with their content types, hashed ones as immutable', async () => {
    const assets = readdirSync(join(served, '_astro'));
    const css = assets.find((a) => a.endsWith('.css'))!;
    const res = await raw(origin, `/_astro/${css}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.headers['content-security-policy']).toBe(DEFAULT_CSP);
    expect((await raw(origin, '/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
    expect((await raw(origin, '/robots.txt')).headers['content-type']).toBe('text/plain; charset=utf-8');
    expect((await raw(origin, '/pagefind/pagefind.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
    const head = await raw(origin, '/', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('redirects a folder without its slash, answers 404 with the site page, 405 for other methods', async () => {
    const redirect = await raw(origin, '/postmortems?x=1');
    expect(redirect.status).toBe(301);
    expect(redirect.headers['location']).toBe('/postmortems/?x=1');
    expect((await raw(origin, '//evil.example.com/postmortems')).headers['location'] ?? '').not.toMatch(/^\/\//);
    const missing = await raw(origin, '/no-such-page/');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(missing.body).toContain('<html');
    expect((await raw(origin, '/', 'POST')).status).toBe(405);
  });

  it('never serves a file outside the site folder', async () => {
    const secret = readFileSync(join(root, 'package.json'), 'utf8');
    const attempts = [
      '/../package.json',
      '/..%2fpackage.json',
      '/%2e%2e/package.json',
      '/%2e%2e%2fpackage.json',
      '/_astro/..%2f..%2fpackage.json',
      '/_astro/%2e%2e/%2e%2e/package.json',
      '/..%5cpackage.json',
      '/%2fetc%2fpasswd',
      '//etc/passwd',
      '/index.html%00.css',
      '/%E0%A4%A',
      '/leak.json',
      `/${encodeURIComponent(join(root, 'package.json'))}`,
    ];
    for (const path of attempts) {
      const res = await raw(origin, path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('"devDependencies"');
      expect(res.body).not.toContain(secret.slice(0, 40));
    }
  });

  it('serves under a base path only', async () => {
    expect((await raw(baseOrigin, '/pm/')).status).toBe(200);
    expect((await raw(baseOrigin, `/pm${PAGE}`)).status).toBe(200);
    expect((await raw(baseOrigin, PAGE)).status).toBe(404);
    expect((await raw(baseOrigin, '/pm/')).headers['x-robots-tag']).toBeUndefined();
  });
});
