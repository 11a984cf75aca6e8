/**
 * Opsgenie and Jira Service Management (which absorbs Opsgenie) exports:
 *
 * - alert logs, Opsgenie's `GET /v2/alerts/{id}/logs`: `{ "data": [{ "log", "type", "owner", "createdAt", "offset" }] }`
 *   (`type` is `system`, `alertRecipient`…; `owner` a user's e-mail or `System`);
 * - the same from JSM Operations, `GET /jsm/ops/api/{cloudId}/v1/alerts/{id}/logs`: `{ "values": [...] }`;
 * - an Opsgenie incident timeline, `GET /v2/incident-timelines/{id}/entries`:
 *   `{ "data": { "entries": [{ "id", "group", "type", "eventTime", "hidden", "actor": { "name", "type" }, "description": { "content" | "name" } }] } }`;
 * - a JSM incident's Jira history: the changelog (`GET /rest/api/3/issue/{key}/changelog`, `{ "values": [{ "author", "created", "items": [{ "field", "fromString", "toString" }] }] }`,
 *   or `changelog.histories` of an issue fetched with `expand=changelog`) and its comments (`{ "comments": [{ "author", "created", "body" }] }`, the body in Atlassian Document Format).
 *
 * Owners are often e-mail addresses: they are matched against the configured roles and never copied into
 * the postmortem as addresses.
 */
import type { Archive } from '../archive.ts';
import type { EventKind, Inline, Person, SourceFormat, TimelineEvent } from '../event.ts';
import { arr, field, isObject, obj, str, type Json } from '../json.ts';
import { cleanInline } from '../clean.ts';
import { pagerKind } from './kinds.ts';
import type { SourceResult } from './slack.ts';

type Shape = 'alert-logs' | 'incident-timeline' | 'jira-changelog' | 'jira-comments';

const hasOffset = (s: string | undefined) => !!s && /(?:Z|[+-]\d{2}:?\d{2})$/i.test(s);

/** Which of the shapes above a parsed file is, with its records; `undefined` when none. */
export function opsgenieShape(data: Json): { shape: Shape; format: SourceFormat; records: Json[] } | undefined {
  const isLog = (e: Json) => isObject(e) && typeof str(e, 'log') === 'string' && typeof str(e, 'createdAt') === 'string';
  const d = field(data, 'data');
  if (Array.isArray(d) && d.some(isLog)) return { shape: 'alert-logs', format: 'opsgenie', records: d };
  const values = field(data, 'values');
  if (Array.isArray(values) && values.some(isLog)) return { shape: 'alert-logs', format: 'jsm', records: values };
  if (Array.isArray(data) && data.length && data.every(isLog)) return { shape: 'alert-logs', format: 'opsgenie', records: data };
  const entries = field(d, 'entries') ?? field(data, 'entries');
  if (Array.isArray(entries) && entries.some((e) => isObject(e) && typeof str(e, 'eventTime') === 'string'))
    return { shape: 'incident-timeline', format: 'opsgenie', records: entries };
  const histories =
    Array.isArray(values) && values.some((v) => Array.isArray(field(v, 'items')))
      ? values
      : (field(obj(data, 'changelog'), 'histories') ?? field(data, 'histories'));
  if (Array.isArray(histories) && histories.some((h) => Array.isArray(field(h, 'items'))))
    return { shape: 'jira-changelog', format: 'jsm', records: histories };
  const comments = field(data, 'comments') ?? field(obj(obj(data, 'fields'), 'comment'), 'comments');
  if (
    Array.isArray(comments) &&
    comments.some((c) => isObject(c) && field(c, 'body') !== undefined && typeof str(c, 'created') === 'string')
  )
    return { shape: 'jira-comments', format: 'jsm', records: comments };
  return undefined;
}

function owner(name: string | undefined, format: SourceFormat): Person | undefined {
  if (!name) return undefined;
  if (/^(?:system|opsgenie|jira|automation)$/i.test(name))
    return { key: `${format}:system`, kind: 'service', name: format === 'jsm' ? 'Jira Service Management' : 'Opsgenie' };
  const email = /^[^@\s]+@[^@\s]+$/.test(name) ? name : undefined;
  // An address is a person's; its local part is the nearest thing to a handle.
  return {
    key: `email:${name.toLowerCase()}`,
    kind: 'person',
    email,
    handle: email ? email.split('@')[0] : undefined,
    name: email ? undefined : name,
  };
}

function jiraAuthor(a: Json | undefined): Person | undefined {
  if (!isObject(a)) return undefined;
  const id = str(a, 'accountId') ?? str(a, 'key') ?? str(a, 'name');
  const name = str(a, 'displayName');
  if (!id && !name) return undefined;
  return {
    key: `jira:${id ?? name}`,
    id,
    kind: str(a, 'accountType') === 'app' ? 'service' : 'person',
    name,
    email: str(a, 'emailAddress'),
  };
}

/** Plain text of an Atlassian Document Format node (or a plain string body). */
function adfText(node: Json | undefined, depth = 0): string {
  if (typeof node === 'string') return node;
  // A comment is a few levels deep; anything deeper is not one, and must not exhaust the stack.
  if (!isObject(node) || depth > 64) return '';
  if (str(node, 'type') === 'text') return str(node, 'text') ?? '';
  if (str(node, 'type') === 'mention') return str(obj(node, 'attrs'), 'text') ?? '';
  const inner = arr(node, 'content')
    .map((n) => adfText(n, depth + 1))
    .join(str(node, 'type') === 'doc' ? ' ' : '');
  return /^(?:paragraph|heading|listItem|codeBlock)$/.test(str(node, 'type') ?? '') ? `${inner} ` : inner;
}

