import { expectMessage, type Cases } from './harness.ts';

const blame = expectMessage('blameless/language', 'warning');

export default {
  'ok-systems-language.mdx': [],
  // A judgement in the body, about no one in particular: a warning.
  'not-ok-judgement.mdx': [blame(54, 71, '`sloppy`')],
  'not-ok-title.mdx': [blame(2, 8, '`Careless` in `title`')],
} satisfies Cases;
