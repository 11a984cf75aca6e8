/**
 * Customisation without forking (issue 20, deliverable 4), through a real build of a site that installs the engine
 * as a package: its title, logo, colours, stylesheet, footer links, page size, its own Header, Footer and
 * PostmortemHeader (Starlight-style overrides served as `virtual:postmortems/components/*`), and a page of its own in
 * `src/pages/` beside the injected routes, using only the package's public exports.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../packages/astro-postmortems/src/core/config.ts';
import { overrides } from '../../packages/astro-postmortems/src/integration/overrides.ts';
import { build, createSite } from '../helpers/site.ts';
import { shownHtml } from '../helpers/shown-html.ts';

const CONFIG = `import { defineConfig } from 'astro-postmortems/config';

export default defineConfig({
  title: 'Acme Incident Reviews',
  logo: 'brand/logo.svg',
  colors: { accent: '#7a1fa2', p1: { light: '#a00000', dark: 'oklch(75% 0.15 25)' } },
  customCss: ['./src/styles/brand.css'],
  pageSize: { postmortems: 4, actionItems: 5 },
  footer: { links: [{ label: 'Incident process', href: 'https://wiki.acme.example/incidents' }, { label: 'About us', href: '/about/' }], text: 'Acme reviews incidents without blame.' },
  components: {
    Header: './src/components/header.astro',
    Footer: './src/components/footer.astro',
    PostmortemHeader: './src/components/postmortem-header.astro',
  },
});
`;

const FILES = {
  'public/brand/logo.svg': '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n',
  'src/styles/brand.css': '.acme-strip { border-top: 4px solid var(--accent); }\n',
  // Wraps the engine's header: a strip above it.
  'src/components/header.astro': `---
import Default from 'astro-postmortems/components/header.astro';
import { siteConfig } from 'astro-postmortems/site';
---
<div class="acme-strip" data-override="header">Internal: {siteConfig.title}</div>
<Default />
`,
  'src/components/footer.astro': `---
import Default from 'astro-postmortems/components/footer.astro';
---
<Default />
<p data-override="footer">Acme Ltd.</p>
`,
  // Replaces the postmortem header, using its prop.
  'src/components/postmortem-header.astro': `---
import type { Postmortem } from 'astro-postmortems/site';
interface Props { postmortem: Postmortem }
const { postmortem } = Astro.props;
---
<header class="pm-header" data-override="postmortem-header">
  <h1>{postmortem.data.title}</h1>
  <p>Severity {postmortem.data.severity}, written by {postmortem.data.authors.join(', ')}</p>
</header>
`,
  'src/pages/about.astro': `---
import BaseLayout from 'astro-postmortems/layouts/base-layout.astro';
import { getPostmortems, siteConfig, url } from 'astro-postmortems/site';
const all = await getPostmortems();
---
<BaseLayout title="About">
  <h1>About {siteConfig.title}</h1>
  <p data-count={all.length}>We have written {all.length} postmortems.</p>
  <a href={url('postmortems/')}>Read them</a>
</BaseLayout>
`,
};

const html = (dir: string, page: string) => readFileSync(join(dir, 'dist', page), 'utf8');

describe('customisation without forking', () => {
  let siteDir: string | undefined;
  afterAll(() => {
    if (siteDir) rmSync(siteDir, { recursive: true, force: true });
  });

  it('builds a site with its own colours, stylesheet, footer, page size, components and page, beside the injected routes', async () => {
    const site = createSite(FILES, { samples: true, config: CONFIG });
    siteDir = site.dir;
    const result = await build(site.dir, { POSTMORTEMS_PAGE_SIZE: '' });
    expect(result.code, result.output).toBe(0);
    const { dir } = site;

    // The organisation's page, built with the site's layout and data, and the engine's pages around it.
    const about = html(dir, 'about/index.html');
    const count = Number(/data-count="(\d+)"/.exec(about)?.[1]);
    expect(count).toBeGreaterThanOrEqual(8);
    expect(about).toContain('<h1>About Acme Incident Reviews</h1>');
    expect(about).toContain('<title>About · Acme Incident Reviews</title>');
    for (const page of ['index.html', 'postmortems/index.html', 'action-items/index.html', 'stats/index.html', 'search/index.html'])
      expect(existsSync(join(dir, 'dist', page)), page).toBe(true);

    // Header and footer overrides on every page, the engine's own inside them; title and logo from the configuration.
    for (const page of ['index.html', 'about/index.html', 'postmortems/index.html']) {
      const text = html(dir, page);
      expect(text, page).toContain('data-override="header">Internal: Acme Incident Reviews</div>');
      expect(text, page).toMatch(
        /<header class="site-header">[\s\S]*<img class="logo" src="\/brand\/logo\.svg"[\s\S]*<span>Acme Incident Reviews<\/span>/,
      );
      expect(text, page).toContain('<p data-override="footer">Acme Ltd.</p>');
      expect(text, page).toMatch(
        /<ul class="footer-links"><li><a href="https:\/\/wiki\.acme\.example\/incidents">Incident process<\/a><\/li><li><a href="\/about\/">About us<\/a><\/li>/,
      );
      expect(text, page).toContain('Acme reviews incidents without blame. Figures as of');
      // Still no inline style: the strict Content-Security-Policy holds.
      expect(text, page).not.toMatch(/\sstyle="/);
      expect(text, page).toContain('http-equiv="content-security-policy"');
    }

    // The postmortem header replaced; the search index's filters are the page's, not the header's, and survive.
    const ids = readdirSync(join(dir, 'postmortems'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.mdx'))
      .map((f) => f.replace(/^.*\//, '').replace(/\.mdx$/, ''));
    const page = html(dir, `postmortems/${ids[0]}/index.html`);
    expect(page).toMatch(/<header class="pm-header" data-override="postmortem-header">\s*<h1>[^<]+<\/h1>\s*<p>Severity P\d, written by /);
    expect(page).not.toContain('class="pm-taxonomy"');
    expect(page).toContain('data-pagefind-filter="severity"');
    expect(page).toContain('data-pagefind-meta="title"');

    // Page size from the configuration: 4 cards a page, so the samples span several pages.
    expect(shownHtml(html(dir, 'postmortems/index.html')).match(/class="pm-card"/g)?.length).toBe(4);
    expect(existsSync(join(dir, 'dist/postmortems', String(Math.ceil(count / 4)), 'index.html'))).toBe(true);
    expect(existsSync(join(dir, 'dist/postmortems', String(Math.ceil(count / 4) + 1), 'index.html'))).toBe(false);

    // Colours and the organisation's stylesheet are in the bundled CSS, after the site's own.
    const css = readdirSync(join(dir, 'dist/_astro'))
      .filter((f) => f.endsWith('.css'))
      .map((f) => readFileSync(join(dir, 'dist/_astro', f), 'utf8'))
      .join('\n');
    expect(css).toMatch(/--accent:\s*#7a1fa2/);
    expect(css).toMatch(/--p1:\s*light-dark\(#a00000,\s*oklch\(75% \.?0?\.15 25\)\)/);
    expect(css).toMatch(/\.acme-strip\{border-top:4px solid var\(--accent\)\}/);
    // Both must be there: `search` gives -1 for a missing one, and any index is after -1.
    const override = css.search(/--accent:\s*#7a1fa2/);
    const shipped = css.search(/--accent:\s*light-dark\(#0b5cad/);
    expect(override).toBeGreaterThanOrEqual(0);
    expect(shipped).toBeGreaterThanOrEqual(0);
    expect(override).toBeGreaterThan(shipped);
  });

  // The check itself, without a build of its own: it runs in the integration's `astro:config:setup` hook (the Vite
  // plugin is made there), where a throw stops the build before anything is built, as the real builds of
  // test/build/server.test.ts (DEPLOY=1 without a site URL) and test/security/attacks/cache-links.test.ts (planted
  // links) show for the errors thrown beside it.
  // The check itself, without a build of its own (one that stopped at once): it runs in the integration's
  // `astro:config:setup` hook, where the Vite plugin is made, and a throw there stops the build before anything is
  // built, as the real builds of test/build/server.test.ts (DEPLOY=1 without a site URL) and
  // test/security/attacks/cache-links.test.ts (planted links) show for the errors thrown beside it.
  it('stops the build naming the option when an override or stylesheet does not exist', () => {
    const root = mkdtempSync(join(tmpdir(), 'pm-overrides-'));
    try {
      const plugin = (config: object) => () => overrides(root, resolveConfig(config));
      expect(plugin({ components: { Footer: './src/components/missing.astro' }, customCss: ['./src/nope.css'] })).toThrow(
        /components\.Footer: `\.\/src\/components\/missing\.astro` does not exist/,
      );
      expect(plugin({ customCss: ['./src/nope.css'] })).toThrow(/customCss\[0\]: `\.\/src\/nope\.css` does not exist/);
      expect(plugin({ customCss: ['./src/nope.css'] })).toThrow(ConfigError);
      // Files that exist pass (the build above serves them).
      mkdirSync(join(root, 'src/components'), { recursive: true });
      writeFileSync(join(root, 'src/components/footer.astro'), '<p>Ours</p>\n');
      writeFileSync(join(root, 'src/nope.css'), 'p {}\n');
      expect(plugin({ components: { Footer: './src/components/footer.astro' }, customCss: ['./src/nope.css'] })()).toMatchObject({
        name: 'postmortems:overrides',
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
