// @ts-check
import mdx from '@astrojs/mdx';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import siteOptions from './postmortems.config.ts';
import postmortems from './src/integration/index.ts';

import { deploymentSite } from './src/integration/deployment.ts';

// The deployed origin and path: SITE_URL / BASE_PATH (the Pages workflow sets them), else `siteUrl` / `basePath`
// in postmortems.config.ts. A deployment build (DEPLOY=1) without either fails: canonical links, og:url, the feed
// and the sitemap would otherwise point to http://localhost:4321/.
const { site, base } = deploymentSite(siteOptions, process.env);

export default defineConfig({
  site,
  base,
  trailingSlash: 'ignore',
  integrations: [mdx(), sitemap(), postmortems(siteOptions, { search: process.env.POSTMORTEMS_SEARCH !== 'off' })],
  server: { port: 4321 },
  // Postmortems are rendered by the loader (src/integration/render.ts), never by Astro's Markdown pipeline, whose
  // Shiki output needs inline styles.
  markdown: { syntaxHighlight: false },
  // A strict Content-Security-Policy on every page (a <meta> element, as the site is static):
  // scripts only from this site or hashed by Astro, never inline handlers; WebAssembly for
  // Pagefind's search; no other host for anything. No inline styles either: code highlighting
  // colours tokens with classes (src/integration/highlight.ts).
  security: {
    csp: {
      algorithm: 'SHA-256',
      directives: [
        "default-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-src 'none'",
      ],
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'", { resource: "'none'", kind: 'attribute' }] },
      styleDirective: { resources: ["'self'"] },
    },
  },
  // Frontmatter completion and hover docs for postmortems in editors running the Astro language server.
  experimental: { contentIntellisense: true },
  vite: {
    build: {
      rollupOptions: {
        // Astro's own MDX modules carry this directive; the bundler's notice about it is noise, once per postmortem.
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject')) return;
          warn(warning);
        },
      },
    },
  },
});
