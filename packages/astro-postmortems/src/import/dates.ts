/**
 * Dates, times and zones as people write them in postmortems, read with
 * chrono-node (a maintained natural-language date parser: "September 29, 2025",
 * "November 24th, 2025", "07/27/2023", "January 14-19, 2026", "13:14 EDT",
 * "4:19", "08:52 PM", "2018-01-18 4:19") plus the forms it does not know and
 * postmortems use: 24-hour times without a colon next to a zone or a date
 * ("1625", "0401 UTC 2014-10-26"), day-first German dates ("3. February 2020")
 * and zone statements ("All times in PST/PDT", "Date and Time in CET",
 * "UC/Pacific"). A zone named as a region ("Pacific", "PST/PDT", "US/Pacific")
 * is an IANA zone whose offset depends on the day (Intl); an abbreviation is
 * the fixed offset it names. A time without a zone gets none: the caller
 * decides, and says so.
 */
import * as chrono from 'chrono-node';
import { offsetText } from '../core/utils/time.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** A day, and a time when the text gives one. */
export interface WrittenDate {
  year?: number;
  month?: number;
  day?: number;
  hour?: number;
  minute?: number;
  second?: number;
  /** Minutes east of UTC, when the text names a zone at the time. */
  offset?: number;
  /** Where in the text, for reporting. */
  index: number;
  text: string;
  /** The end of a range ("14:02-16:40", "January 14-19"), when one is written. */
  end?: Omit<WrittenDate, 'index' | 'text' | 'end'>;
}

/** A zone: a fixed offset ("CET", "UTC-7") or a region whose offset follows the calendar ("Pacific"). */
export type Zone = { kind: 'fixed'; minutes: number; name: string } | { kind: 'region'; iana: string; name: string };

const REGIONS: [RegExp, string][] = [
  [/\b(?:us\/)?pacific\b|\bpst\s*\/\s*pdt\b|\bpt\b|\bu[sc]\/pacific\b|\bamerica\/los_angeles\b/i, 'America/Los_Angeles'],
  [/\b(?:us\/)?eastern\b|\best\s*\/\s*edt\b|\bet\b|\bamerica\/new_york\b/i, 'America/New_York'],
  [/\b(?:us\/)?central\b(?!\s+europe)|\bcst\s*\/\s*cdt\b|\bamerica\/chicago\b/i, 'America/Chicago'],
  [/\b(?:us\/)?mountain\b|\bmst\s*\/\s*mdt\b|\bamerica\/denver\b/i, 'America/Denver'],
  [/\bcet\s*\/\s*cest\b|\beurope\/(?:berlin|paris|amsterdam|copenhagen)\b/i, 'Europe/Berlin'],
  [/\bgmt\s*\/\s*bst\b|\beurope\/london\b|\buk time\b/i, 'Europe/London'],
];

/** Abbreviations whose offset chrono knows; read through chrono so one table serves. */
const ABBREVIATION =
  /(?<![A-Za-z])(utc|gmt|z|pst|pdt|mst|mdt|cst|cdt|est|edt|akst|akdt|hst|bst|ist|cet|cest|eet|eest|wet|west|msk|jst|kst|hkt|sgt|aest|aedt|acst|acdt|awst|nzst|nzdt)(?![A-Za-z])/i;
// `[-+−]`, not `[+-−]`: that is the range from `+` to U+2212, which took a letter or digit for a sign.
const OFFSET = /\b(?:utc|gmt)\s*([-+−])\s*(\d{1,2})(?::?(\d{2}))?\b/i;
const CENTRAL_EUROPEAN = /\bcentral european (?:summer )?time\b/i;

function fixed(minutes: number, name: string): Zone {
  return { kind: 'fixed', minutes, name };
}

/** The zone a phrase names ("All times in PST", "Time (UTC)", "GMT+2", "Pacific"), or `undefined`. */
export function zoneIn(text: string): Zone | undefined {
  const region = REGIONS.find(([re]) => re.test(text));
  if (region) return { kind: 'region', iana: region[1], name: region[0].exec(text)![0] };
  const offset = OFFSET.exec(text);
  if (offset) {
    const sign = offset[1] === '+' ? 1 : -1;
    return fixed(sign * (Number(offset[2]) * 60 + Number(offset[3] ?? 0)), offset[0]);
  }
  if (CENTRAL_EUROPEAN.test(text)) return /summer/i.test(text) ? fixed(120, 'CEST') : fixed(60, 'CET');
  const abbreviation = ABBREVIATION.exec(text);
  if (abbreviation) {
    const word = abbreviation[1]!.toUpperCase();
    if (word === 'Z' || word === 'UTC' || word === 'GMT') return fixed(0, word);
    const parsed = chrono.parse(`12:00 ${word}`, { instant: new Date(Date.UTC(2020, 0, 1)), timezone: 0 })[0];
    const minutes = parsed?.start.get('timezoneOffset');
    if (typeof minutes === 'number') return fixed(minutes, word);
  }
  return undefined;
}

