import { expectMessage, type Cases } from './harness.ts';

const unknown = expectMessage('factors/unknown-category', 'error');

export default {
  'ok-configured-categories.mdx': [],
  // The closest configured category is named, so a typo is a one-letter fix.
  'not-ok-typo.mdx': [unknown(22, 15, '`configuraton`, expected one of the configured categories; did you mean `configuration`?')],
  // Nothing close: every configured category is listed instead.
  'not-ok-not-configured.mdx': [
    unknown(20, 15, '`tooling-gap`, expected one of the configured categories; use one of `change`, `configuration`, `capacity`'),
  ],
} satisfies Cases;
