/**
 * The loader an organisation's `src/content.config.ts` gives its `postmortems` collection, configured from its
 * `postmortems.config.ts`:
 *
 *     import { defineCollection } from 'astro:content';
 *     import { postmortemsLoader } from 'astro-postmortems/loader';
 *     export const collections = { postmortems: defineCollection({ loader: postmortemsLoader() }) };
 */
import type { Loader } from 'astro/loaders';
import { siteConfig } from '../site-config.ts';
import { postmortemLoader } from './loader.ts';

export function postmortemsLoader(): Loader {
  return postmortemLoader(siteConfig);
}
