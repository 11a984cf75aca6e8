/**
 * What an organisation's own pages and component overrides may use (`astro-postmortems/site`): the resolved
 * configuration, the site's addresses under its base path, and the postmortems as the pages see them.
 *
 *     import { siteConfig, url, getPostmortems } from 'astro-postmortems/site';
 */
export { siteConfig } from './site-config.ts';
export { getPostmortems, url, type Postmortem } from './lib/postmortems.ts';
