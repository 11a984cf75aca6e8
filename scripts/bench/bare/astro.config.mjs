// @ts-check
// The bench's bare build: Astro rendering the MDX postmortems alone, with no
// validation, no other page and no search index. The bench copies this folder
// into a temporary project beside the generated `postmortems/`.
import mdx from '@astrojs/mdx';
import { defineConfig } from 'astro/config';

export default defineConfig({
  integrations: [mdx()],
});
