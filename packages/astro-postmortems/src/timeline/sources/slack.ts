/**
 * A Slack channel export (Slack's "Export data": a folder or zip with
 * `channels.json`, `users.json` and one `<channel>/<YYYY-MM-DD>.json` per day).
 *
 * Read per Slack's "How to read Slack data exports" and the message object
 * reference: `ts` (seconds since the epoch, a string), `user`, `text` in
 * Slack's mrkdwn (`<@U…>` mentions, `<url|label>` links, `&lt;` escapes),
 * `subtype` (`bot_message`, `file_share`, `thread_broadcast`, joins…),
 * `thread_ts` for replies, `edited`, `reactions`, `pinned_to`, `is_starred`,
 * `files`, `attachments`; channels may list their `pins`, and older exports
 * record a pin as a `pinned_item` message.
 */
import type { Archive } from '../archive.ts';
import type { Inline, Person, TimelineEvent } from '../event.ts';
import { arr, field, isObject, obj, parseJson, str, type Json } from '../json.ts';
import { SourceError } from '../limits.ts';
import { cleanInline } from '../clean.ts';
import { pagerKind } from './kinds.ts';

export interface SlackOptions {
  /** Channel name or id, with or without `#`. */
  channel?: string | undefined;
  /** Reactions that mark a message; empty: any. */
  reactions?: readonly string[] | undefined;
}

export interface SourceResult {
  /** `Slack #inc-2231`, `PagerDuty`, … */
  label: string;
  events: TimelineEvent[];
  /** Records read (messages, log entries, rows). */
  records: number;
  /** What the reader skipped or assumed, for the report. */
  notes: string[];
}

/** Messages that record a change to the channel, not something said or done in the incident. */
const NOISE = new Set([
  'channel_join',
  'channel_leave',
  'group_join',
  'group_leave',
  'channel_topic',
  'channel_purpose',
  'channel_name',
  'group_topic',
  'group_purpose',
  'group_name',
  'channel_archive',
  'channel_unarchive',
  'group_archive',
  'group_unarchive',
  'bot_add',
  'bot_remove',
  'pinned_item',
  'unpinned_item',
  'tombstone',
  'message_deleted',
  'joiner_notification',
  'joiner_notification_for_inviter',
  'channel_convert_to_private',
  'channel_posting_permissions',
  'reminder_add',
  'app_conversation_leave',
]);

const DAY_FILE = /^\d{4}-\d{2}-\d{2}\.json$/;

interface Channel {
  id: string;
  name: string;
  pins: Set<string>;
}

/** Whether an archive looks like a Slack export. */
export function isSlackExport(archive: Archive): boolean {
  return (
    archive.files.some((f) => /(?:^|\/)(?:channels|groups|mpims|dms|users|org_users)\.json$/.test(f)) &&
    archive.files.some((f) => DAY_FILE.test(f.split('/').pop()!))
  );
}

