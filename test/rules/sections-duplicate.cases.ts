import { expectMessage, type Cases } from './harness.ts';

const duplicate = expectMessage('sections/duplicate', 'error');

export default {
  'ok-extra-sections.mdx': [],
  'not-ok-twice.mdx': [duplicate(58, 1, '`## Timeline`, expected it once (first at line 35)')],
  'not-ok-other-case.mdx': [duplicate(42, 1, '`## Root cause`')],
} satisfies Cases;
