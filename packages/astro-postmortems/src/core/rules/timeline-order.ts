import type { RootContent } from 'mdast';
import type { Rule } from '../rule.ts';
import { normalizeHeading } from '../rule.ts';
import { startOf, toString } from '../utils/mdast.ts';
import { offsetMinutes } from '../utils/time.ts';

/**
 * A timeline entry starts with a time, optionally after a date and followed by a UTC offset:
 * `14:05`, `2025-03-05 00:10`, `2026-11-01 01:05 UTC-05:00`. The offset is for the hour a
 * daylight-saving change repeats: it holds for the entries after it until another is given.
 */
const ENTRY =
  /^\s*(?:(\d{4}-\d{2}-\d{2})(?:[Tt]|\s*,\s+|\s+))?(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)(?:\s*(?:\(\s*)?(?:(?:UTC|GMT)(?:\s*([+-])(\d{1,2})(?::?(\d{2}))?)?|([+-])(\d{2}):(\d{2}))\)?(?![\w:+-]))?/;

export interface TimelineEntry {
  /** The list item or paragraph. */
  node: RootContent;
  /** The date written on this entry or carried from an earlier one; `''` before the first date. */
  date: string;
  dateWritten: boolean;
  /** `HH:MM:SS`. */
  time: string;
  /** Minutes east of UTC, written on this entry or carried from an earlier one. */
  offset: number | undefined;
  offsetWritten: boolean;
  /** As written: `2025-03-05 00:10`, `09:20`. */
  label: string;
  /** What the entry says after its time and the separator (`Resolved: error rates…`). */
  words: string;
  line: number;
}

/** The paragraphs or list items of a timeline that start with a time, with their dates and offsets carried forward. */
export function timelineEntries(nodes: readonly RootContent[], fallbackLine = 1): TimelineEntry[] {
  const candidates: RootContent[] = [];
  for (const node of nodes) {
    if (node.type === 'list') candidates.push(...node.children);
    else if (node.type === 'paragraph') candidates.push(node);
  }
  const out: TimelineEntry[] = [];
  let date = '';
  let offset: number | undefined;
  for (const node of candidates) {
    const first = node.type === 'listItem' ? node.children[0] : node;
    if (!first) continue;
    const text = toString(first);
    const m = ENTRY.exec(text);
    if (!m) continue;
    const [h, min, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
    if (h > 23 || min > 59 || s > 59) continue;
    if (m[1]) date = m[1];
    const sign = m[5] ?? m[8];
    const written = m[0].slice((m[1] ? m[1].length : 0) + 1).match(/UTC|GMT|[+-]\d{2}:\d{2}/) !== null;
    if (written) {
      const oh = Number(m[6] ?? m[9] ?? 0);
      const om = Number(m[7] ?? m[10] ?? 0);
      offset = sign ? (sign === '-' ? -1 : 1) * (oh * 60 + om) : 0;
    }
    out.push({
      node,
      date,
      dateWritten: !!m[1],
      time: `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}:${String(s).padStart(2, '0')}`,
      offset,
      offsetWritten: written,
      label: `${m[1] ? `${m[1]} ` : ''}${m[2]}:${m[3]}`,
      words: text.slice(m[0].length).replace(/^[\s—–:|.,)*_-]+/, ''),
      line: startOf(first)?.line ?? fallbackLine,
    });
  }
  return out;
}

/**
 * The offset a timeline states for its times, in minutes east of UTC: the first `UTC`, `GMT` or `UTC±hh:mm` of its
 * "All times …" sentence (`All times UTC.`, `All times CDT (UTC-05:00).`, as `new` and `timeline` write it). Undefined
 * when it states none, or names a zone without its offset (`All times Pacific.`): a reader cannot tell the offset then.
 */
export function statedOffset(nodes: readonly RootContent[]): number | undefined {
  for (const node of nodes) {
    if (node.type !== 'paragraph') continue;
    const text = toString(node);
    if (!/^\s*(?:[*_]\s*)?all\s+(?:the\s+)?times\b/i.test(text)) continue;
    // The minus may be typography's (U+2212), as a word processor writes it.
    const m = /\b(?:UTC|GMT)(?:\s*([-+−])\s*(\d{1,2})(?::?(\d{2}))?)?(?![\w+−-])/.exec(text.slice(0, 200));
    if (!m) return undefined;
    const minutes = Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
    return m[1] === '-' || m[1] === '−' ? -minutes : minutes;
  }
  return undefined;
}

/**
 * The instant of a timeline entry: its own date and offset where written, else the offset the timeline states, else
 * the incident start's (the scaffold's "All times …" line is written in that offset), and the start's day for an
 * entry before any date.
 */
export function entryAt(entry: { date: string; time: string; offset: number | undefined }, started: string, stated?: number): number {
  const offset = entry.offset ?? stated ?? offsetMinutes(started);
  const date = entry.date || started.slice(0, 10);
  return Date.parse(`${date}T${entry.time}Z`) - offset * 60_000;
}

/** Milliseconds since the epoch of an entry with a known date and offset; `undefined` otherwise. */
export function entryInstant(e: Pick<TimelineEntry, 'date' | 'time' | 'offset'>): number | undefined {
  if (!e.date || e.offset === undefined) return undefined;
  return Date.parse(`${e.date}T${e.time}Z`) - e.offset * 60_000;
}

export const timelineOrder: Rule = {
  id: 'timeline/order',
  level: 'warning',
  description: 'Timeline entries that start with a time should be in chronological order.',
  docs: {
    meaning:
      'Timeline entries that start with a time are out of chronological order. An entry may give its UTC offset after the time (`2026-11-01 01:05 UTC-05:00`, for the hour a daylight-saving change repeats); from there on, entries with a known offset are compared as instants.',
    fix: 'Reorder them; when the day changes, start the entry with the date (`YYYY-MM-DD HH:MM`); when the clocks change, give the new offset (`YYYY-MM-DD HH:MM UTC-05:00`).',
    trigger: '`14:30` listed before `14:05`',
    ok: [{ fixture: 'ok-day-change-with-date.mdx' }, { fixture: 'ok-clocks-go-back.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-swapped.mdx',
        message:
          'Unexpected timeline entry `09:20` after `09:45` (line 38), expected chronological order; if the day changed, start this entry with the date (`YYYY-MM-DD HH:MM`)',
      },
    ],
  },
  check(ctx) {
    if (!ctx.tree) return;
    const key = normalizeHeading(ctx.config.timelineSection);
    const section = ctx.sections().find((s) => s.key === key);
    if (!section) return;
    let last: { local: string; instant: number | undefined; label: string; line: number } | undefined;
    for (const entry of timelineEntries(section.content, section.start.line)) {
      const first = entry.node.type === 'listItem' ? entry.node.children[0] : entry.node;
      const local = `${entry.date}T${entry.time}`;
      const instant = entryInstant(entry);
      // Times before the first dated entry have no known day, so they cannot be ordered against dated ones.
      const comparable = last && local.startsWith('T') === last.local.startsWith('T');
      const before =
        last && comparable && (instant !== undefined && last.instant !== undefined ? instant < last.instant : local < last.local);
      if (last && before) {
        const hint = entry.dateWritten ? '' : '; if the day changed, start this entry with the date (`YYYY-MM-DD HH:MM`)';
        ctx.report(
          startOf(first!) ?? section.start,
          `Unexpected timeline entry \`${entry.label}\` after \`${last.label}\` (line ${last.line}), expected chronological order${hint}`,
        );
      }
      last = { local, instant, label: entry.label, line: entry.line };
    }
  },
};
