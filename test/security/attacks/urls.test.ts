/**
 * URLs a browser reads differently from a naive check (issue 19, items 6 and 7), through the real CLI and real builds:
 * - `check` refuses every vector with the rule that owns it, at its place;
 * - `check` and the build agree on every vector, every rule fixture and every attack of `vectors.ts`, error for
 *   error, both ways: once with every rule on, once with the URL rules off, where only the render step (which
 *   `check` runs too, writing nothing) can refuse;
 * - what does publish (the first definition of a label wins) sends the browser to no other host, read from the built
 *   HTML as a browser parses it;
 * - `astro dev` leaves every refused vector out and sends the site's Content-Security-Policy: `dev.test.ts`, whose server
 *   serves these vectors beside its own attacks (one dev server for both).
 * (That a browser makes no request at all, in dev, is `test/browser/dev-csp.test.ts`.)
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fingerprint } from '../../helpers/fingerprint.ts';
import {
  articleUrls,
  payloadMarker,
  publishedSite,
  refusedSite,
  ruleFixtureFiles,
  URL_HOST as HOST,
  URL_VECTORS as vectors,
  urlVectorFiles,
} from '../../helpers/shared-sites.ts';
import { build, createSite, type FixtureSite } from '../../helpers/site.ts';
import { check, type JsonReport } from '../cli.ts';
import { vectorLine, vectorPath } from './url-vectors.ts';

const refused = vectors.filter(([, v]) => v.rules.length);
const published = vectors.filter(([, v]) => !v.rules.length);
const marker = payloadMarker();

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function site(files: Record<string, string | Uint8Array>, config?: string): FixtureSite {
  const made = createSite(files as Record<string, string>, config === undefined ? {} : { config });
  dirs.push(made.dir);
  return made;
}

const vectorSite = urlVectorFiles;

describe('check refuses every URL vector with the rule that owns it, at its place', async () => {
  const made = site(vectorSite());
  const run = await check(made.dir, ['--format', 'json']);
  const report = JSON.parse(run.stdout) as JsonReport;

  test.each(vectors.map(([name, v], i) => [name, v, i] as const))('%s', (_name, vector, i) => {
    const got = report.messages.filter((m) => m.file === vectorPath(i));
    expect(got.map((m) => [m.rule, m.line, m.column])).toEqual(vector.rules.map((rule) => [rule, vectorLine(vector), 1]));
    for (const m of got) {
      expect(m.message).toMatch(/^Unexpected .+, expected .+/);
      // One line, whatever control characters the URL holds.
      expect(m.message).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
  });

  test('the render step it ran wrote nothing: no article, no counted words, no image, anywhere in the site', async () => {
    // The vectors that publish passed every rule, so the render step ran on them (the agreement tests below show it refuses).
    const before = await fingerprint(made.dir);
    const again = await check(made.dir, ['--format', 'json']);
    expect(again.stdout).toBe(run.stdout);
    expect(await fingerprint(made.dir)).toBe(before);
    expect(existsSync(join(made.dir, 'node_modules/.astro'))).toBe(false);
  });

  test('and nothing else: the run fails only for the refused vectors', () => {
    expect(run.code).toBe(1);
    expect(new Set(report.messages.map((m) => m.file))).toEqual(
      new Set(refused.map(([, v]) => vectorPath(vectors.findIndex(([, w]) => w === v)))),
    );
  });
});

/** `file:line:column rule` of each error in a build's output (the loader lists them as `check --format text` does). */
function buildErrors(output: string): string[] {
  const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
  return [...plain.matchAll(/^(postmortems\/\S+):(\d+):(\d+) {2}error {2}.* {2}([a-z-]+\/[a-z-]+)\s*$/gm)]
    .map((m) => `${m[1]}:${m[2]}:${m[3]} ${m[4]}`)
    .sort();
}

