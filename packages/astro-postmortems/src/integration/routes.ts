/**
 * Every page and endpoint of the site, injected by the integration (`injectRoute`): an organisation's repository
 * holds no page files. A page of its own in `src/pages/` is added beside these; one at the same path wins, as
 * Astro gives project routes priority over injected ones.
 */
import { fileURLToPath } from 'node:url';
import { engineModule } from '../core/utils/module-url.ts';

const page = (pattern: string, file: string) => ({ pattern, entrypoint: fileURLToPath(engineModule(`../pages/${file}`, import.meta.url)) });

export const ROUTES: readonly { pattern: string; entrypoint: string }[] = [
  page('/', 'index.astro'),
  page('/404', '404.astro'),
  page('/search', 'search.astro'),
  page('/search-filters.json', 'search-filters.json.ts'),
  page('/rss.xml', 'rss.xml.ts'),
  page('/robots.txt', 'robots.txt.ts'),
  page('/postmortems/[...page]', 'postmortems/[...page].astro'),
  page('/postmortems/[id]', 'postmortems/[id].astro'),
  page('/postmortems/filters/[file].json', 'postmortems/filters/[file].json.ts'),
  page('/postmortem-images/[file]', 'postmortem-images/[file].ts'),
  page('/action-items/[...page]', 'action-items/[...page].astro'),
  page('/action-items/filters/[file].json', 'action-items/filters/[file].json.ts'),
  page('/factors', 'factors/index.astro'),
  page('/factors/[category]/[...page]', 'factors/[category]/[...page].astro'),
  page('/services', 'services/index.astro'),
  page('/services/[service]/[...page]', 'services/[service]/[...page].astro'),
  page('/tags', 'tags/index.astro'),
  page('/tags/[tag]/[...page]', 'tags/[tag]/[...page].astro'),
  page('/stats', 'stats/index.astro'),
  page('/write', 'write.astro'),
  page('/write/data.json', 'write/data.json.ts'),
];
