/**
 * A built site, read by a real browser page by page: what the content-independence
 * step asks of a site built from content the engine's tests never saw.
 *
 * Serves `<dir>/dist` with the project's `astro preview`, opens every HTML page in
 * Debian's Chromium and counts, per page: console errors, uncaught exceptions,
 * Content-Security-Policy violations, requests to another origin (the site makes
 * none at run time), and same-origin requests that fail or answer 4xx/5xx.
 *
 * Usage: node .ci/site-smoke.ts <site folder>   (exit 1 on any problem)
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from '../scripts/shared/browser.ts';
import { freePort } from '../scripts/shared/free-port.ts';
import { toolEnv } from '../scripts/shared/site-copy.ts';
import { displayText } from '../packages/astro-postmortems/src/core/terminal-text.ts';

function htmlPages(dist: string): string[] {
  return readdirSync(dist, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => relative(dist, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .map((path) => path.replace(/(^|\/)index\.html$/, '$1'))
    .sort();
}

export async function smoke(dir: string): Promise<{ pages: number; problems: string[] }> {
  const pages = htmlPages(join(dir, 'dist'));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const preview = spawn(join(dir, 'node_modules/.bin/astro'), ['preview', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: dir,
    env: toolEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  preview.stdout.on('data', (d) => (log += d));
  preview.stderr.on('data', (d) => (log += d));
  const problems: string[] = [];
  const browser = await launch();
  try {
    // Ready when it answers: the server announces nothing we could wait on more reliably.
    for (let ready = false; !ready;) {
      if (preview.exitCode !== null) throw new Error(`astro preview exited (${preview.exitCode}):\n${log}`);
      ready = await fetch(`${origin}/`).then(
        (r) => r.status < 500,
        () => false,
      );
      if (!ready) await new Promise((r) => setTimeout(r, 250));
    }
    // One page navigated from page to page: a new page costs Chromium a new renderer process (about 3 s of CPU on
    // these machines, against 0.7 s for a navigation). Its listeners file what they see under the page being read.
    const context = await browser.newContext();
    const page = await context.newPage();
    let found: string[] = [];
    page.on('console', (message) => message.type() === 'error' && found.push(`console error: ${message.text()}`));
    page.on('pageerror', (error) => found.push(`uncaught: ${error.message}`));
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) found.push(`external request: ${url}`);
    });
    page.on('requestfailed', (request) => {
      // An abort is the browser's own doing, never the site's: Chromium fetches a page's icon itself, late, and drops
      // that fetch when the next page's navigation starts (`/favicon.svg`, "failed" under the next page in one CI
      // run). A missing file still shows as its 404 below, and a server that fails as another network error.
      if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
      if (request.url().startsWith(origin)) found.push(`failed: ${request.url()} (${request.failure()?.errorText ?? 'no reason'})`);
    });
    page.on(
      'response',
      (response) => response.url().startsWith(origin) && response.status() >= 400 && found.push(`${response.status()}: ${response.url()}`),
    );
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`),
      );
    });
    for (const path of pages) {
      found = [];
      await page.goto(`${origin}/${path}`, { waitUntil: 'networkidle' });
      problems.push(...found.map((problem) => `${path || '/'}: ${problem}`));
    }
  } finally {
    await browser.close();
    preview.kill();
  }
  return { pages: pages.length, problems };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: node .ci/site-smoke.ts <site folder>');
  const { pages, problems } = await smoke(dir);
  for (const problem of problems) process.stdout.write(`${displayText(problem)}\n`);
  process.stdout.write(`site smoke: ${pages} pages, ${problems.length} problem(s)\n`);
  process.exitCode = problems.length || pages === 0 ? 1 : 0;
}
