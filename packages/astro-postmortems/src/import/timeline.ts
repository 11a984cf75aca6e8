/**
 * Phase 4 of the import, `readTimeline` and `incidentTimes`: the entries of a
 * timeline (list items, table rows, `### 13:35` headings with the text under
 * them, `<br>`-separated lines, sentences of a summary when there is no
 * timeline), each with the day and offset it happened at; then when the
 * incident started and ended.
 *
 * Entries: a line that starts with a date or a time ("`07:35`", "2022-02-02
 * 1625:", "0401 UTC 2014-10-26 -", "At 11:03 UTC", "ca. 11:20"). A line that
 * is only a day ("### 2023-08-25", "**Date: 2023-11-22**") sets the day of the
 * entries after it; a time earlier than the one before it, with no day
 * written, is the next day; a year that jumps back by one between entries that
 * otherwise advance is the writer's slip and is read as the year around it
 * (and reported).
 *
 * Zones: the entry's own ("13:14 EDT", "7:09 AM Eastern"), else the
 * timeline's statement ("All times in PST", "Timeline (UTC)", a "Time (CET)"
 * column), else the document's; a region ("Pacific", "PST/PDT") gives the
 * offset of that day. None written: none assumed here.
 *
 * Start and end: a marked start ("START OF OUTAGE", "Problem starts", "Start of
 * incident") or the first entry (from the day the summary says the failure
 * happened, when it says so); the end is the last entry of the strongest kind
 * of recovery written: an explicit end ("END OF OUTAGE", "Incident ends",
 * "set to resolved", "close the incident"), else the service back ("back to
 * normal", "working again", "fully operational"), else a fix or a revocation.
 */
import type { Heading, List, ListItem, PhrasingContent, RootContent, Table } from 'mdast';
import { toString } from '../core/utils/mdast.ts';
import { blockText } from './text.ts';
import { addDays, datesIn, dayOf, isoInstant, offsetAt, zoneIn, zoneStatement, type WrittenDate, type Zone } from './dates.ts';

export interface TimelineEntry {
  text: string;
  line: number;
  /** `YYYY-MM-DD`, when known. */
  day?: string;
  /** The time, when one is written. */
  time?: { hour: number; minute: number; second?: number };
  /** Minutes east of UTC, when the entry, the timeline or the document names a zone. */
  offset?: number;
  /** Where the offset came from, for the report. */
  zoneFrom?: string;
  /** The end of a written range ("between 1900 and 2100 UTC"). */
  end?: { day?: string; time?: { hour: number; minute: number }; offset?: number };
}

export interface TimelineInput {
  /** The Timeline section's nodes; empty when the document has none. */
  nodes: RootContent[];
  /** The headings the Timeline was made from ("Timeline (all times in PST/PDT)"). */
  headings: string[];
  /** The zone the document states somewhere else ("All times are UTC" in the summary). */
  documentZone?: Zone | undefined;
  /** The first day to read entries without a day against (title, summary). */
  firstDay?: string | undefined;
  /** A reference day for dates written without a year (the page's publication date). */
  referenceDay?: string | undefined;
}

export interface Timeline {
  entries: TimelineEntry[];
  zone?: Zone;
  notes: string[];
}

interface Line {
  text: string;
  line: number;
  /** Text that belongs to the entry but does not start it (the paragraphs under a `### 13:35` heading). */
  more?: string;
}

/** Phrasing as lines: `<br>` and newlines end a line. */
function phrasingLines(children: PhrasingContent[], start: number): Line[] {
  const out: Line[] = [{ text: '', line: start }];
  for (const c of children) {
    if (c.type === 'break') out.push({ text: '', line: c.position?.end.line ?? out.at(-1)!.line });
    else out[out.length - 1]!.text += toString(c);
  }
  return out.flatMap((l) => l.text.split('\n').map((t, i) => ({ text: t.trim(), line: l.line + i }))).filter((l) => l.text);
}

