/**
 * Site and format settings, in one typed place. Every field is optional; the
 * defaults are the postmortem contract's. See `src/core/config.ts` for each
 * option's documentation.
 */
import { defineConfig } from 'astro-postmortems/config';

export default defineConfig({
  title: 'Lanternpost Postmortems',
  description: 'Blameless postmortems of Lanternpost incidents: what happened, why, and what we changed so it does not happen again.',
  repository: {
    url: 'https://github.com/lanternpost/postmortems',
    branch: 'main',
  },
  // Action-item owners → GitHub handles: assignees of the issues `npm run action-items:sync` opens,
  // @-mentioned in the weekly overdue report. (Fictional handles of the sample organisation.)
  github: {
    owners: {
      'platform-sre': ['lp-platform-oncall'],
      'checkout-team': ['lp-checkout-lead'],
      'database-reliability': ['lp-dbre'],
      'labels-team': ['lp-labels-lead'],
      observability: ['lp-o11y'],
    },
  },
});
