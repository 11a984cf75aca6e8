import { expectMessage, type Cases } from './harness.ts';

const milestones = expectMessage('timeline/milestones', 'warning');

export default {
  'ok-same-minute-other-offset.mdx': [],
  'ok-no-stated-offset.mdx': [],
  'ok-zone-without-offset.mdx': [],
  'ok-several-and-inner-words.mdx': [],
  'ok-undated.mdx': [],
  'not-ok-resolved-offset.mdx': [milestones(36, 3, '`Resolved` at 11:02 in the Timeline, expected 10:02 (UTC)')],
  // A day apart (the entry says the 5th, the field the 6th): the message gives the field's day.
  'not-ok-detected-day.mdx': [
    milestones(33, 3, '`Incident detected` at 2025-03-05 00:20 in the Timeline, expected 2025-03-06 00:20 (UTC-05:00)'),
  ],
} satisfies Cases;
