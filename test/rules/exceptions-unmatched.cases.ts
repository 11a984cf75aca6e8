import { expectMessage, type Cases } from './harness.ts';

const unmatched = expectMessage('exceptions/unmatched', 'warning');
const blame = expectMessage('blameless/blame', 'error');

export default {
  // The exception accepts its one sentence: no problem left (check counts it as accepted).
  'ok-accepted.mdx': [],
  // The sentence was rewritten: the exception would silently cover the next one.
  'not-ok-stale.mdx': [unmatched(16, 15, 'matches no sentence the rule reports')],
  // Words in two reported sentences accept neither; a rule that takes no exceptions is named.
  'not-ok-ambiguous-and-unsupported.mdx': [
    unmatched(16, 15, 'whose words are in 2 reported sentences'),
    unmatched(18, 11, 'Unexpected exception for `secrets/leak`'),
    blame(38, 81, '`Sam` is made the one who failed (`missed`)'),
    blame(38, 131, '`Ana` is made the one who failed (`missed`)'),
  ],
} satisfies Cases;
