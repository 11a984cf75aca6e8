import type { EventKind } from '../event.ts';

/**
 * What a pager's or an integration's sentence says happened to the page: `Triggered`, `Acknowledged by`,
 * `Alert closed by`, `Escalated to`… Used for Opsgenie and Jira log lines, which carry no type of their
 * own, and for the messages a paging integration posts to Slack, so they can merge with the pager's log.
 */
export function pagerKind(sentence: string): EventKind | undefined {
  const s = sentence.toLowerCase();
  if (/\bun-?acknowledged\b/.test(s)) return 'unacknowledge';
  if (/\b(?:acknowledged|acked)\b/.test(s)) return 'acknowledge';
  if (/\b(?:resolved|closed|auto-?closed|auto-?resolved)\b/.test(s)) return 'resolve';
  if (/\bescalat/.test(s)) return 'escalate';
  if (/\b(?:triggered|alert created|incident created|created (?:via|by|from)|opened)\b/.test(s)) return 'trigger';
  if (/\bsnoozed\b/.test(s)) return 'snooze';
  if (/\bpriority\b/.test(s)) return 'priority';
  if (/\b(?:assigned|assignment|reassigned|took ownership|owner)\b/.test(s)) return 'assign';
  if (/\b(?:viewed|notified|notification|sent (?:to|via)|delivered)\b/.test(s)) return 'notify';
  if (/\bnote\b/.test(s)) return 'note';
  return undefined;
}
