/**
 * The Astro integration an organisation's `astro.config.mjs` adds, and all it
 * needs to add: it reads `postmortems.config.ts` from the project root,
 * injects every page and endpoint of the site (the organisation's repository
 * holds no page files), sets the site's origin, sitemap and
 * Content-Security-Policy (sent by `astro dev` too), and wires the Vite plugins. Validation and
 * rendering happen in the content loader (`loader.ts`, `render.ts`);
 * `content-guard.ts` keeps `postmortems/` out of the module graph; code
 * colours come from `highlight-styles.ts`; search from `pagefind/`; the folders
 * Astro writes are checked before it does (`build-folders.ts`).
 */
import sitemap from '@astrojs/sitemap';
import type { AstroIntegration } from 'astro';
import { AstroError } from 'astro/errors';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CONFIG_FILE } from '../core/config.ts';
import { loadConfig } from '../core/load-config.ts';
import { readEnvironment } from '../core/environment.ts';
import { buildFolders, unsafeBuildEntries, unsafeBuildMessage } from './build-folders.ts';
import { contentGuard } from './content-guard.ts';
import { deploymentSite } from './deployment.ts';
import { highlightStyles } from './highlight-styles.ts';
import { overrides } from './overrides.ts';
import { buildSearchIndex } from './pagefind/index.ts';
import { ROUTES } from './routes.ts';
import { devCsp, SITE_CSP } from './csp.ts';
import { userConfigModule } from './user-config.ts';
import { engineModule } from '../core/utils/module-url.ts';

export interface IntegrationOptions {
  /** Skip the Pagefind index (benchmarks of a bare build; `postmortems build` indexes after Astro exits). */
  search?: boolean;
}

export default function postmortems(options: IntegrationOptions = {}): AstroIntegration {
  return {
    name: 'astro-postmortems',
    hooks: {
      'astro:config:setup': async ({ config: astro, updateConfig, injectRoute, addWatchFile, logger }) => {
        const root = fileURLToPath(astro.root);
        // Before Astro or Vite reads or writes any of its folders: none may lead outside the project (build-folders.ts).
        const unsafe = unsafeBuildEntries(buildFolders(root, fileURLToPath(astro.outDir), fileURLToPath(astro.cacheDir)));
        if (unsafe.length) {
          const { message, hint } = unsafeBuildMessage(unsafe);
          const error = new AstroError(message, hint);
          error.stack = '';
          throw error;
        }
        // Validated before any page is built: a bad configuration fails here with the field and the fix. `astro dev`
        // restarts when the file changes, and then reads it afresh (components, colours and the origin come from here).
        addWatchFile(new URL(CONFIG_FILE, astro.root));
        const config = await loadConfig(root, { fresh: true });
        // The origin comes from the environment or postmortems.config.ts, unless astro.config.mjs sets one itself.
        const deployment = deploymentSite(config, process.env, (message) => logger.warn(message));
        for (const route of ROUTES) injectRoute({ pattern: route.pattern, entrypoint: route.entrypoint, prerender: true });
        updateConfig({
          ...(astro.site ? {} : { site: deployment.site }),
          ...(astro.base !== '/' ? {} : { base: deployment.base }),
          integrations: [sitemap()],
          // Postmortems are rendered by the loader (render.ts), never by Astro's Markdown pipeline, whose Shiki
          // output needs inline styles.
          markdown: { syntaxHighlight: false },
          security: { csp: SITE_CSP },
          // Its toolbar fetches from astro.build and injects inline styles: the dev server is held to the site's policy.
          devToolbar: { enabled: false },
          // Frontmatter completion and hover docs for postmortems in editors running the Astro language server.
          experimental: { contentIntellisense: true },
          vite: {
            plugins: [devCsp(), userConfigModule(root), overrides(root, config), contentGuard(astro.root, astro.base), highlightStyles()],
            // The writing page's checker: satteri's browser binding is the engine's loader of satteri's WebAssembly
            // (lib/client/satteri-wasm.ts), and the worker is a module, so it can await the parser's loading.
            // decode-named-character-reference's browser build decodes with `document`, which a worker has not: its
            // table is used everywhere, as `check` uses it.
            resolve: {
              alias: [
                {
                  find: /^@bruits\/satteri-wasm32-wasi$/,
                  replacement: fileURLToPath(engineModule('../lib/client/satteri-wasm.ts', import.meta.url)),
                },
                {
                  find: /^decode-named-character-reference$/,
                  replacement: createRequire(import.meta.url).resolve('decode-named-character-reference'),
                },
              ],
            },
            worker: { format: 'es' },
            // Scripts stay in files, never inlined, so the strict Content-Security-Policy needs no hash but the theme
            // bootstrap's.
            build: { assetsInlineLimit: (file: string) => (file.endsWith('.js') ? false : undefined) },
          },
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        if (options.search !== false && readEnvironment('POSTMORTEMS_SEARCH') !== 'off') await buildSearchIndex(dir, logger);
      },
    },
  };
}
