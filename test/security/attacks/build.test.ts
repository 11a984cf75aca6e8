/**
 * Content never becomes code, through a real `astro build` (the two shared
 * fixture builds, test/helpers/shared-sites.ts): every attack of
 * the review fails the build with the same problems `check` reports, no
 * payload runs, no secret of the build's environment is printed; and in a
 * build that succeeds, no postmortem is a module: nothing under
 * `postmortems/` is loaded by Vite, `.astro/content-modules.mjs` names none,
 * and the only module holding a postmortem's text is Astro's data store (a
 * JSON string), while the page shows it as HTML.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  buildCanary,
  CHART_PNG,
  payloadMarker,
  PROBE_REPORT,
  PROBE_TEXT,
  publishedSite,
  refusedSite,
  type SharedSite,
} from '../../helpers/shared-sites.ts';
import { check, type JsonReport } from '../cli.ts';
import { TODAY } from '../postmortem.ts';
import { attacks } from './vectors.ts';

describe('every attack fails the build as check reports it, and nothing runs', () => {
  // The shared refused site (test/helpers/shared-sites.ts) holds every attack, each in a folder of its own
  // (`postmortems/a<i>/`), and its build ran with a canary value in its environment.
  let built: SharedSite;
  let checked: JsonReport;
  beforeAll(async () => {
    built = await refusedSite();
    checked = JSON.parse(built.checkJson) as JsonReport;
  });

  test('the build fails, without a stack trace, and no payload ran', () => {
    expect(built.code).not.toBe(0);
    expect(built.output).toContain('so the site was not built');
    expect(built.output).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    expect(existsSync(payloadMarker())).toBe(false);
  });

  test('the build output holds no value of its environment', () => {
    expect(built.output).not.toContain(buildCanary());
    expect(built.output).not.toContain(process.env['HOME'] ?? '/root');
  });

  test('check and the build agree: every error check reports is in the build output, at the same place', () => {
    const errors = checked.messages.filter((m) => m.severity === 'error');
    expect(errors.length).toBeGreaterThan(Object.keys(attacks(payloadMarker())).length);
    for (let i = 0; i < Object.keys(attacks(payloadMarker())).length; i++)
      expect(
        errors.some((m) => m.file.startsWith(`postmortems/a${i}/`)),
        `attack ${i}`,
      ).toBe(true);
    for (const m of errors)
      expect(built.output, `${m.file}:${m.line}:${m.column} ${m.rule}`).toMatch(
        new RegExp(`${m.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${m.line}:${m.column} .*${m.rule}`),
      );
  });
});

describe('a site that builds: no postmortem is a module', () => {
  // The shared published site: its Astro configuration wraps the site's own with a probe that records what Vite
  // loads and which modules hold PROBE_TEXT (written in postmortems/probe/2025-06-10-one.mdx only).
  let site: SharedSite;
  let probe: { loaded: string[]; holding: string[] };
  beforeAll(async () => {
    site = await publishedSite();
    probe = JSON.parse(readFileSync(join(site.dir, PROBE_REPORT), 'utf8')) as { loaded: string[]; holding: string[] };
  });

  test('the build succeeds and the page shows the text as HTML', () => {
    expect(site.code, site.output).toBe(0);
    const page = readFileSync(join(site.dir, 'dist/postmortems/2025-06-10-one/index.html'), 'utf8');
    expect(page).toContain(`<p>${PROBE_TEXT} and a chart:</p>`);
    expect(readFileSync(join(site.dir, 'dist/postmortems/2025-06-10-two/index.html'), 'utf8')).toContain('+++');
  });

  test('Vite never loads a file under postmortems/', () => {
    expect(probe.loaded.length).toBeGreaterThan(10);
    const folder = join(site.dir, 'postmortems');
    expect(probe.loaded.filter((id) => id.includes(`${folder}/`) || /\.mdx(?:$|\?)/.test(id))).toEqual([]);
  });

  test('content-modules.mjs names no postmortem', () => {
    const modules = readFileSync(join(site.dir, '.astro/content-modules.mjs'), 'utf8');
    expect(modules).not.toContain('postmortems/');
    expect(modules).not.toContain('.mdx');
  });

  test('no module of the build holds the text: the article is a file the page reads, the data store keeps counted words', () => {
    expect(probe.loaded.some((id) => /data-layer-content|data-store/.test(id))).toBe(true);
    expect(probe.holding).toEqual([]);
  });

  test('the image is published as a file by its hash, with its bytes, and the page points at it', () => {
    const dir = join(site.dir, 'dist/postmortem-images');
    const page = readFileSync(join(site.dir, 'dist/postmortems/2025-06-10-one/index.html'), 'utf8');
    const name = /<img src="\/postmortem-images\/([0-9a-f]{20}\.png)" alt="Error rate">/.exec(page)?.[1];
    expect(name).toBeDefined();
    expect(readdirSync(dir)).toContain(name);
    expect(readFileSync(join(dir, name!)).equals(CHART_PNG)).toBe(true);
    // Every published image is named by its hash; none keeps its path under postmortems/.
    for (const file of readdirSync(dir)) expect(file).toMatch(/^[0-9a-f]{20}\.[a-z]+$/);
    expect(existsSync(join(site.dir, 'dist/postmortems/charts'))).toBe(false);
    expect(existsSync(join(site.dir, 'dist/postmortems/probe'))).toBe(false);
  });

  test('the checker agrees: both files pass', async () => {
    const run = await check(site.dir, ['--format', 'json', '--today', TODAY, 'postmortems/probe']);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.files).toBe(2);
    expect(report.messages.filter((m) => m.severity === 'error')).toEqual([]);
  });
});
