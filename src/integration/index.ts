/**
 * The site's Astro integration: a thin entry that wires hooks and delegates.
 * Validation happens in the content loader (`loader.ts`); search in
 * `pagefind/`.
 */
import type { AstroIntegration } from 'astro';
import { resolveConfig, type PostmortemConfigInput } from '../core/config.ts';
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
      'astro:build:done': async ({ dir, logger }) => {
        if (options.search !== false) await buildSearchIndex(dir, logger);
      },
    },
  };
}
