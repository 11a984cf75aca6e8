import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';

export const collections = {
  // Ids are file names without folders, as on the real site (`/postmortems/<id>/`).
  postmortems: defineCollection({
    loader: glob({
      pattern: '**/*.mdx',
      base: './postmortems',
      generateId: ({ entry }) => entry.slice(entry.lastIndexOf('/') + 1).replace(/\.mdx$/, ''),
    }),
  }),
};