/** The lines of a timeline section, with headings carrying the text under them. */
function linesOf(nodes: RootContent[]): { lines: Line[]; headerZones: string[] } {
  const lines: Line[] = [];
  const headerZones: string[] = [];
  let underHeading: Line | undefined;
  for (const node of nodes) {
    const line = node.position?.start.line ?? 0;
    if (node.type === 'heading') {
      underHeading = { text: toString(node as Heading).trim(), line, more: '' };
      lines.push(underHeading);
      continue;
    }
    if (underHeading) {
      // A heading's entry is the heading and what is written under it, unless that text is itself a timeline.
      const inner =
        node.type === 'paragraph' ? phrasingLines(node.children, line) : node.type === 'list' ? node.children.flatMap(itemLines) : [];
      if (!(inner.length && startsWithDate(inner[0]!.text))) {
        underHeading.more += ` ${blockText(node)}`;
        continue;
      }
    }
    if (node.type === 'list') {
      for (const li of (node as List).children) lines.push(...itemLines(li));
    } else if (node.type === 'table') {
      const [header, ...rows] = (node as Table).children;
      if (header) headerZones.push(toString(header));
      for (const row of rows)
        lines.push({ text: row.children.map((c) => toString(c).trim()).join(' | '), line: row.position?.start.line ?? line });
    } else if (node.type === 'paragraph') {
      lines.push(...phrasingLines(node.children, line));
    }
  }
  return { lines, headerZones };
}

/** A list item as an entry: its first paragraph's lines; nested lists are day headers or entries of their own. */
function itemLines(li: ListItem): Line[] {
  const out: Line[] = [];
  const line = li.position?.start.line ?? 0;
  for (const child of li.children) {
    if (child.type === 'paragraph') {
      const ls = phrasingLines(child.children, child.position?.start.line ?? line);
      if (!out.length) out.push(...ls.slice(0, 1).map((l) => ({ ...l, text: ls.map((x) => x.text).join(' ') })));
      else out[out.length - 1]!.more = `${out.at(-1)!.more ?? ''} ${ls.map((x) => x.text).join(' ')}`;
    } else if (child.type === 'list') {
      const nested = child.children.flatMap(itemLines);
      if (nested.some((l) => startsWithDate(l.text))) out.push(...nested);
      else if (out.length) out[out.length - 1]!.more = `${out.at(-1)!.more ?? ''} ${nested.map((l) => l.text).join(' ')}`;
    }
  }
  return out;
}

