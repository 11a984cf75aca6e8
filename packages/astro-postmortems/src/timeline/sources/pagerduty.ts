/**
 * PagerDuty incident log entries: the REST API v2's `GET /incidents/{id}/log_entries`
 * (or `/log_entries`) response, `{ "log_entries": [...] }`, several pages of
 * it in a JSON list, or a bare list of entries. Read per PagerDuty's OpenAPI
 * reference: each entry has `type` (`trigger_log_entry`, `acknowledge_log_entry`,
 * `escalate_log_entry`, `annotate_log_entry`, `resolve_log_entry`…),
 * `created_at` (ISO 8601, in the account's or the requested `time_zone`),
 * `agent` (a user, service or integration reference with a `summary`),
 * `channel` (how: `{ type: "note", summary }` for a note, `{ type: "api" }`…),
 * `incident` (`summary` such as `[#1234] The server is on fire.`, `html_url`),
 * `assignees` on escalations and assignments, `note` on a resolution.
 *
 * The entry's own `summary` ("Acknowledged by Tim Wright") names people, so
 * the sentence is built from the type and the agent instead, and people are
 * shown as configured.
 */
import type { Archive } from '../archive.ts';
import type { EventKind, Inline, Person, TimelineEvent } from '../event.ts';
import { arr, field, isObject, obj, str, type Json } from '../json.ts';
import { SourceError } from '../limits.ts';
import { cleanInline } from '../clean.ts';
import type { SourceResult } from './slack.ts';

const TYPES: Record<string, { kind: EventKind; verb: string; key: boolean }> = {
  trigger_log_entry: { kind: 'trigger', verb: 'triggered', key: true },
  acknowledge_log_entry: { kind: 'acknowledge', verb: 'acknowledged', key: true },
  unacknowledge_log_entry: { kind: 'unacknowledge', verb: 'acknowledgement timed out', key: true },
  escalate_log_entry: { kind: 'escalate', verb: 'escalated', key: true },
  assign_log_entry: { kind: 'assign', verb: 'assigned', key: false },
  delegate_log_entry: { kind: 'assign', verb: 'reassigned', key: true },
  notify_log_entry: { kind: 'notify', verb: 'notification sent', key: false },
  annotate_log_entry: { kind: 'note', verb: 'note added', key: true },
  resolve_log_entry: { kind: 'resolve', verb: 'resolved', key: true },
  snooze_log_entry: { kind: 'snooze', verb: 'snoozed', key: true },
  urgency_change_log_entry: { kind: 'priority', verb: 'urgency changed', key: true },
  exhaust_escalation_path_log_entry: { kind: 'escalate', verb: 'escalation path exhausted', key: true },
  repeat_escalation_path_log_entry: { kind: 'escalate', verb: 'escalation path repeated', key: false },
  reach_trigger_limit_log_entry: { kind: 'other', verb: 'trigger limit reached', key: false },
  reach_ack_limit_log_entry: { kind: 'other', verb: 'acknowledgement limit reached', key: false },
  field_value_change_log_entry: { kind: 'other', verb: 'field changed', key: false },
  custom_field_value_change_log_entry: { kind: 'other', verb: 'custom field changed', key: false },
};

/** The log entries of a parsed file, when it is a PagerDuty log entries response (or pages of them). */
export function pagerDutyEntries(data: Json): Json[] | undefined {
  const isEntry = (e: Json) => isObject(e) && typeof str(e, 'type') === 'string' && str(e, 'type')!.endsWith('_log_entry');
  if (Array.isArray(data)) {
    if (data.length && data.every(isEntry)) return data;
    if (data.length && data.every((page) => Array.isArray(field(page, 'log_entries'))))
      return data.flatMap((page) => arr(page, 'log_entries'));
    return undefined;
  }
  const list = field(data, 'log_entries');
  if (Array.isArray(list)) return list;
  const one = field(data, 'log_entry');
  return isObject(one) && isEntry(one) ? [one] : undefined;
}

function reference(ref: Json | undefined): Person | undefined {
  if (!isObject(ref)) return undefined;
  const type = str(ref, 'type') ?? '';
  const id = str(ref, 'id');
  const name = str(ref, 'summary') || str(ref, 'name');
  if (!name && !id) return undefined;
  const kind = /^user/.test(type) ? 'person' : type ? 'service' : 'person';
  return { key: `pagerduty:${id ?? name}`, id, kind, name: name || undefined, email: str(ref, 'email') };
}

