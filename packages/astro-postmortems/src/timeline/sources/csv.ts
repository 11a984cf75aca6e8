/**
 * A generic CSV: one row per event, with a header naming the columns `time`,
 * `who` and `what` (or their usual synonyms: `timestamp`, `date` + `time`,
 * `author`, `user`, `event`, `message`, `description`…). Every row is an
 * event someone chose to write down, so all rows are kept. A time with an
 * offset (`2026-11-01T01:10:00-04:00`, `14:05 PDT`) is taken as written; one
 * without is read in `--csv-zone` (default UTC, and the report says so).
 *
 * Library choice: csv-parse (the CSV parser of the `csv` project), for RFC 4180
 * quoting, quoted line breaks and a byte-order mark, which a spreadsheet's
 * export has and a split on commas gets wrong.
 */
import { parse } from 'csv-parse/sync';
import { datesIn, dayOf } from '../../import/dates.ts';
import type { Archive } from '../archive.ts';
import type { Inline, Person, TimelineEvent } from '../event.ts';
import { SourceError } from '../limits.ts';
import { cleanInline } from '../clean.ts';
import { fromLocal, type Zone } from '../zone.ts';
import type { SourceResult } from './slack.ts';

const COLUMNS = {
  time: ['time', 'timestamp', 'datetime', 'date time', 'date/time', 'when', 'at', 'created', 'created at', 'time (utc)', 'occurred at'],
  date: ['date', 'day'],
  who: ['who', 'author', 'user', 'actor', 'by', 'person', 'owner', 'name', 'role'],
  what: ['what', 'event', 'message', 'text', 'description', 'action', 'note', 'summary', 'details', 'entry'],
};

const norm = (h: string) => h.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');

export async function readCsv(archive: Archive, file: string, text: string, zone: Zone | undefined): Promise<SourceResult> {
  const where = `${archive.label}${file === archive.label ? '' : `: ${file}`}`;
  let rows: string[][];
  try {
    rows = parse(text, {
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      max_record_size: 64 * 1024,
    }) as string[][];
  } catch (error) {
    throw new SourceError(
      `${where}: not valid CSV (${(error as Error).message.split('\n')[0]}); save it again as CSV (comma-separated, UTF-8)`,
    );
  }
  const header = (rows[0] ?? []).map(norm);
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const timeCol = col(COLUMNS.time);
  const dateCol = col(COLUMNS.date);
  const whoCol = col(COLUMNS.who);
  const whatCol = col(COLUMNS.what);
  if ((timeCol === -1 && dateCol === -1) || whatCol === -1) {
    throw new SourceError(
      `${where}: expected a header row naming a \`time\` column and a \`what\` column (and optionally \`who\`), found ${header.length ? header.map((h) => `\`${h}\``).join(', ') : 'no header'}; the first line must be e.g. \`time,who,what\``,
    );
  }
  const events: TimelineEvent[] = [];
  const notes: string[] = [];
  const problems: string[] = [];
  let assumed = 0;
  for (let i = 1; i < rows.length; i++) {
    const row = rows[i]!;
    const line = i + 1;
    const rawTime = [dateCol !== -1 && dateCol !== timeCol ? row[dateCol] : '', timeCol !== -1 ? row[timeCol] : '']
      .filter(Boolean)
      .join(' ')
      .trim();
    const what = (row[whatCol] ?? '').trim();
    if (!rawTime && !what) continue;
    const at = instantOf(rawTime, zone);
    if (!at.ok) {
      problems.push(`line ${line}: ${at.why}`);
      continue;
    }
    if (at.assumed) assumed++;
    const whoText = whoCol === -1 ? '' : (row[whoCol] ?? '').trim();
    const who: Person | undefined = whoText
      ? /^[^@\s]+@[^@\s]+$/.test(whoText)
        ? { key: `email:${whoText.toLowerCase()}`, kind: 'person', email: whoText, handle: whoText.split('@')[0] }
        : {
            key: `name:${whoText.toLowerCase()}`,
            kind: 'person',
            name: whoText,
            handle: whoText.startsWith('@') ? whoText.slice(1) : undefined,
          }
      : undefined;
    const { parts, truncated } = cleanInline([{ type: 'text', value: what } as Inline], 400);
    if (!parts.length) continue;
    events.push({
      at: at.ms,
      origin: { format: 'csv', file: where, ref: `line ${line}` },
      kind: 'message',
      who,
      content: parts,
      quoted: false,
      marked: true,
      marks: ['listed'],
      ...(truncated ? { truncated } : {}),
    });
  }
  if (problems.length && !events.length)
    throw new SourceError(
      `${where}: no row has a time this command can read (${problems.slice(0, 3).join('; ')}); write times as ISO 8601, e.g. \`2026-11-01T14:05:00Z\` or \`2026-11-01 14:05\``,
    );
  if (problems.length)
    notes.push(`${problems.length} rows left out: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}`);
  if (assumed)
    notes.push(
      `${assumed} times named no zone and were read as ${zone ? zone.name : 'UTC'}${zone ? '' : ' (pass --csv-zone if they are local times)'}`,
    );
  return { label: `CSV ${file.split('/').pop()}`, events, records: rows.length - 1, notes };
}

type Instant = { ok: true; ms: number; assumed: boolean } | { ok: false; why: string };

function instantOf(raw: string, zone: Zone | undefined): Instant {
  if (!raw) return { ok: false, why: 'no time' };
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(raw);
  if (iso) {
    if (iso[3]) {
      const ms = Date.parse(`${iso[1]}T${iso[2]}${iso[3].toUpperCase().replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`);
      return Number.isFinite(ms) ? { ok: true, ms, assumed: false } : { ok: false, why: `\`${raw}\` is not a real date and time` };
    }
    return local(iso[1]!, iso[2]!, zone, raw);
  }
  // Anything else as the importer reads written dates ("Nov 1, 2026 2:25 PM EST", "01/11/2026 14:25"), with chrono.
  const written = datesIn(raw)[0];
  const day = written ? dayOf(written) : undefined;
  if (!written || !day) return { ok: false, why: `\`${raw}\` has no date (write \`YYYY-MM-DD HH:MM\`)` };
  if (written.hour === undefined) return { ok: false, why: `\`${raw}\` has no time of day` };
  const time = `${String(written.hour).padStart(2, '0')}:${String(written.minute ?? 0).padStart(2, '0')}:${String(written.second ?? 0).padStart(2, '0')}`;
  if (written.offset !== undefined) {
    const ms = Date.parse(`${day}T${time}Z`) - written.offset * 60_000;
    return Number.isFinite(ms) ? { ok: true, ms, assumed: false } : { ok: false, why: `\`${raw}\` is not a real date and time` };
  }
  return local(day, time, zone, raw);
}

function local(date: string, time: string, zone: Zone | undefined, raw: string): Instant {
  const z: Zone = zone ?? { kind: 'fixed', minutes: 0, name: 'UTC' };
  const r = fromLocal(z, date, time.length === 5 ? `${time}:00` : time);
  if (r.ok) return { ok: true, ms: r.ms, assumed: !zone };
  if (r.reason === 'ambiguous')
    return {
      ok: false,
      why: `\`${raw}\` happened twice in ${z.name} (the clocks went back); write it with its offset, e.g. \`${date}T${time.slice(0, 5)}:00-05:00\``,
    };
  return { ok: false, why: `\`${raw}\` never happened in ${z.name} (the clocks went forward); write its offset` };
}
