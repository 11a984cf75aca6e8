import { defineConfig } from 'astro/config';
import postmortems from 'astro-postmortems';

export default defineConfig({ integrations: [postmortems()] });
