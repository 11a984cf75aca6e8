/**
 * The one zone a timeline is written in: `UTC`, a fixed offset (`+05:30`,
 * `UTC-05:00`) or an IANA zone (`America/New_York`). An IANA zone can have
 * two offsets in one incident (a daylight-saving change); the entries then
 * carry the offset where it changes, so a repeated hour stays unambiguous.
 *
 * Library choice: `Intl.DateTimeFormat` (ICU, shipped with Node) knows every
 * IANA zone and its history; no date library is needed for converting an
 * instant to wall-clock time and back.
 */

// Offsets are written as the rest of the engine writes them.
import { offsetText, utcLabel } from '../core/utils/time.ts';

export type Zone = { kind: 'fixed'; minutes: number; name: string } | { kind: 'iana'; name: string };

const pad = (n: number) => String(n).padStart(2, '0');

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(name: string): Intl.DateTimeFormat {
  let f = formatters.get(name);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(name, f);
  }
  return f;
}

const parsed = new Map<string, Zone | undefined>();

/** `UTC`, `Z`, `GMT`, `±hh:mm`, `±hhmm`, `±hh`, `UTC±hh:mm`, or an IANA zone name; `undefined` when it is none of them. */
export function parseZone(text: string): Zone | undefined {
  // Every Slack user carries a zone name: asking ICU once per name, not once per message.
  if (!parsed.has(text)) parsed.set(text, readZone(text));
  return parsed.get(text);
}

function readZone(text: string): Zone | undefined {
  const t = text.trim();
  if (/^(?:utc|gmt|z)$/i.test(t)) return { kind: 'fixed', minutes: 0, name: 'UTC' };
  const m = /^(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(t);
  if (m) {
    const hours = Number(m[2]);
    const mins = Number(m[3] ?? 0);
    if (hours > 23 || mins > 59) return undefined;
    const minutes = (m[1] === '-' ? -1 : 1) * (hours * 60 + mins);
    return { kind: 'fixed', minutes, name: utcLabel(minutes) };
  }
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)+$/.test(t) && !/^[A-Za-z]{3,5}$/.test(t)) return undefined;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: t }).resolvedOptions().timeZone;
    // Three-letter names such as `EST` are legacy aliases with surprising rules; only region names are taken.
    if (!t.includes('/')) return undefined;
    return { kind: 'iana', name: resolved };
  } catch {
    return undefined;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(name: string, ms: number): WallClock {
  const parts: Record<string, number> = {};
  for (const p of formatter(name).formatToParts(new Date(ms))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts['year']!,
    month: parts['month']!,
    day: parts['day']!,
    hour: parts['hour']!,
    minute: parts['minute']!,
    second: parts['second']!,
  };
}

/** The zone's offset from UTC at an instant, in minutes. */
export function offsetAt(zone: Zone, ms: number): number {
  if (zone.kind === 'fixed') return zone.minutes;
  const w = wallClock(zone.name, ms);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

export interface Local {
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:MM` */
  time: string;
  /** `HH:MM:SS` */
  seconds: string;
  /** Minutes east of UTC. */
  offset: number;
}

/** Wall-clock date and time of an instant in the zone. */
export function toLocal(zone: Zone, ms: number): Local {
  const offset = offsetAt(zone, ms);
  const d = new Date(ms + offset * 60_000);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return { date, time, seconds: `${time}:${pad(d.getUTCSeconds())}`, offset };
}

/** ISO 8601 with the zone's offset at that instant, to the second: the form `incident.*` takes. */
export function isoInZone(zone: Zone, ms: number): string {
  const l = toLocal(zone, ms);
  return `${l.date}T${l.seconds}${offsetText(l.offset)}`;
}

export type FromLocal = { ok: true; ms: number } | { ok: false; reason: 'ambiguous' | 'skipped'; candidates: number[] };

/**
 * The instant a wall-clock time names in the zone. In the hour a daylight-saving change repeats, two instants
 * fit (`ambiguous`); in the hour it skips, none does (`skipped`): the caller says so instead of guessing.
 */
export function fromLocal(zone: Zone, date: string, time: string): FromLocal {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi, s] = time.split(':').map(Number) as [number, number, number | undefined];
  const naive = Date.UTC(y, mo - 1, d, h, mi, s ?? 0);
  if (zone.kind === 'fixed') return { ok: true, ms: naive - zone.minutes * 60_000 };
  // Offsets in force a day either side cover every real transition (none moves a clock by more than a day).
  const offsets = new Set([offsetAt(zone, naive - 86_400_000), offsetAt(zone, naive), offsetAt(zone, naive + 86_400_000)]);
  const fits = [...offsets].map((o) => naive - o * 60_000).filter((ms) => offsetAt(zone, ms) * 60_000 === naive - ms);
  const unique = [...new Set(fits)].sort((a, b) => a - b);
  if (unique.length === 1) return { ok: true, ms: unique[0]! };
  return { ok: false, reason: unique.length ? 'ambiguous' : 'skipped', candidates: unique };
}

/** How the zone reads in a sentence: `UTC`, `UTC-05:00`, `America/New_York`. */
export function zoneName(zone: Zone): string {
  return zone.name;
}