const checkErrors = (report: JsonReport) =>
  report.messages
    .filter((m) => m.severity === 'error')
    .map((m) => `${m.file}:${m.line}:${m.column} ${m.rule}`)
    .sort();

describe.each([
  // The shared refused site (test/helpers/shared-sites.ts): every vector, rule fixture and attack, the samples, and
  // more that must fail (the visible-text vectors, the build test's bad files), every rule on.
  ['every rule on', undefined],
  // With the rules that own URLs, elements and code off, only the render step refuses: `check` must refuse just the same.
  [
    'the URL, element and code rules off',
    `export default { rules: { 'image/source': 'off', 'mdx/disallowed-element': 'off', 'mdx/no-expression': 'off', 'mdx/no-esm': 'off' } };\n`,
  ],
])('check and a real build agree on every vector and every fixture, %s', (_name, config) => {
  let checked: JsonReport;
  let built: { code: number | null; output: string };
  beforeAll(async () => {
    if (config === undefined) {
      const shared = await refusedSite();
      checked = JSON.parse(shared.checkJson) as JsonReport;
      built = shared;
    } else {
      // Another configuration: a build of its own.
      const made = site(ruleFixtureFiles(marker), config);
      checked = JSON.parse((await check(made.dir, ['--format', 'json'])).stdout) as JsonReport;
      built = await build(made.dir, { POSTMORTEMS_SEARCH: 'off' });
    }
  });

  test('the same errors, at the same places, both ways', () => {
    expect(built.code).not.toBe(0);
    const errors = checkErrors(checked);
    expect(errors.length).toBeGreaterThan(refused.length);
    expect(buildErrors(built.output)).toEqual(errors);
  });

  test('every refused URL vector is among them, and each one that publishes is not', () => {
    const failing = new Set(checked.messages.filter((m) => m.severity === 'error').map((m) => m.file));
    vectors.forEach(([name, v], i) => expect(failing.has(vectorPath(i)), name).toBe(v.rules.length > 0));
    if (config) {
      const renderer = checked.messages.filter((m) => m.rule === 'render/refused').map((m) => m.file);
      for (const [name, v] of refused) expect(renderer, name).toContain(vectorPath(vectors.findIndex(([, w]) => w === v)));
    }
  });

  test('no payload ran', () => {
    expect(existsSync(marker)).toBe(false);
  });
});

describe('what publishes is safe: the first definition of a label wins, in the built page as a browser reads it', () => {
  // The shared published site holds the vectors that publish, each in its folder (`postmortems/v<i>/`).
  let made: { dir: string };
  let built: { code: number | null; output: string };
  beforeAll(async () => {
    const shared = await publishedSite();
    made = shared;
    built = shared;
  });

  test('the build succeeds and check agrees', async () => {
    expect(built.code, built.output).toBe(0);
    const folders = published.map(([, v]) => vectorPath(vectors.findIndex(([, w]) => w === v)).replace(/\/[^/]+$/, ''));
    const report = JSON.parse((await check(made.dir, ['--format', 'json', ...folders])).stdout) as JsonReport;
    expect(report.files).toBe(published.length);
    expect(report.messages).toEqual([]);
  });

  test.each(published.map(([name, v]) => [name, vectors.findIndex(([, w]) => w === v)] as const))('%s', (_name, i) => {
    const id = `2025-06-10-url-${i}`;
    const html = readFileSync(join(made.dir, `dist/postmortems/${id}/index.html`), 'utf8');
    const page = new URL(`http://localhost:4321/postmortems/${id}/`);
    const { loads, follows } = articleUrls(html, page);
    expect(html).not.toContain(HOST);
    for (const url of loads) {
      expect(url.origin).toBe(page.origin);
      expect(url.pathname).toMatch(/^\/postmortem-images\/[0-9a-f]{20}\.png$/);
    }
    for (const url of follows) expect(['http:', 'https:']).toContain(url.protocol);
    expect(loads.length + follows.length).toBeGreaterThan(0);
  });
});
