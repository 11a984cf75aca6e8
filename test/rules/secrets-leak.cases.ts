import { expectMessage, type Cases } from './harness.ts';

// One pair only: the rule's own suite covers the credential shapes.
export default {
  'ok-documentation-key.mdx': [],
  'not-ok-github-token.mdx': [expectMessage('secrets/leak', 'error')(29, 24, '`[REDACTED]`')],
} satisfies Cases;
