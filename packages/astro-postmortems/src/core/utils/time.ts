/**
 * Dates in postmortems keep the offset their author wrote, so the page can show
 * the incident in the responders' local time. These helpers never use the
 * machine's time zone.
 */

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** `YYYY-MM-DD` that names a real day. */
export function isIsoDate(value: string): boolean {
  const m = DATE.exec(value);
  return !!m && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** ISO 8601 date-time with an explicit offset (`Z` or `±hh:mm`), naming a real instant. */
export function isIsoDateTimeWithOffset(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  if (!isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return false;
  const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return false;
  const offset = m[8]!;
  if (offset !== 'Z' && offset !== 'z') {
    const digits = offset.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return false;
  }
  return true;
}

/** Milliseconds since the epoch of an ISO date-time with offset. */
export function instant(value: string): number {
  return Date.parse(value.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
}

/** The calendar date as written, i.e. in the timestamp's own offset. */
export function localDate(value: string): string {
  return value.slice(0, 10);
}

/** Today's date (UTC) as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** "2 h 15 min", "3 d 4 h", "45 min" — a compact, readable duration. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const restMin = minutes % 60;
  if (hours < 48) return restMin ? `${hours} h ${restMin} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  const restH = hours % 24;
  return restH ? `${days} d ${restH} h` : `${days} d`;
}

/** `+01:00` → 60: the offset of a timestamp as written (also the basic form `+0530`), in minutes east of UTC. */
export function offsetMinutes(value: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(value);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `+05:30` for 330, `-05:00` for -300, `Z` for 0. */
export function offsetText(minutes: number): string {
  if (minutes === 0) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `UTC`, `UTC-05:00`, `UTC+05:30`: how a postmortem states an offset. */
export function utcLabel(minutes: number): string {
  return minutes === 0 ? 'UTC' : `UTC${offsetText(minutes)}`;
}

/** The offset of a timestamp as written, stated as a postmortem states it (`UTC+05:30`, `UTC`). */
export function offsetLabel(value: string): string {
  return utcLabel(offsetMinutes(value));
}

/** "2026-03-14 09:12 UTC+01:00" as written by the author, without converting. */
export function formatLocal(value: string): string {
  return `${value.slice(0, 10)} ${value.slice(11, 16)} ${offsetLabel(value)}`;
}
