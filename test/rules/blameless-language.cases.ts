import { expectMessage, type Cases } from './harness.ts';

const blame = expectMessage('blameless/language', 'warning');

export default {
  'ok-systems-language.mdx': [],
  'not-ok-human-error.mdx': [blame(31, 28, '`Human error`')],
  // §7: factor descriptions are held to the same wording as the body.
  'not-ok-factor-description.mdx': [blame(21, 18, '`Human error` in `contributingFactors[0].description`')],
  'not-ok-title.mdx': [blame(2, 8, '`Careless` in `title`')],
} satisfies Cases;
