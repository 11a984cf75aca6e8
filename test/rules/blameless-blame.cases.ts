import { expectMessage, type Cases } from './harness.ts';

const blame = expectMessage('blameless/blame', 'error');

export default {
  // Systems that fail, names doing their work, quoted words, a passive with no person, a negation, people in general.
  'ok-systems-and-names.mdx': [],
  // The sentences of issue 22, each an error at the person it blames.
  'not-ok-issue-sentences.mdx': [
    blame(31, 1, '`Bob’s` is made the one who failed (`mistake`)'),
    blame(33, 5, '`engineer` is made the one who failed (`failed`)'),
    blame(35, 1, '`Alice` is made the one who failed (`ignored`)'),
    blame(37, 1, '`John` is made the one who failed (`copied the wrong file`)'),
    blame(39, 1, '`John` is made the one who failed (`should have checked`)'),
    blame(41, 8, '`Priya’s` is made the one who failed (`fault`)'),
    blame(43, 1, '`Human` is made the one who failed (`Human error`)'),
  ],
  // One message per sentence, at its first person (blameless/language leaves the sentence to this rule).
  'not-ok-fault-and-should-have-known.mdx': [blame(52, 8, '`Sam’s` is made the one who failed (`fault`)')],
  // "Human error" named as the cause, in the body and in a contributing factor (§7: factors are held to the same wording).
  'not-ok-human-error-as-cause.mdx': [blame(31, 28, '`Human` is made the one who failed (`Human error`)')],
  'not-ok-human-error-factor.mdx': [blame(21, 18, 'in `contributingFactors[0].description`: `Human`')],
  // The frontmatter is prose too: reported at the field.
  'not-ok-factor-and-title.mdx': [
    blame(2, 8, 'in `title`: `on-call`'),
    blame(16, 18, 'in `contributingFactors[0].description`: `reviewer`'),
  ],
  // What the reader gets: a character reference, a zero-width space and escapes hide nothing.
  // (The `&#8203;` is also `text/invisible`'s: a zero-width space has no place in a word.)
  'not-ok-escaped-and-invisible.mdx': [
    blame(31, 5, '`on-call engineer` is made the one who failed (`forgot`)'),
    expectMessage('text/invisible', 'error')(31, 30, 'U+200B (ZERO WIDTH SPACE)'),
  ],
} satisfies Cases;