export async function readPagerDuty(archive: Archive, file: string, data: Json): Promise<SourceResult> {
  const entries = pagerDutyEntries(data);
  if (!entries) throw new SourceError(`${archive.label}: not a PagerDuty log entries response`);
  const events: TimelineEvent[] = [];
  const notes: string[] = [];
  const incidents = new Set<string>();
  let unknown = 0;
  let undated = 0;
  const seen = new Set<string>();
  for (const e of entries) {
    if (!isObject(e)) continue;
    const type = str(e, 'type') ?? '';
    const spec = TYPES[type];
    const at = Date.parse(str(e, 'created_at') ?? '');
    if (!Number.isFinite(at) || !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(str(e, 'created_at') ?? '')) {
      undated++;
      continue;
    }
    const id = str(e, 'id') ?? `${type}@${at}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const incident = obj(e, 'incident');
    const incidentSummary = str(incident, 'summary');
    if (incidentSummary) incidents.add(incidentSummary);
    const agent = reference(field(e, 'agent'));
    const channel = obj(e, 'channel');
    const parts: Inline[] = [{ type: 'text', value: 'PagerDuty: ' }];
    const verb = spec?.verb ?? type.replace(/_log_entry$/, '').replaceAll('_', ' ');
    if (!spec) unknown++;
    const people = (list: Json[]) =>
      list
        .map(reference)
        .filter((p): p is Person => !!p)
        .flatMap((p, i): Inline[] =>
          i
            ? [
                { type: 'text', value: ', ' },
                { type: 'person', person: p },
              ]
            : [{ type: 'person', person: p }],
        );
    switch (spec?.kind) {
      case 'trigger': {
        const url = str(incident, 'html_url');
        parts.push({ type: 'text', value: 'incident ' });
        const title = incidentSummary ?? str(channel, 'summary') ?? 'page';
        parts.push(url && /^https:\/\//.test(url) ? { type: 'link', url, label: title } : { type: 'text', value: title });
        const how = str(channel, 'type');
        const service = str(obj(e, 'service'), 'summary') ?? (agent?.kind === 'service' ? agent.name : undefined);
        parts.push({
          type: 'text',
          value: ` triggered${how ? ` (${how === 'api' ? 'API' : how}${service ? `, ${service}` : ''})` : service ? ` (${service})` : ''}`,
        });
        const detail = str(obj(e, 'event_details'), 'description');
        if (detail && detail !== title) parts.push({ type: 'text', value: `: ${detail}` });
        break;
      }
      case 'escalate':
      case 'assign': {
        const to = people(arr(e, 'assignees'));
        parts.push({ type: 'text', value: to.length ? `${verb} to ` : verb }, ...to);
        if (agent?.kind === 'person') parts.push({ type: 'text', value: ' by ' }, { type: 'person', person: agent });
        else if (str(channel, 'type') === 'timeout') parts.push({ type: 'text', value: ' (timeout)' });
        break;
      }
      case 'notify': {
        const user = reference(field(e, 'user'));
        const how = str(obj(channel, 'notification'), 'type') ?? str(obj(e, 'notification'), 'type');
        parts.push(
          { type: 'text', value: 'notified ' },
          ...(user ? [{ type: 'person', person: user } as Inline] : [{ type: 'text', value: 'a responder' } as Inline]),
          { type: 'text', value: how ? ` by ${how}` : '' },
        );
        break;
      }
      case 'note': {
        const note = str(channel, 'summary') ?? str(channel, 'notes') ?? str(e, 'note') ?? '';
        parts.push({ type: 'text', value: 'note' });
        if (agent) parts.push({ type: 'text', value: ' by ' }, { type: 'person', person: agent });
        if (note) parts.push({ type: 'text', value: `: “${note}”` });
        break;
      }
      default: {
        parts.push({ type: 'text', value: verb });
        if (agent && spec?.kind !== 'unacknowledge') parts.push({ type: 'text', value: ' by ' }, { type: 'person', person: agent });
        const note = str(e, 'note');
        if (note) parts.push({ type: 'text', value: `: “${note}”` });
      }
    }
    const { parts: content, truncated } = cleanInline(parts, 400);
    events.push({
      at,
      origin: {
        format: 'pagerduty',
        file: `${archive.label}${file === archive.label ? '' : `: ${file}`}`,
        ref: `log entry ${id} (${type || 'no type'})`,
      },
      kind: spec?.kind ?? 'other',
      who: agent,
      content,
      quoted: false,
      marked: spec?.key ?? false,
      marks: spec?.key ? [spec.kind] : [],
      ...(truncated ? { truncated } : {}),
    });
  }
  if (undated) notes.push(`${undated} log entries without a \`created_at\` with an offset were left out`);
  if (unknown) notes.push(`${unknown} log entries of a type this version does not know were kept with their type name`);
  if (incidents.size > 1) notes.push(`the log holds ${incidents.size} incidents (${[...incidents].slice(0, 3).join('; ')}); all are read`);
  return {
    label: incidents.size === 1 ? `PagerDuty ${[...incidents][0]!.slice(0, 60)}` : 'PagerDuty',
    events,
    records: entries.length,
    notes,
  };
}
