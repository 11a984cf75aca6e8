import { expectMessage, type Cases } from './harness.ts';

// The rule's own suite covers the credential shapes; here one plain token, and one written with a character reference and a
// Markdown escape (`sk&lowbar;live\_…`), which the page shows as the real key: reported at its place, with the rendered prefix.
export default {
  'ok-documentation-key.mdx': [],
  'not-ok-github-token.mdx': [expectMessage('secrets/leak', 'error')(29, 24, '`[REDACTED]`')],
  'not-ok-escaped-token.mdx': [expectMessage('secrets/leak', 'error')(29, 24, 'Unexpected Stripe secret key `sk_live_…`')],
  // Joined by the page across an element that renders nothing, and decoded from a YAML escape: reported where each starts.
  'not-ok-split-token.mdx': [expectMessage('secrets/leak', 'error')(29, 24, 'Unexpected GitHub token `ghp_…`')],
  'not-ok-yaml-escape.mdx': [expectMessage('secrets/leak', 'error')(2, 41, 'Unexpected GitHub token `ghp_…`')],
} satisfies Cases;
