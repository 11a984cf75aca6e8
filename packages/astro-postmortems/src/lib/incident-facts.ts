/**
 * What a reader looks for first about an incident, in words: how long it
 * lasted, what it cost, how fast it was seen, where it stands and what is
 * changing. The postmortem page's key facts and every card and table row of
 * the lists say it the same way. Pure: no site, no clock (the build day is
 * given where overdue matters).
 */
import type { PublishedActionItem, PublishedFrontmatter } from '../core/publishing.ts';
import type { IncidentDurations } from '../core/utils/incident.ts';
import { formatDuration, formatLocal } from '../core/utils/time.ts';
import { STATUS_LABEL } from './format.ts';
import { completion } from './stats.ts';

type Facts = {
  data: Pick<PublishedFrontmatter, 'kind' | 'impact' | 'incident' | 'status' | 'severity'> & {
    actionItems?: readonly PublishedActionItem[] | undefined;
  };
  durations: IncidentDurations;
};

/** `14,300 users affected · SLO breached`: the impact in a few words, `undefined` when none is recorded. Data loss is said either way once recorded. */
export function impactSummary({ data }: Pick<Facts, 'data'>): string | undefined {
  const impact = data.impact;
  if (!impact) return undefined;
  const parts: string[] = [];
  if (impact.usersAffected !== undefined)
    parts.push(`${impact.usersAffected.toLocaleString('en-US')} ${impact.usersAffected === 1 ? 'user' : 'users'} affected`);
  if (impact.sloBreached) parts.push('SLO breached');
  if (impact.dataLoss) parts.push('data lost');
  return parts.length ? parts.join(' · ') : undefined;
}

/** `Resolved in 6 h 28 min`, `Not resolved yet`: how long from the start of impact to resolution. */
export function durationSummary({ durations }: Pick<Facts, 'durations'>): string {
  return durations.resolve === undefined ? 'Not resolved yet' : `Resolved in ${formatDuration(durations.resolve)}`;
}

export interface KeyFact {
  /** Stable name (`data-fact`). */
  key: 'impact' | 'duration' | 'detection' | 'severity' | 'status' | 'changes';
  label: string;
  /** The figure or words read first. */
  value: string;
  /** One more line, smaller. */
  detail?: string;
  /** The value is bad news (SLO breached, review overdue, overdue items). */
  alert?: boolean;
  /** Where the facts behind it are on the page. */
  href?: string;
  /** Part of it is internal (the financial impact), marked on the internal site. */
  internal?: boolean;
}

export interface KeyFactOptions {
  today: string;
  reviewOverdue: boolean;
  reviewDue: string | undefined;
  /** Id of the action items section on the page, when it has one. */
  actionItemsAnchor?: string;
}

/**
 * The six key facts of a postmortem, in the order a reader scanning for 30 seconds wants them: impact, duration,
 * detection, severity, status, and what is changing (the action items).
 */
export function keyFacts(p: Facts, o: KeyFactOptions): KeyFact[] {
  const { data, durations: d } = p;
  const nearMiss = data.kind === 'near-miss';
  const impact = data.impact;
  const items = data.actionItems ?? [];
  const c = completion(items, o.today);
  const facts: KeyFact[] = [];

  const impactValue =
    impact?.usersAffected !== undefined
      ? `${impact.usersAffected.toLocaleString('en-US')} ${impact.usersAffected === 1 ? 'user' : 'users'}`
      : nearMiss
        ? 'None (near miss)'
        : 'Not recorded';
  const impactDetail = [
    impact?.sloBreached === undefined ? '' : impact.sloBreached ? 'SLO breached' : 'SLO held',
    impact?.dataLoss === undefined ? '' : impact.dataLoss ? 'data lost' : 'no data lost',
    impact?.financial ?? '',
  ]
    .filter(Boolean)
    .join(' · ');
  facts.push({
    key: 'impact',
    label: 'Impact',
    value: impactValue,
    ...(impactDetail ? { detail: impactDetail } : {}),
    alert: impact?.sloBreached === true || impact?.dataLoss === true,
  });

  const mitigated = d.mitigate === undefined ? '' : `users affected for ${formatDuration(d.mitigate)}`;
  facts.push({
    key: 'duration',
    label: 'Duration',
    value: d.resolve === undefined ? 'Not resolved yet' : formatDuration(d.resolve),
    detail: [d.resolve === undefined ? '' : 'start to resolution', mitigated].filter(Boolean).join('; ') || 'start to resolution',
  });
  facts.push({
    key: 'detection',
    label: 'Detected after',
    value: d.detect === undefined ? 'Not recorded' : formatDuration(d.detect),
    detail: data.incident.detected ? `at ${formatLocal(data.incident.detected)}` : 'time not recorded',
  });
  facts.push({
    key: 'severity',
    label: 'Severity',
    value: data.severity,
    ...(nearMiss ? { detail: 'near miss: could have been this bad' } : {}),
  });
  facts.push({
    key: 'status',
    label: 'Status',
    value: STATUS_LABEL[data.status] ?? data.status,
    ...(o.reviewOverdue && o.reviewDue
      ? { detail: `review overdue since ${o.reviewDue}`, alert: true }
      : data.status === 'published'
        ? { detail: 'reviewed and final' }
        : {}),
  });
  const changes = [
    c.done ? `${c.done} done` : '',
    c.inProgress ? `${c.inProgress} in progress` : '',
    c.open ? `${c.open} open` : '',
    c.overdue ? `${c.overdue} overdue` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  facts.push({
    key: 'changes',
    label: 'What changes',
    value: items.length ? `${items.length} action ${items.length === 1 ? 'item' : 'items'}` : 'No action item yet',
    ...(changes ? { detail: changes } : {}),
    alert: c.overdue > 0,
    ...(items.length && o.actionItemsAnchor ? { href: `#${o.actionItemsAnchor}` } : {}),
  });
  return facts;
}
