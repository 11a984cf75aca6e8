import { defineCollection } from 'astro:content';
import { postmortemLoader } from './integration/loader.ts';
import { siteConfig } from './site-config.ts';

export const collections = {
  postmortems: defineCollection({ loader: postmortemLoader(siteConfig) }),
};
