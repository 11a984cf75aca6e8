import { expectMessage, type Cases } from './harness.ts';

const placeholder = expectMessage('content/placeholder', 'error');

export default {
  'ok-published-written.mdx': [],
  // A draft may still hold the scaffold's guidance and a placeholder owner.
  'ok-draft-with-placeholders.mdx': [],
  // Only the whole owner names nobody; "everyone" in prose and a quoted placeholder inside a sentence are not placeholders.
  'ok-owner-named-team.mdx': [],
  'not-ok-published-scaffold-quote.mdx': [placeholder(27, 1, '`> Replace this quote with what users and')],
  'not-ok-in-review-owner-everyone.mdx': [
    placeholder(15, 12, '`TBD` in `actionItems[0].title`'),
    placeholder(16, 12, '`Everyone` in `actionItems[0].owner`'),
  ],
  'not-ok-published-scaffold-timeline.mdx': [
    placeholder(41, 3, '`**HH:MM**`'),
    placeholder(41, 25, '`_what brought the system back to normal_`'),
  ],
  'not-ok-published-import-sentence.mdx': [placeholder(27, 1, '`This section was not in the imported document`')],
} satisfies Cases;
