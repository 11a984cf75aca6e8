import { expectMessage, type Cases } from './harness.ts';

const order = expectMessage('timeline/order', 'warning');

export default {
  'ok-day-change-with-date.mdx': [],
  'ok-clocks-go-back.mdx': [],
  'not-ok-offset-goes-backwards.mdx': [order(31, 3, '`2026-11-01 01:10` after `01:50`')],
  'not-ok-swapped.mdx': [order(39, 3, '`09:20` after `09:45` (line 38)')],
  'not-ok-day-change-without-date.mdx': [order(38, 3, '`00:10` after `23:50`')],
  'not-ok-dated-entries.mdx': [order(39, 3, '`2025-03-04 23:55` after `2025-03-05 00:10`')],
} satisfies Cases;