export async function readSlack(archive: Archive, options: SlackOptions = {}): Promise<SourceResult> {
  // An export zipped with its folder has one more level: find the folder that holds channels.json or users.json.
  const marker = archive.files
    .filter((f) => /(?:^|\/)(?:channels|users|org_users)\.json$/.test(f))
    .sort((a, b) => a.split('/').length - b.split('/').length)[0];
  const root = marker && marker.includes('/') ? marker.slice(0, marker.lastIndexOf('/') + 1) : '';
  const readJson = async (name: string): Promise<Json | undefined> =>
    archive.files.includes(root + name) ? parseJson(await archive.read(root + name), `${archive.label}: ${root}${name}`) : undefined;

  const users = new Map<string, Person>();
  for (const listName of ['users.json', 'org_users.json']) {
    const list = await readJson(listName);
    for (const u of Array.isArray(list) ? list : []) {
      const id = str(u, 'id');
      if (!id) continue;
      const profile = obj(u, 'profile');
      const isBot = field(u, 'is_bot') === true || !!str(profile, 'bot_id');
      users.set(id, {
        key: `slack:${id}`,
        id,
        kind: isBot ? 'bot' : 'person',
        name: str(profile, 'real_name') || str(u, 'real_name') || str(profile, 'display_name') || undefined,
        handle: str(profile, 'display_name') || str(u, 'name') || undefined,
        email: str(profile, 'email'),
        tz: str(u, 'tz'),
      });
    }
  }

  const channels = new Map<string, Channel>();
  for (const listName of ['channels.json', 'groups.json', 'mpims.json', 'dms.json']) {
    const list = await readJson(listName);
    for (const c of Array.isArray(list) ? list : []) {
      const id = str(c, 'id');
      const name = str(c, 'name') ?? id;
      if (!id || !name) continue;
      const pins = new Set(
        arr(c, 'pins')
          .map((p) => str(p, 'id'))
          .filter((ts): ts is string => !!ts),
      );
      channels.set(name, { id, name, pins });
    }
  }

  // Folders that hold day files are the channels this export can give messages for.
  const folders = new Map<string, string[]>();
  for (const f of archive.files) {
    if (!f.startsWith(root)) continue;
    const rest = f.slice(root.length).split('/');
    if (rest.length !== 2 || !DAY_FILE.test(rest[1]!)) continue;
    const list = folders.get(rest[0]!) ?? [];
    list.push(f);
    folders.set(rest[0]!, list);
  }
  if (!folders.size)
    throw new SourceError(`${archive.label}: no channel folder with day files (\`<channel>/YYYY-MM-DD.json\`); is it a Slack export?`);
  const byId = new Map([...channels.values()].map((c) => [c.id, c]));
  const wanted = options.channel?.replace(/^#/, '');
  let folder: string;
  if (wanted) {
    const match = folders.has(wanted)
      ? wanted
      : [...folders.keys()].find((name) => channels.get(name)?.id === wanted || byId.get(wanted)?.name === name);
    if (!match)
      throw new SourceError(
        `${archive.label}: no channel \`${wanted}\` in this export; it has ${listChannels([...folders.keys()])}; pass one with --channel`,
      );
    folder = match;
  } else if (folders.size === 1) folder = [...folders.keys()][0]!;
  else
    throw new SourceError(
      `${archive.label}: the export holds ${folders.size} channels (${listChannels([...folders.keys()])}); pass the incident's with --channel`,
    );
  const channel = channels.get(folder) ?? byId.get(folder) ?? { id: folder, name: folder, pins: new Set<string>() };

  const notes: string[] = [];
  const messages = new Map<string, Json>();
  const pinnedByNotice = new Set<string>();
  let records = 0;
  for (const file of folders.get(folder)!.sort()) {
    const day = parseJson(await archive.read(file), `${archive.label}: ${file}`);
    if (!Array.isArray(day))
      throw new SourceError(`${archive.label}: ${file}: expected a list of messages, found ${day === null ? 'null' : typeof day}`);
    for (const m of day) {
      if (!isObject(m)) continue;
      const ts = str(m, 'ts');
      if (!ts || !/^\d{9,11}(?:\.\d{1,6})?$/.test(ts)) continue;
      records++;
      if (str(m, 'subtype') === 'pinned_item') {
        for (const pinned of [str(obj(m, 'item'), 'ts'), ...arr(m, 'attachments').map((a) => str(a, 'ts'))])
          if (pinned) pinnedByNotice.add(pinned);
      }
      // The same message in two day files (an export cut at midnight UTC) is one message.
      if (!messages.has(ts)) messages.set(ts, { ...m, __file: file });
    }
  }

  const allowed = new Set((options.reactions ?? []).map((r) => r.replace(/^:|:$/g, '')));
  const events: TimelineEvent[] = [];
  let skipped = 0;
  let edited = 0;
  const personFor = (id: string | undefined, m: Json): Person | undefined => {
    if (!id) return undefined;
    const known = users.get(id);
    if (known) return known;
    const profile = obj(m, 'user_profile');
    const person: Person = {
      key: `slack:${id}`,
      id,
      kind: 'person',
      name: str(profile, 'real_name') || undefined,
      handle: str(profile, 'display_name') || str(profile, 'name') || undefined,
    };
    users.set(id, person);
    return person;
  };
  for (const [ts, m] of messages) {
    const subtype = str(m, 'subtype');
    if ((subtype && NOISE.has(subtype)) || field(m, 'hidden') === true) {
      skipped++;
      continue;
    }
    const botId = str(m, 'bot_id');
    const isBot = subtype === 'bot_message' || (!!botId && !str(m, 'user'));
    const who: Person | undefined = isBot
      ? {
          key: `slack-bot:${botId ?? str(m, 'username') ?? 'bot'}`,
          kind: 'bot',
          name: str(obj(m, 'bot_profile'), 'name') || str(m, 'username') || 'an integration',
        }
      : personFor(str(m, 'user'), m);
    if (field(m, 'edited') !== undefined) edited++;

    const parts = mrkdwn(str(m, 'text') ?? '', (id) => personFor(id, {}), byId);
    if (!parts.length || isBot) {
      // Integrations often post everything in attachments and leave `text` empty.
      for (const a of arr(m, 'attachments')) {
        // pretext, then the title (a link when it has one), then the text; the fallback only when there is nothing else.
        const link = str(a, 'title_link');
        const title = str(a, 'title');
        const pieces: Inline[] = [];
        const pretext = str(a, 'pretext');
        if (pretext) pieces.push(...mrkdwn(pretext, (id) => personFor(id, {}), byId), { type: 'text', value: ' ' });
        if (title)
          pieces.push(link && /^https?:\/\//i.test(link) ? { type: 'link', url: link, label: title } : { type: 'text', value: title }, {
            type: 'text',
            value: ' ',
          });
        const body = str(a, 'text');
        if (body && body !== title) pieces.push(...mrkdwn(body, (id) => personFor(id, {}), byId));
        if (!pieces.length && str(a, 'fallback')) pieces.push(...mrkdwn(str(a, 'fallback')!, (id) => personFor(id, {}), byId));
        if (!pieces.length) continue;
        if (parts.length) parts.push({ type: 'text', value: ' ' });
        parts.push(...pieces);
      }
    }
    const files = [...arr(m, 'files'), ...(isObject(field(m, 'file')) ? [field(m, 'file')!] : [])].filter(
      (f) => !['tombstone', 'hidden_by_limit'].includes(str(f, 'mode') ?? ''),
    );
    if (files.length) {
      // A file's caption is often its title: say it once.
      const said = parts
        .map((p) => (p.type === 'text' ? p.value : ''))
        .join('')
        .trim();
      if (said && files.some((f) => said === (str(f, 'title') || str(f, 'name')))) parts.length = 0;
      // The permalink opens the file in Slack for members; `url_private` can carry an access token (`?t=xoxe-…`) and is never copied.
      const had = parts.some((p) => p.type !== 'text' || p.value.trim());
      parts.push({ type: 'text', value: had ? ' (shared ' : 'shared ' });
      files.forEach((f, i) => {
        const url = str(f, 'permalink');
        const label = str(f, 'title') || str(f, 'name') || 'a file';
        if (i) parts.push({ type: 'text', value: ', ' });
        parts.push(url && /^https:\/\//i.test(url) ? { type: 'link', url, label } : { type: 'text', value: label });
      });
      if (had) parts.push({ type: 'text', value: ')' });
    }
    const { parts: content, truncated } = cleanInline(parts);
    if (!content.length) {
      skipped++;
      continue;
    }

    const marks: string[] = [];
    const pinnedTo = arr(m, 'pinned_to').map((c) => (typeof c === 'string' ? c : ''));
    if (pinnedTo.includes(channel.id) || (pinnedTo.length && !channels.size) || channel.pins.has(ts) || pinnedByNotice.has(ts))
      marks.push('pinned');
    if (field(m, 'is_starred') === true) marks.push('starred');
    for (const r of arr(m, 'reactions')) {
      const name = str(r, 'name');
      if (name && (!allowed.size || allowed.has(name))) marks.push(`:${name}:`);
    }
    const threadTs = str(m, 'thread_ts');
    const event: TimelineEvent = {
      at: Math.floor(Number(ts) * 1000),
      origin: {
        format: 'slack',
        file: `${archive.label}: ${str(m, '__file')}`,
        ref: `message ${ts}${threadTs && threadTs !== ts ? ` (reply in thread ${threadTs})` : ''}`,
      },
      kind: 'message',
      who,
      content,
      quoted: true,
      marked: marks.length > 0,
      marks,
      ...(truncated ? { truncated } : {}),
      ...(isBot ? { bot: true } : {}),
    };
    if (isBot) {
      const kind = pagerKind(content.map((p) => (p.type === 'text' ? p.value : '')).join(''));
      if (kind) event.kind = kind;
    }
    events.push(event);
  }
  if (skipped)
    notes.push(`${skipped} channel notices (joins, topic changes, pin notices, deleted messages) are not events and were left out`);
  if (edited) notes.push(`${edited} edited messages are shown as last edited, at the time they were first posted`);
  return { label: `Slack #${channel.name}`, events, records, notes };
}

function listChannels(names: string[]): string {
  const shown = names
    .slice(0, 12)
    .map((n) => `#${n}`)
    .join(', ');
  return names.length > 12 ? `${shown} and ${names.length - 12} more` : shown;
}

const ENTITY: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&amp;': '&' };
const decode = (s: string) => s.replace(/&(?:lt|gt|amp);/g, (e) => ENTITY[e]!);

/**
 * Slack's mrkdwn as pieces: mentions become people (shown as configured), `<url|label>` links stay links
 * (http and https only), code stays code, and `*bold*` `_italic_` `~strike~` markers are dropped.
 */
export function mrkdwn(
  raw: string,
  user: (id: string) => Person | undefined,
  channelsById: ReadonlyMap<string, { name: string }>,
): Inline[] {
  const out: Inline[] = [];
  const pushText = (s: string) => {
    if (!s) return;
    const plain = decode(s)
      .replace(/^&gt;\s?|^>\s?/gm, '')
      .replace(/(^|[\s(])([*_~])(?=\S)([^*_~\n]*?\S)\2(?=[\s).,!?:;]|$)/g, '$1$3');
    out.push({ type: 'text', value: plain });
  };
  const token = (t: string) => {
    const bar = t.indexOf('|');
    const target = bar === -1 ? t : t.slice(0, bar);
    const label = bar === -1 ? undefined : decode(t.slice(bar + 1));
    if (target.startsWith('@')) {
      const person = user(target.slice(1));
      out.push(person ? { type: 'person', person } : { type: 'text', value: label ? `@${label}` : '@someone' });
    } else if (target.startsWith('#')) {
      out.push({ type: 'text', value: `#${label ?? channelsById.get(target.slice(1))?.name ?? target.slice(1)}` });
    } else if (target.startsWith('!')) {
      const special = target.slice(1);
      out.push({ type: 'text', value: label ?? (/^(?:here|channel|everyone)$/.test(special) ? `@${special}` : '') });
    } else {
      const url = decode(target);
      if (/^https?:\/\//i.test(url)) out.push({ type: 'link', url, label: label ?? url });
      else if (/^mailto:/i.test(url)) out.push({ type: 'text', value: label ?? url.slice(7) });
      else out.push({ type: 'text', value: label ?? url });
    }
  };
  const re = /```([\s\S]*?)```|`([^`\n]+)`|<([^<>\n]{1,4000})>/g;
  let last = 0;
  for (const m of raw.matchAll(re)) {
    pushText(raw.slice(last, m.index));
    if (m[1] !== undefined || m[2] !== undefined) out.push({ type: 'code', value: decode(m[1] ?? m[2]!) });
    else token(m[3]!);
    last = m.index + m[0].length;
  }
  pushText(raw.slice(last));
  return out;
}
