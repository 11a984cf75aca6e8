/**
 * Dates and times as people write them in postmortems ("Oct 15, 2024",
 * "2024-10-15 14:05 PDT", "14:05"), turned into the contract's forms. A time
 * with no zone is taken as UTC and the caller reports it: never guessed
 * silently. Only unambiguous zone abbreviations are known; `IST` (India,
 * Ireland, Israel) is not.
 */
import { isIsoDate, isIsoDateTimeWithOffset } from '../core/utils/time.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const ZONES: Record<string, string> = {
  z: 'Z', utc: 'Z', gmt: 'Z',
  pst: '-08:00', pdt: '-07:00', mst: '-07:00', mdt: '-06:00', cst: '-06:00', cdt: '-05:00', est: '-05:00', edt: '-04:00',
  bst: '+01:00', cet: '+01:00', cest: '+02:00', eet: '+02:00', eest: '+03:00', jst: '+09:00', aest: '+10:00', aedt: '+11:00',
};

const pad = (n: number | string) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of the first date written in `text`, or `undefined`. */
export function findDate(text: string): { date: string; index: number; length: number } | undefined {
  const iso = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/.exec(text);
  const monthFirst = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/i.exec(text);
  const dayFirst = /\b(\d{1,2})(?:st|nd|rd|th)?\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})\b/i.exec(text);
  const found = [
    iso && { index: iso.index, length: iso[0].length, date: `${iso[1]}-${pad(iso[2]!)}-${pad(iso[3]!)}` },
    monthFirst && { index: monthFirst.index, length: monthFirst[0].length, date: `${monthFirst[3]}-${pad(MONTHS.indexOf(monthFirst[1]!.toLowerCase().slice(0, 3)) + 1)}-${pad(monthFirst[2]!)}` },
    dayFirst && { index: dayFirst.index, length: dayFirst[0].length, date: `${dayFirst[3]}-${pad(MONTHS.indexOf(dayFirst[2]!.toLowerCase().slice(0, 3)) + 1)}-${pad(dayFirst[1]!)}` },
  ]
    .filter((f): f is { index: number; length: number; date: string } => !!f && isIsoDate(f.date))
    .sort((a, b) => a.index - b.index);
  return found[0];
}

export interface FoundTime {
  /** `HH:MM:SS`. */
  time: string;
  /** `Z` or `±hh:mm`; `undefined` when the text names no zone. */
  offset: string | undefined;
  index: number;
}

/** The first clock time in `text` (`14:05`, `2:05 pm`, `14:05:30 UTC`, `14:05-07:00`). */
export function findTime(text: string): FoundTime | undefined {
  const m = /(?<![\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*(am|pm|a\.m\.|p\.m\.)?(?:\s*\(?\s*(z|utc|gmt|[a-z]{3,4})\b|\s*(?:utc|gmt)?\s*([+-]\d{2}:?\d{2})\b)?/i.exec(text);
  if (!m) return undefined;
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const ampm = m[4]?.toLowerCase().replaceAll('.', '');
  if (ampm === 'pm' && hour < 12) hour += 12;
  if (ampm === 'am' && hour === 12) hour = 0;
  if (hour > 23 || minute > 59) return undefined;
  const zoneWord = m[5]?.toLowerCase();
  const offset = m[6] ? m[6].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : zoneWord ? ZONES[zoneWord] : undefined;
  return { time: `${pad(hour)}:${pad(minute)}:${m[3] ?? '00'}`, offset, index: m.index };
}

/** A zone named on its own, e.g. in "All times are in PDT" or a "Time (UTC)" column. */
export function findZone(text: string): string | undefined {
  const word = /\b(?:all\s+times?|times?|timezone|time\s+zone)\b[^.\n]{0,20}?\b(utc|gmt|pst|pdt|mst|mdt|cst|cdt|est|edt|bst|cet|cest|eet|eest|jst|aest|aedt)\b/i.exec(text);
  if (word) return ZONES[word[1]!.toLowerCase()];
  const offset = /\butc\s*([+-]\d{1,2})(?::?(\d{2}))?\b/i.exec(text);
  if (offset) return `${offset[1]![0]}${pad(offset[1]!.slice(1))}:${offset[2] ?? '00'}`;
  return undefined;
}

export interface ParsedInstant {
  value: string;
  /** The text named no zone, so UTC was assumed. */
  assumedUtc: boolean;
}

/**
 * An ISO 8601 date-time with offset from `text`, using `defaultDate` when only a time is written and `zone` when
 * no zone is; `undefined` when there is no time (a date alone is not an instant).
 */
export function parseInstant(text: string, defaultDate?: string, zone?: string): ParsedInstant | undefined {
  const trimmed = text.trim();
  if (isIsoDateTimeWithOffset(trimmed)) return { value: trimmed.replace(' ', 'T'), assumedUtc: false };
  const date = findDate(trimmed);
  const rest = date ? trimmed.slice(0, date.index) + ' ' + trimmed.slice(date.index + date.length) : trimmed;
  const time = findTime(rest);
  const day = date?.date ?? defaultDate;
  if (!time || !day) return undefined;
  const offset = time.offset ?? zone;
  const value = `${day}T${time.time}${offset ?? 'Z'}`;
  return isIsoDateTimeWithOffset(value) ? { value, assumedUtc: !offset } : undefined;
}

/** `YYYY-MM-DD` for a due date written any common way; `undefined` when none. */
export function parseDay(text: string): string | undefined {
  return findDate(text)?.date;
}
