import { expectMessage, type Cases } from './harness.ts';

const email = expectMessage('privacy/email', 'warning');

export default {
  'ok-reserved-domain.mdx': [],
  // As the reader gets them: a YAML `\x40` in the frontmatter, `&#64;` in the body, an address before a `:`.
  'not-ok-escaped-address.mdx': [
    email(16, 13, '`sre-lead@harborlight.io`'),
    email(29, 20, '`jane.doe@harborlight.io`'),
    email(29, 68, '`billing@harborlight.io`'),
  ],
  'not-ok-address.mdx': [email(13, 19, '`sre-lead@harborlight.io`'), email(29, 20, '`jane.doe@harborlight.io`')],
} satisfies Cases;