/** A zone statement: "All times in X", "Times are in X", "(all times UTC)", "Timeline (PST)", "Date and Time in CET". */
export function zoneStatement(text: string): Zone | undefined {
  const m =
    /\b(?:all\s+)?(?:times?|timestamps?|hours?)\b[^.\n]{0,40}?\b(?:in|are|is|:)?\s*([^.\n]{1,60})/i.exec(text) ??
    /\(([^()]{1,40})\)/.exec(text);
  if (!m) return undefined;
  return zoneIn(m[1]!) ?? zoneIn(m[0]);
}

/** Minutes east of UTC of `zone` at a local day and time. */
export function offsetAt(zone: Zone, local: { year: number; month: number; day: number; hour: number; minute: number }): number {
  if (zone.kind === 'fixed') return zone.minutes;
  // The offset at that wall-clock time: read the zone's clock at the UTC guess, then correct once.
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const at = (ms: number) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone.iana,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    }).formatToParts(new Date(ms));
    const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    return (Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - ms) / 60_000;
  };
  const first = at(guess);
  return at(guess - first * 60_000);
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** chrono's English parser, taught the forms above. */
const parser = chrono.en.casual.clone();
// "3. February 2020", "3. Feb. 2020": day-first with a period, as German-speaking writers date.
parser.parsers.push({
  pattern: () => /\b(\d{1,2})\.\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+(\d{4})\b/i,
  extract: (_ctx, m) => ({
    day: Number(m[1]),
    month: MONTHS.findIndex((n) => n.startsWith(m[2]!.toLowerCase().slice(0, 3))) + 1,
    year: Number(m[3]),
  }),
});
// "1625", "0401 UTC", "1900 and 2100 UTC": a 24-hour time without a colon, only beside a zone or a date so that
// years and counts are not read as times.
parser.parsers.push({
  pattern: () =>
    /(?<![\d.,:/-])([01]\d|2[0-3])([0-5]\d)(?=\s*(?:utc|gmt|z)\b|\s*(?:h|hrs)\b|\s*[:–—-]\s|\s+(?:and|to|until|-)\s+(?:[01]\d|2[0-3])[0-5]\d\s*(?:utc|gmt|z)\b)(?![\d.,])/i,
  extract: (_ctx, m) => ({ hour: Number(m[1]), minute: Number(m[2]) }),
});

function components(c: chrono.ParsedComponents): Omit<WrittenDate, 'index' | 'text' | 'end'> {
  const out: Omit<WrittenDate, 'index' | 'text' | 'end'> = {};
  if (c.isCertain('year')) out.year = c.get('year')!;
  if (c.isCertain('month')) out.month = c.get('month')!;
  if (c.isCertain('day')) out.day = c.get('day')!;
  if (c.isCertain('hour')) {
    out.hour = c.get('hour')!;
    out.minute = c.get('minute') ?? 0;
    if (c.isCertain('second')) out.second = c.get('second')!;
  }
  if (c.isCertain('timezoneOffset')) out.offset = c.get('timezoneOffset')!;
  return out;
}

const REFERENCE = { instant: new Date(Date.UTC(2000, 0, 1)), timezone: 0 };

/** A clock time, a numeric or ISO date, a month's name, am/pm, or a colon-less 24-hour time as parsed above. */
const WRITTEN_AS_DATE =
  /\d{1,2}:\d{2}|\d{4}-\d{1,2}-\d{1,2}|\b\d{1,2}\/\d{1,2}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b|\d\s*(?:am|pm|a\.m\.|p\.m\.)|^\s*(?:[01]\d|2[0-3])[0-5]\d\b/i;

/**
 * Every date and time written in `text`, in order. Relative words ("today", "now", "tomorrow", weekdays alone)
 * are not dates of an incident and are left out; so are bare numbers.
 */
