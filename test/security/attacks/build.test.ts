/**
 * Content never becomes code, through a real `astro build`: every attack of
 * the review fails the build with the same problems `check` reports, no
 * payload runs, no secret of the build's environment is printed; and in a
 * build that succeeds, no postmortem is a module: nothing under
 * `postmortems/` is loaded by Vite, `.astro/content-modules.mjs` names none,
 * and the only module holding a postmortem's text is Astro's data store (a
 * JSON string), while the page shows it as HTML.
 */
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { build, createSite } from '../../helpers/site.ts';
import { check, type JsonReport } from '../cli.ts';
import { TODAY, validPostmortem, withBlock } from '../postmortem.ts';
import { attacks } from './vectors.ts';

const marker = join(tmpdir(), `pm-attack-build-${process.pid}-${Date.now()}`);
const canary = `canary-${createHash('sha256').update(marker).digest('hex').slice(0, 16)}`;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('every attack fails the build as check reports it, and nothing runs', async () => {
  // Each attack in a folder of its own (folders carry no meaning), its postmortem renamed so ids stay unique.
  const files: Record<string, string | Uint8Array> = {};
  Object.values(attacks(marker)).forEach((attack, i) => {
    for (const [path, content] of Object.entries(attack.files)) {
      files[path.replace('postmortems/', `postmortems/a${i}/`).replace('2025-06-10-attack.mdx', `2025-06-10-attack-${i}.mdx`)] = content;
    }
  });
  const site = createSite(files as Record<string, string>);
  dirs.push(site.dir);
  const built = await build(site.dir, { POSTMORTEMS_SEARCH: 'off', PM_BUILD_CANARY: canary });
  const checked = JSON.parse((await check(site.dir, ['--format', 'json'])).stdout) as JsonReport;

  test('the build fails, without a stack trace, and no payload ran', () => {
    expect(built.code).not.toBe(0);
    expect(built.output).toContain('so the site was not built');
    expect(built.output).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
    expect(existsSync(marker)).toBe(false);
  });

  test('the build output holds no value of its environment', () => {
    expect(built.output).not.toContain(canary);
    expect(built.output).not.toContain(process.env['HOME'] ?? '/root');
  });

  test('check and the build agree: every error check reports is in the build output, at the same place', () => {
    const errors = checked.messages.filter((m) => m.severity === 'error');
    expect(errors.length).toBeGreaterThan(Object.keys(attacks(marker)).length);
    for (const m of errors) expect(built.output, `${m.file}:${m.line}:${m.column} ${m.rule}`).toMatch(new RegExp(`${m.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${m.line}:${m.column} .*${m.rule}`));
  });
});

/** A site config that records what Vite loads and which modules hold `text` (see the file's comment). */
function probeConfig(text: string, report: string): string {
  return `import config from './astro.config.site.mjs';
import { writeFileSync } from 'node:fs';
const loaded = [];
const holding = [];
const probe = {
  name: 'test-probe',
  enforce: 'pre',
  load(id) { loaded.push(id); return null; },
  generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk') continue;
      for (const [id, m] of Object.entries(chunk.modules)) if ((m.code ?? '').includes(${JSON.stringify(text)})) holding.push(id);
    }
  },
};
export default {
  ...config,
  integrations: [...config.integrations, { name: 'test-probe', hooks: {
    'astro:config:setup': ({ updateConfig }) => updateConfig({ vite: { plugins: [probe] } }),
    'astro:build:done': () => writeFileSync(${JSON.stringify(report)}, JSON.stringify({ loaded, holding })),
  } }],
};
`;
}

describe('a site that builds: no postmortem is a module', async () => {
  const text = `Textmarker${Date.now()}`;
  const png = readFileSync(new URL('../../rules/fixtures/image-source/ok-png-beside/postmortems/error-rate.png', import.meta.url));
  const site = createSite({
    'postmortems/2025-06-10-one.mdx': withBlock(`${text} and a chart:\n\n![Error rate](./charts/error-rate.png)`, 1),
    'postmortems/charts/error-rate.png': png as unknown as string,
    // A `+++` line in a quoted title: check passed it and the build failed, now both pass.
    'postmortems/2025-06-10-two.mdx': validPostmortem(2).replace(/^title: .*$/m, 'title: "Checkout rates failed\n\n  +++\n\n  after a cache rule change"'),
  });
  dirs.push(site.dir);
  const report = join(site.dir, 'probe.json');
  const config = readFileSync(join(site.dir, 'astro.config.mjs'), 'utf8');
  site.write('astro.config.site.mjs', config);
  site.write('astro.config.mjs', probeConfig(text, report));
  const built = await build(site.dir, { POSTMORTEMS_SEARCH: 'off' });
  const probe = JSON.parse(readFileSync(report, 'utf8')) as { loaded: string[]; holding: string[] };

  test('the build succeeds and the page shows the text as HTML', () => {
    expect(built.code, built.output).toBe(0);
    const page = readFileSync(join(site.dir, 'dist/postmortems/2025-06-10-one/index.html'), 'utf8');
    expect(page).toContain(`<p>${text} and a chart:</p>`);
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
    const names = readdirSync(dir);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^[0-9a-f]{20}\.png$/);
    expect(readFileSync(join(dir, names[0]!)).equals(png)).toBe(true);
    const page = readFileSync(join(site.dir, 'dist/postmortems/2025-06-10-one/index.html'), 'utf8');
    expect(page).toContain(`<img src="/postmortem-images/${names[0]}" alt="Error rate">`);
    expect(existsSync(join(site.dir, 'dist/postmortems/charts'))).toBe(false);
  });

  test('the checker agrees: both files pass', async () => {
    const run = await check(site.dir, ['--format', 'json', '--today', TODAY]);
    expect((JSON.parse(run.stdout) as JsonReport).messages.filter((m) => m.severity === 'error')).toEqual([]);
  });
});