const LEAD = /^(?:[-*•>|#\s`*_~[(]|at\s+|on\s+|ca\.?\s+|approx\.?\s+|approximately\s+|around\s+|about\s+|(?:date|day)\s*:\s*)*/i;

/** The date written at the start of a line (after markup and "At", "ca."), merged with a time right after a day. */
function leadingDate(text: string): WrittenDate | undefined {
  const lead = LEAD.exec(text)?.[0].length ?? 0;
  const found = datesIn(text);
  const first = found[0];
  if (!first || first.index > lead + 2) return undefined;
  const second = found[1];
  // "2018-07-30 ca. 11:20", "On April 26, 2023 between the hours of 1900 and 2100 UTC".
  if (
    first.hour === undefined &&
    second &&
    second.hour !== undefined &&
    second.day === undefined &&
    second.index - (first.index + first.text.length) <= 40
  ) {
    const merged: WrittenDate = {
      ...first,
      hour: second.hour,
      minute: second.minute!,
      text: text.slice(first.index, second.index + second.text.length),
    };
    if (second.second !== undefined) merged.second = second.second;
    if (second.offset !== undefined) merged.offset = second.offset;
    if (second.end) merged.end = second.end;
    return merged;
  }
  // "14:02 UTC on 2023-11-08": a time whose day follows it.
  if (
    first.hour !== undefined &&
    first.day === undefined &&
    second &&
    second.hour === undefined &&
    second.day !== undefined &&
    second.index - (first.index + first.text.length) <= 12
  ) {
    const merged: WrittenDate = {
      ...first,
      month: second.month!,
      day: second.day,
      text: text.slice(first.index, second.index + second.text.length),
    };
    if (second.year !== undefined) merged.year = second.year;
    return merged;
  }
  return first;
}

function startsWithDate(text: string): boolean {
  return leadingDate(text) !== undefined;
}

/** A line that is only a day (and perhaps a weekday or "Date:"): it sets the day of what follows. */
function isDayOnly(text: string, d: WrittenDate): boolean {
  if (d.hour !== undefined) return false;
  const rest = (text.slice(0, d.index) + text.slice(d.index + d.text.length))
    .replace(/\((?:all\s+)?times?\b[^()]*\)/gi, '')
    .replace(/\b(?:date|day|on|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|[*_:`#()\s,.-]/gi, '');
  return rest.length === 0;
}

export function readTimeline(input: TimelineInput): Timeline {
  const notes: string[] = [];
  const { lines, headerZones } = linesOf(input.nodes);
  // The timeline's zone: its heading, a statement among its lines, a column header; else the document's.
  let zone: Zone | undefined;
  let zoneFrom = '';
  for (const h of input.headings) {
    zone = zoneStatement(h) ?? zoneIn(h.replace(/^timeline/i, ''));
    if (zone) {
      zoneFrom = `the heading "${h}"`;
      break;
    }
  }
  if (!zone) {
    for (const l of lines) {
      // A statement line ("All times in PST"), or a day line that names the zone ("2015-10-21 (all times UTC)").
      if (startsWithDate(l.text) && !/\((?:all\s+)?times?\b[^()]*\)/i.test(l.text)) continue;
      const z = /\b(?:times?|timestamps?|timezone|time zone|hours)\b/i.test(l.text) ? zoneStatement(l.text) : undefined;
      if (z) {
        zone = z;
        zoneFrom = `"${l.text.slice(0, 60)}" (source line ${l.line})`;
        break;
      }
    }
  }
  if (!zone) {
    for (const h of headerZones) {
      const z = zoneIn(h);
      if (z) {
        zone = z;
        zoneFrom = `the table header "${h.slice(0, 60)}"`;
        break;
      }
    }
  }
  if (!zone && input.documentZone) {
    zone = input.documentZone;
    zoneFrom = `the document's statement of its zone (${input.documentZone.name})`;
  }

  const entries: TimelineEntry[] = [];
  let day = input.firstDay;
  const referenceYear = Number((input.referenceDay ?? input.firstDay ?? '').slice(0, 4)) || undefined;
  let previous: TimelineEntry | undefined;
  for (const l of lines) {
    const d = leadingDate(l.text);
    if (!d) {
      if (previous && !l.more) previous.text += ` ${l.text}`;
      continue;
    }
    const year = d.year ?? (day ? Number(day.slice(0, 4)) : referenceYear);
    const ownDay =
      d.month !== undefined && d.day !== undefined && year !== undefined ? dayOf({ year, month: d.month, day: d.day }) : undefined;
    if (ownDay && isDayOnly(l.text, d)) {
      day = ownDay;
      continue;
    }
    const entry: TimelineEntry = { text: `${l.text}${l.more ? ` ${l.more.trim()}` : ''}`, line: l.line };
    let entryDay = ownDay ?? day;
    if (d.hour !== undefined) {
      entry.time = { hour: d.hour, minute: d.minute ?? 0 };
      if (d.second !== undefined) entry.time.second = d.second;
      // A time earlier than the one before it, on no new day, is the next day.
      if (
        !ownDay &&
        entryDay &&
        previous?.time &&
        previous.day === entryDay &&
        d.hour * 60 + (d.minute ?? 0) < previous.time.hour * 60 + previous.time.minute - 60
      )
        entryDay = addDays(entryDay, 1);
    }
    // "2013-12-03" between 2014-12-02 and 2014-12-03: a year that jumps back by one is read as the year around it.
    if (ownDay && previous?.day && entryDay) {
      const back = (Date.parse(previous.day) - Date.parse(entryDay)) / 86_400_000;
      const fixed = `${previous.day.slice(0, 4)}${entryDay.slice(4)}`;
      if (back > 300 && back < 400 && Date.parse(fixed) >= Date.parse(previous.day)) {
        notes.push(
          `source line ${l.line} dates an entry ${entryDay}, between entries of ${previous.day.slice(0, 4)}: read as ${fixed}; check it`,
        );
        entryDay = fixed;
      }
    }
    if (entryDay) {
      entry.day = entryDay;
      // A day written in passing ("announced on June 15") never moves the day of later times backwards.
      if (!ownDay || !day || entryDay >= day) day = entryDay;
    }
    if (entry.time && entry.day) {
      const own = d.offset ?? offsetNamedIn(l.text, d);
      if (own !== undefined) {
        entry.offset = typeof own === 'number' ? own : offsetAt(own, local(entry.day, entry.time));
        entry.zoneFrom = 'the entry itself';
      } else if (zone) {
        entry.offset = offsetAt(zone, local(entry.day, entry.time));
        entry.zoneFrom = zoneFrom;
      }
    }
    if (d.end) {
      entry.end = {};
      const endDay =
        d.end.month !== undefined && d.end.day !== undefined
          ? dayOf({ year: d.end.year ?? year ?? 0, month: d.end.month, day: d.end.day })
          : entry.day;
      if (endDay) entry.end.day = endDay;
      if (d.end.hour !== undefined) entry.end.time = { hour: d.end.hour, minute: d.end.minute ?? 0 };
      const off = d.end.offset ?? entry.offset;
      if (off !== undefined) entry.end.offset = off;
    }
    entries.push(entry);
    previous = entry;
  }
  const out: Timeline = { entries, notes };
  if (zone) out.zone = zone;
  return out;
}

/** A zone written in the entry near its time ("7:09 AM Eastern:"), not one mentioned later in the sentence. */
function offsetNamedIn(text: string, d: WrittenDate): Zone | undefined {
  const after = text.slice(d.index + d.text.length, d.index + d.text.length + 12);
  return /^\s*\(?[A-Za-z/+\-0-9]/.test(after) ? zoneIn(after.split(/[:,)]/)[0]!) : undefined;
}

function local(day: string, t: { hour: number; minute: number }) {
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)), day: Number(day.slice(8, 10)), hour: t.hour, minute: t.minute };
}

/** Sentences of prose as timeline lines, for documents whose summary is their only timeline. */
export function proseEntries(nodes: RootContent[], input: Omit<TimelineInput, 'nodes' | 'headings'>): Timeline {
  const sentences: RootContent[] = [];
  for (const node of nodes) {
    if (node.type !== 'paragraph' && node.type !== 'list') continue;
    const text = blockText(node).replace(/\s+/g, ' ');
    for (const s of text.split(/(?<=[.!?])\s+(?=[A-Z])/)) {
      const d = datesIn(s)[0];
      if (!d) continue;
      // A sentence counts when it has a time, or a day and says something happened on it.
      if (d.hour === undefined && !STARTED.test(s) && !RECOVERY.some(([re]) => re.test(s)) && !DETECTED.test(s)) continue;
      const lead = s.slice(d.index);
      sentences.push({
        type: 'paragraph',
        children: [{ type: 'text', value: `${lead} ${s.slice(0, d.index)}` }],
        position: node.position,
      } as RootContent);
    }
  }
  return readTimeline({ ...input, nodes: sentences, headings: [] });
}

const STARTED =
  /\b(?:start(?:s|ed)?|began|begins?|fail(?:s|ed|ure)?|broke|down|outage|unavailable|unresponsive|suffered|experienc(?:ed|ing)|exposed|compromised|breach|leaked|attack(?:ed)?|took over|taken over|went)\b/i;
const DETECTED = /\b(?:noticed|reported|notified|identified|discovered|alerted|detected|received|found)\b/i;
const MARKED_START =
  /\bstart of (?:the )?(?:incident|outage|impact)\b|\bstart of outage\b|\bproblem starts?\b|\b(?:incident|outage|impact) (?:starts|started|begins|began)\b/i;

/** Kinds of recovery, strongest first. */
const RECOVERY: [RegExp, number][] = [
  [
    /\bend of (?:the )?(?:outage|incident|impact)\b|\b(?:incident|outage) (?:ends|ended|is over|closed)\b|\boutage to an end\b|\b(?:set|marked) (?:as )?(?:to )?resolved\b|\bclose[sd]? the incident\b|\b(?:issue|problem|incident|outage) (?:is|was|has been) (?:resolved|closed)\b|\bincident resolved\b|(?:[,;—–-]|\(|\bresolved:)\s*(?:resolved|all clear)(?:\s*\)\.?|\s*\.)?\s*$/i,
    3,
  ],
  [
    /\b(?:back|returns?|returned|goes back|went back) to (?:normal\b|100 ?%|working order\b)|\bback (?:online|up)\b|\b(?:working|flowing|operational|usable|available|online) again\b|\bfully (?:operational|restored|recovered)\b|\bservice (?:resumes|resumed|restored)\b|\beverything (?:is|was) (?:working|fine|back)\b|\bgoes away\b|\bremained (?:unavailable|down) until\b/i,
    2,
  ],
  [
    /\b(?:restored|recovered|caught up)\b|\bfix(?:ed)? (?:is |was )?(?:deployed|live|released)\b|\bdeployed and live\b|\bwith (?:the |a )?fix\b|\b(?:token|credentials?|key)s? (?:\w+ )?(?:destroyed|revoked|disabled|rotated)\b|\b(?:destroyed|revoked)\b/i,
    1,
  ],
];

function recoveryKind(text: string): number {
  // "Launches aren't working again" is the opposite of a recovery.
  const t = text
    .replace(/\s+/g, ' ')
    .replace(
      /\b(?:aren't|isn't|wasn't|weren't|not|never|no longer)\s+(?:\w+\s+){0,2}?(?:working|back|operational|available|online|restored|recovered|resolved)\b[^.;]*/gi,
      '',
    );
  for (const [re, kind] of RECOVERY) if (re.test(t)) return kind;
  return 0;
}

export interface IncidentMoment {
  day: string;
  time?: { hour: number; minute: number; second?: number };
  offset?: number;
  /** ISO 8601 with offset, when the day, time and offset are all known. */
  instant?: string;
  from: string;
  zoneFrom?: string;
}

function moment(
  e: { day?: string; time?: { hour: number; minute: number; second?: number }; offset?: number; zoneFrom?: string },
  from: string,
): IncidentMoment | undefined {
  if (!e.day) return undefined;
  const m: IncidentMoment = { day: e.day, from };
  if (e.time) m.time = e.time;
  if (e.offset !== undefined) m.offset = e.offset;
  if (e.zoneFrom) m.zoneFrom = e.zoneFrom;
  if (e.time && e.offset !== undefined) m.instant = isoInstant(e.day, e.time, e.offset);
  return m;
}

const order = (m: IncidentMoment) =>
  m.instant
    ? Date.parse(m.instant)
    : Date.parse(`${m.day}T${m.time ? `${String(m.time.hour).padStart(2, '0')}:${String(m.time.minute).padStart(2, '0')}` : '00:00'}:00Z`);

/**
 * When the incident started and ended, from a timeline. `failureDay`: the day the summary says the failure
 * happened, when it says so; entries before it are the lead-up.
 */
export interface IncidentTimes {
  started?: IncidentMoment;
  detected?: IncidentMoment;
  mitigated?: IncidentMoment;
  resolved?: IncidentMoment;
}

const DETECTION =
  /\b(?:detected|noticed|reported|alert(?:ed|s)?\b(?! on)|paged|page fired|first alert|became aware|discovered|identified)\b/i;
// Done, not tried: "rolled back", never "rollback attempted" or "started to roll back".
const MITIGATION =
  /\b(?:mitigated|rolled (?:it |the \w+ )?back|reverted|failed over|traffic (?:was )?(?:shifted|drained|moved)|(?:disabled|stopped|banned|blocked|cordoned|throttled|rate[- ]limited) (?:the )?\w+|workaround (?:applied|in place))\b/i;
const ATTEMPT = /\b(?:attempt(?:s|ed)?|tr(?:y|ied|ies) to|start(?:s|ed)? to|begin(?:s)? to|plan(?:s|ned)? to|decided to|considered)\b/i;

/** When the incident was detected and mitigated, from the entries between its start and its end. */
export function detectionAndMitigation(timeline: Timeline, times: IncidentTimes): IncidentTimes {
  const out: IncidentTimes = {};
  if (!times.started) return out;
  const start = order(times.started);
  const end = times.resolved ? order(times.resolved) : Infinity;
  const within = timeline.entries.filter((e) => e.day && e.time && order(moment(e, '')!) >= start && order(moment(e, '')!) <= end);
  const d = within.find((e) => DETECTION.test(e.text));
  const m = within.find((e) => MITIGATION.test(e.text) && !ATTEMPT.test(e.text.slice(0, 120)));
  const dm = d && moment(d, `the timeline entry at source line ${d.line} ("${d.text.slice(0, 60)}")`);
  if (dm?.instant) out.detected = dm;
  const mm = m && moment(m, `the timeline entry at source line ${m.line} ("${m.text.slice(0, 60)}")`);
  if (mm?.instant && (!out.detected || order(mm) >= order(out.detected))) out.mitigated = mm;
  return out;
}

/** A moment written in a metadata field ("Start: 2024-03-02 09:14 PST", "End: 16:40 UTC"), on `day` when it gives none. */
export function labelledMoment(
  value: string,
  from: string,
  day: string | undefined,
  zone: Zone | undefined,
  referenceDay: string | undefined,
): IncidentMoment | undefined {
  const t = readTimeline({
    nodes: [{ type: 'paragraph', children: [{ type: 'text', value }] }],
    headings: [],
    firstDay: day,
    referenceDay,
    documentZone: zone,
  });
  const e = t.entries[0];
  if (!e?.day) return undefined;
  return moment(e, from);
}

export function incidentTimes(timeline: Timeline, failureDay?: string): IncidentTimes {
  const entries = timeline.entries.filter((e) => e.day);
  if (!entries.length) return {};
  const marked = entries.find((e) => MARKED_START.test(e.text));
  const fromFailure = failureDay && entries[0]!.day! < failureDay ? entries.find((e) => e.day! >= failureDay) : undefined;
  let first = marked ?? fromFailure ?? entries[0]!;
  // A first entry with a day but no time ("`May 31` team deploys…") is the day; the first time on it is the start.
  if (!first.time) {
    const timed = entries.find((e) => e.day === first.day && e.time);
    if (timed) first = timed;
  }
  const how = marked
    ? `the timeline entry marked as the start (source line ${first.line})`
    : fromFailure
      ? `the first timeline entry on ${failureDay}, the day the summary says the failure happened (source line ${first.line})`
      : `the first timeline entry (source line ${first.line})`;
  let started = moment(first, how);
  // The summary dates the failure before the first entry ("exposed from on or about 2025-02-10"): that day is the start.
  if (!marked && failureDay && entries[0]!.day! > failureDay)
    started = { day: failureDay, from: `the summary, which dates the failure ${failureDay}, before the first timeline entry` };
  const result: IncidentTimes = {};
  if (started) result.started = started;
  const after = entries.filter((e) => !started || order(moment(e, '')!) >= order(started));
  let best: TimelineEntry | undefined;
  let bestKind = 0;
  for (const e of after) {
    const kind = recoveryKind(e.text);
    if (kind && kind >= bestKind && e !== first) {
      best = e;
      bestKind = kind;
    }
  }
  if (best) {
    const r = moment(best, `the timeline entry at source line ${best.line} ("${best.text.slice(0, 60)}")`);
    if (r) result.resolved = r;
  } else if (first.end && (first.end.time || first.end.day !== first.day)) {
    const r = moment(
      {
        day: first.end.day ?? first.day!,
        ...(first.end.time ? { time: first.end.time } : {}),
        ...(first.end.offset !== undefined ? { offset: first.end.offset, zoneFrom: first.zoneFrom ?? 'the entry itself' } : {}),
      },
      `the end of the range at source line ${first.line}`,
    );
    if (r) result.resolved = r;
  }
  return result;
}

/** The day a summary says the failure happened ("On Wednesday December 3rd the main host fails"), when it says so. */
export function failureDayIn(nodes: RootContent[], referenceDay: string | undefined): string | undefined {
  const t = proseEntries(nodes, { referenceDay });
  const e = t.entries.find((x) => x.day && STARTED.test(x.text) && !DETECTED.test(x.text));
  return e?.day;
}