export function datesIn(text: string): WrittenDate[] {
  const found: WrittenDate[] = [];
  // "between 1900 and 2100 UTC": chrono reads a lone 4-digit number as a year, so a range of colon-less times
  // beside a zone is given its colons first (two characters longer: indexes only order the results).
  const prepared = text
    .replace(/\s/g, ' ')
    // chrono reads "the afternoon of May 6th" as no date at all, and "2025-02-10 through 2025-04-01" as times in a
    // zone "-04": the part of day is blanked (same length) and "through" between two days becomes "to" (indexes
    // after it move by a few characters, which only orders results).
    .replace(/\b(?:early |late )?(?:morning|afternoon|evening|night) of\b/gi, (m) => ' '.repeat(m.length))
    .replace(/(\d{4}-\d{2}-\d{2}\s+)(?:through|thru|until|till)(?=\s+\d{4}-\d{2}-\d{2})/gi, '$1to')
    .replace(/\b([01]\d|2[0-3])([0-5]\d)(\s*(?:and|to|until|[-–—])\s*)([01]\d|2[0-3])([0-5]\d)(?=\s*(?:utc|gmt|z)\b)/gi, '$1:$2$3$4:$5');
  for (const r of parser.parse(prepared, REFERENCE, { forwardDate: false })) {
    const start = components(r.start);
    const hasDay = start.day !== undefined && start.month !== undefined;
    const hasTime = start.hour !== undefined;
    if (!hasDay && !hasTime) continue;
    // Only what is written as a date or a clock time counts: relative phrases and durations ("for 95 minutes",
    // "in a few days", "2 h 38 min") are read by chrono as moments after its reference day, and are no dates.
    if (!WRITTEN_AS_DATE.test(r.text)) continue;
    if (!hasTime && start.year === undefined && /^\d{1,2}\/\d{1,2}$/.test(r.text.trim())) continue;
    const written: WrittenDate = { ...start, index: r.index, text: r.text };
    if (r.end) {
      const end = components(r.end);
      if (end.hour !== undefined || end.day !== undefined) written.end = end;
      // "14:02 and 16:40 UTC on 2023-11-08": the day and zone written once, after the range, are the start's too.
      if (written.day === undefined && end.day !== undefined && end.month !== undefined) {
        written.day = end.day;
        written.month = end.month;
        if (end.year !== undefined) written.year = end.year;
      }
      if (written.offset === undefined && end.offset !== undefined) written.offset = end.offset;
    }
    found.push(written);
  }
  // "19:00 and 21:00 UTC" is one range whose zone is written once, at its end.
  for (let i = 0; i + 1 < found.length; i++) {
    const a = found[i]!;
    const b = found[i + 1]!;
    const between = prepared.slice(a.index + a.text.length, b.index);
    if (a.end || !/^\s*(?:and|to|until|[-–—])\s*$/i.test(between) || a.hour === undefined || b.hour === undefined) continue;
    const { index: _i, text: _t, end: _e, ...rest } = b;
    a.end = rest;
    if (a.offset === undefined && b.offset !== undefined) a.offset = b.offset;
    if (a.day === undefined && b.day !== undefined && b.month !== undefined) {
      a.day = b.day;
      a.month = b.month;
      if (b.year !== undefined) a.year = b.year;
    }
    a.text = prepared.slice(a.index, b.index + b.text.length);
    found.splice(i + 1, 1);
  }
  return found;
}

/** `YYYY-MM-DD` of a written date that has a day, month and year. */
export function dayOf(d: Pick<WrittenDate, 'year' | 'month' | 'day'>): string | undefined {
  if (d.year === undefined || d.month === undefined || d.day === undefined) return undefined;
  const day = `${d.year}-${pad(d.month)}-${pad(d.day)}`;
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day ? undefined : day;
}

/** The first full day (`YYYY-MM-DD`) written in `text`, or `undefined`. */
export function firstDay(text: string): string | undefined {
  for (const d of datesIn(text)) {
    const day = dayOf(d);
    if (day) return day;
  }
  return undefined;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** `YYYY-MM-DDTHH:MM:SS±hh:mm` for a day, a time and an offset in minutes. */
export function isoInstant(day: string, t: { hour: number; minute: number; second?: number | undefined }, offsetMinutes: number): string {
  return `${day}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second ?? 0)}${offsetText(offsetMinutes)}`;
}
