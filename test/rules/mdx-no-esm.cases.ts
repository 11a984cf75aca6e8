import { expectMessage, type Cases } from './harness.ts';

const esm = expectMessage('mdx/no-esm', 'error');

export default {
  'ok-code-block.mdx': [],
  'not-ok-import.mdx': [esm(21, 1, '`import`')],
  'not-ok-export.mdx': [esm(29, 1, '`export`')],
} satisfies Cases;
