import { expectMessage, type Cases } from './harness.ts';

const name = expectMessage('accessibility/name', 'error');

export default {
  // A link with words, a `<details>` whose `<summary>` says what it holds.
  'ok-named.mdx': [],
  'not-ok-empty-link.mdx': [name(27, 31, 'Unexpected link to `https://status.example.com/incidents/123` with no text')],
  // Spacing left by a converted page: an empty entry in the outline, with no anchor.
  'not-ok-empty-heading.mdx': [name(29, 1, 'Unexpected heading `##` with no text')],
  'not-ok-empty-summary.mdx': [name(30, 1, 'Unexpected `<summary>` with no text')],
} satisfies Cases;