export async function readOpsgenie(archive: Archive, file: string, data: Json): Promise<SourceResult | undefined> {
  const found = opsgenieShape(data);
  if (!found) return undefined;
  const { shape, format, records } = found;
  const where = `${archive.label}${file === archive.label ? '' : `: ${file}`}`;
  const brand = format === 'jsm' ? 'Jira Service Management' : 'Opsgenie';
  const events: TimelineEvent[] = [];
  const notes: string[] = [];
  let undated = 0;
  let hidden = 0;
  const push = (at: number, ref: string, kind: EventKind, who: Person | undefined, parts: Inline[], quoted: boolean, key: boolean) => {
    const { parts: content, truncated } = cleanInline(parts, 400);
    if (!content.length) return;
    events.push({
      at,
      origin: { format, file: where, ref },
      kind,
      who,
      content,
      quoted,
      marked: key,
      marks: key ? [kind] : [],
      ...(truncated ? { truncated } : {}),
    });
  };
  records.forEach((r, index) => {
    if (!isObject(r)) return;
    if (shape === 'alert-logs') {
      const created = str(r, 'createdAt');
      if (!hasOffset(created) || !Number.isFinite(Date.parse(created!))) return void undated++;
      const log = str(r, 'log') ?? '';
      const type = str(r, 'type') ?? '';
      const kind = pagerKind(log) ?? (type === 'alertRecipient' ? 'notify' : 'other');
      const who = owner(str(r, 'owner'), format);
      const key = type !== 'alertRecipient' && kind !== 'notify';
      push(
        Date.parse(created!),
        `log ${str(r, 'offset') ?? `#${index + 1}`}`,
        kind,
        who,
        [{ type: 'text', value: `${brand}: ${log}` }],
        false,
        key,
      );
    } else if (shape === 'incident-timeline') {
      if (field(r, 'hidden') === true) return void hidden++;
      const time = str(r, 'eventTime');
      if (!hasOffset(time) || !Number.isFinite(Date.parse(time!))) return void undated++;
      const type = str(r, 'type') ?? '';
      const description = obj(r, 'description');
      const said = str(description, 'content') ?? str(description, 'name') ?? '';
      const words = type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
      const actor = obj(r, 'actor');
      const who = owner(str(actor, 'name'), format);
      const custom = type === 'CustomUserEntry' || str(r, 'group') === 'custom';
      const kind = pagerKind(`${words} ${custom ? '' : said}`) ?? (custom ? 'note' : 'status');
      const parts: Inline[] = custom ? [{ type: 'text', value: said }] : [{ type: 'text', value: `${brand}: ${said || words}` }];
      push(
        Date.parse(time!),
        `timeline entry ${str(r, 'id') ?? `#${index + 1}`} (${type || 'no type'})`,
        kind,
        who,
        parts,
        custom,
        kind !== 'notify',
      );
    } else if (shape === 'jira-changelog') {
      const created = str(r, 'created');
      if (!hasOffset(created) || !Number.isFinite(Date.parse(created!))) return void undated++;
      const who = jiraAuthor(field(r, 'author'));
      for (const item of arr(r, 'items')) {
        const fieldName = str(item, 'field') ?? str(item, 'fieldId') ?? 'field';
        const to = str(item, 'toString') ?? str(item, 'to') ?? '';
        const from = str(item, 'fromString') ?? str(item, 'from') ?? '';
        const isStatus = /^(?:status|resolution|priority|severity|impact)$/i.test(fieldName);
        const kind: EventKind = /^status$/i.test(fieldName)
          ? /resolved|closed|done|completed/i.test(to)
            ? 'resolve'
            : 'status'
          : /priority|severity/i.test(fieldName)
            ? 'priority'
            : 'other';
        push(
          Date.parse(created!),
          `change ${str(r, 'id') ?? `#${index + 1}`} (${fieldName})`,
          kind,
          who,
          [{ type: 'text', value: `Jira: ${fieldName} ${from ? `${from} → ` : 'set to '}${to || '(none)'}` }],
          false,
          isStatus,
        );
      }
    } else {
      const created = str(r, 'created');
      if (!hasOffset(created) || !Number.isFinite(Date.parse(created!))) return void undated++;
      push(
        Date.parse(created!),
        `comment ${str(r, 'id') ?? `#${index + 1}`}`,
        'note',
        jiraAuthor(field(r, 'author')),
        [{ type: 'text', value: adfText(field(r, 'body')) }],
        true,
        false,
      );
    }
  });
  if (undated) notes.push(`${undated} records without a time with an offset were left out`);
  if (hidden) notes.push(`${hidden} hidden timeline entries were left out`);
  const what = {
    'alert-logs': 'alert log',
    'incident-timeline': 'incident timeline',
    'jira-changelog': 'issue history',
    'jira-comments': 'issue comments',
  }[shape];
  return { label: `${shape.startsWith('jira') ? 'Jira' : brand} ${what}`, events, records: records.length, notes };
}
