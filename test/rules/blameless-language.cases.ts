import { expectMessage, type Cases } from './harness.ts';

const blame = expectMessage('blameless/language', 'warning');

export default {
  'ok-systems-language.mdx': [],
  // A judgement in the body, about no one in particular: a warning.
  'not-ok-judgement.mdx': [blame(54, 71, '`sloppy`')],
  // A zero-width space inside the word: read as the page shows it, reported where the word starts.
  'not-ok-invisible-split.mdx': [
    blame(54, 16, '`careless`'),
    expectMessage('text/invisible', 'error')(54, 20, 'U+200B (ZERO WIDTH SPACE)'),
  ],
  'not-ok-title.mdx': [blame(2, 8, '`Careless` in `title`')],
} satisfies Cases;
