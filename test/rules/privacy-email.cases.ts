import { expectMessage, type Cases } from './harness.ts';

const email = expectMessage('privacy/email', 'warning');

export default {
  'ok-reserved-domain.mdx': [],
  'not-ok-address.mdx': [email(13, 19, '`sre-lead@harborlight.io`'), email(29, 20, '`jane.doe@harborlight.io`')],
} satisfies Cases;
