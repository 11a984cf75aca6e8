/**
 * The site's Astro integration: a thin entry that wires hooks and delegates.
 * Validation and rendering happen in the content loader (`loader.ts`,
 * `render.ts`); `content-guard.ts` keeps `postmortems/` out of the module
 * graph; code colours come from `highlight-styles.ts`; search from `pagefind/`.
 */
import type { AstroIntegration } from 'astro';
import { resolveConfig, type PostmortemConfigInput } from '../core/config.ts';
import { contentGuard } from './content-guard.ts';
import { highlightStyles } from './highlight-styles.ts';
import { buildSearchIndex } from './pagefind/index.ts';

export interface IntegrationOptions {
  /** Skip the Pagefind index (benchmarks of a bare build). */
  search?: boolean;
}

export default function postmortems(config: PostmortemConfigInput = {}, options: IntegrationOptions = {}): AstroIntegration {
  // Validate early so a bad config fails before any page is built.
  resolveConfig(config);
  return {
    name: 'postmortems',
    hooks: {
      // Scripts stay in files, never inlined, so a strict Content-Security-Policy
      // needs no hash but the theme bootstrap's.
      'astro:config:setup': ({ updateConfig, config: astro }) => {
        updateConfig({
          vite: {
            plugins: [contentGuard(astro.root, astro.base), highlightStyles()],
            build: { assetsInlineLimit: (file: string) => (file.endsWith('.js') ? false : undefined) },
          },
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        if (options.search !== false) await buildSearchIndex(dir, logger);
      },
    },
  };
}
