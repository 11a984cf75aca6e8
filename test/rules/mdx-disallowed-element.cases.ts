import { expectMessage, type Cases } from './harness.ts';

const element = expectMessage('mdx/disallowed-element', 'error');

export default {
  // Includes `title="Time to live: 60 seconds"`: a colon in prose is not a URL scheme.
  'ok-allow-listed.mdx': [],
  'ok-tags-in-code.mdx': [],
  'not-ok-script.mdx': [element(29, 1, '`<script>`')],
  'not-ok-iframe.mdx': [element(29, 1, '`<iframe>`')],
  'not-ok-unknown-element.mdx': [element(29, 1, '`<Chart>`')],
  'not-ok-event-handler.mdx': [element(27, 13, '`onClick`')],
  'not-ok-javascript-url.mdx': [element(27, 31, '`javascript:`')],
  'not-ok-attribute.mdx': [element(27, 13, '`style` on `<mark>`')],
  // `main` is the page's own (the skip link's target): a second one would take its place for a screen reader.
  'not-ok-page-id.mdx': [element(27, 13, 'Unexpected id `main` on `<abbr>`, expected one the page does not give its own elements')],
  // Two elements with one id: a link to it, or an `aria-describedby`, would name either.
  'not-ok-duplicate-id.mdx': [element(27, 84, 'Unexpected id `approx` on `<abbr>` given already on line 27, expected each id once')],
} satisfies Cases;
