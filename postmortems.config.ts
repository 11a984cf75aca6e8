/**
 * Site and format settings, in one typed place. Every field is optional; the
 * defaults are the postmortem contract's. See `src/core/config.ts` for each
 * option's documentation.
 */
import { defineConfig } from './src/core/config.ts';

export default defineConfig({
  title: 'Lanternpost Postmortems',
  description: 'Blameless postmortems of Lanternpost incidents: what happened, why, and what we changed so it does not happen again.',
  repository: {
    url: 'https://github.com/lanternpost/postmortems',
    branch: 'main',
  },
});
