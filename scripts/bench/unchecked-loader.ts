/**
 * Benchmark only, stage (e): the site's build with the rules switched off, to measure what validation adds to the
 * same build. Each postmortem is read, split and parsed once and rendered by the site's own renderer, as the real
 * loader does, but no rule runs and the frontmatter is not validated. It lives with the benchmark and is used only
 * by the bench's own copy of the site (`sites.ts`); the production loader has no switch for it.
 */
import type { Loader } from 'astro/loaders';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PostmortemConfig } from '../../packages/astro-postmortems/src/core/config.ts';
import { parsePostmortem } from '../../packages/astro-postmortems/src/core/parse.ts';
import { findPostmortems, POSTMORTEMS_DIR } from '../../packages/astro-postmortems/src/core/repository.ts';
import renderPostmortem from '../../packages/astro-postmortems/src/integration/render-step.ts';
import type { RenderedPostmortem } from '../../packages/astro-postmortems/src/integration/render.ts';
import { projectCache } from '../../packages/astro-postmortems/src/integration/cache-folder.ts';
import { storeEntry } from '../../packages/astro-postmortems/src/integration/rendered-entry.ts';

export function uncheckedLoader(config: PostmortemConfig): Loader {
  return {
    name: 'bench-unchecked-loader',
    async load(ctx) {
      const root = fileURLToPath(ctx.config.root);
      const base = ctx.config.base.replace(/\/?$/, '/');
      const articles = projectCache(root, (message) => ctx.logger.warn(message)).articles;
      for (const path of (await findPostmortems(root, POSTMORTEMS_DIR)).files) {
        const file = parsePostmortem(path, readFileSync(join(root, path), 'utf8'));
        const rendered = (await renderPostmortem(file, { root, config, options: { base, articles } })) as RenderedPostmortem;
        ctx.store.set(
          storeEntry(ctx, { id: file.id, path, source: file.source, data: file.frontmatter.data as Record<string, unknown>, rendered }),
        );
      }
    },
  };
}
