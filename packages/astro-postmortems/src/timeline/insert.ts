/**
 * Puts new entries into the Timeline section of an existing postmortem
 * without changing a byte of what is there: each entry is a new line inserted
 * between existing ones, in time order, in the style of its neighbours (list
 * marker, bold time, dash), with the date where the day changes and the offset
 * where it changes. Entries already in the timeline (same minute, same text)
 * are not added again, so running the command twice adds nothing.
 *
 * Pure: text in, text out. The result is verified to be the original with
 * lines added, and nothing else.
 */
import { entryInstant, type TimelineEntry } from '../core/rules/timeline-order.ts';
import type { TimelineSection } from './locate.ts';
import { DEFAULT_STYLE, entryLine, needs, timeLabel, zoneStatement, type EntryStyle } from './render.ts';
import { fromLocal, toLocal, type Zone } from './zone.ts';

export interface NewEntry {
  at: number;
  /** The sentence after the time, as Markdown. */
  text: string;
}

/** The style of an existing entry's line: marker, bold, separator. */
export function styleOf(source: string, entry: TimelineEntry): EntryStyle {
  const start = entry.node.position?.start.offset ?? 0;
  const lineStart = source.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = source.indexOf('\n', start);
  const line = source.slice(lineStart, lineEnd === -1 ? undefined : lineEnd).replace(/\r$/, '');
  const m =
    /^([ \t>]*)(?:([-*+]|\d{1,9}[.)])([ \t]+))?(\*\*|__)?(?:\d{4}-\d{2}-\d{2}[ T])?\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:(?:UTC|GMT)\s*)?[+-]\d{1,2}(?::?\d{2})?|\s+UTC|\s+GMT)?(\*\*|__)?([ \t]*(?:—|–|-{1,2}|:|\|)?[ \t]*)/.exec(
      line,
    );
  if (!m) return DEFAULT_STYLE;
  const kind = entry.node.type === 'listItem' ? 'list' : 'paragraph';
  return {
    kind,
    indent: m[1] ?? '',
    marker: m[2] ?? '-',
    gap: m[3] ?? ' ',
    strong: m[4] && m[4] === m[5] ? m[4] : '',
    separator: m[6] && m[6].trim() ? m[6] : ' — ',
  };
}

export interface Insertion {
  /** The whole file with the entries added. */
  text: string;
  /** Lines added, with their line numbers in `text`. */
  added: { line: number; text: string; at: number }[];
  /** New entries already in the timeline (same minute and text), not added again. */
  present: number;
  /** The zone sentence added before the entries, when the section had neither entries nor one. */
  statement: string | undefined;
}

const normal = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Inserts `entries` (sorted or not) into the section. Existing entries' times are read in `zone` unless they
 * give an offset; entries before the first date are taken to be on `startedDate`.
 */
export function insertEntries(
  source: string,
  found: { section: TimelineSection; startedDate: string | undefined },
  entries: readonly NewEntry[],
  zone: Zone,
): Insertion {
  const { section } = found;
  const eol = source.includes('\r\n') ? '\r\n' : '\n';
  const sorted = [...entries].sort((a, b) => a.at - b.at);
  const offsetsChange =
    new Set([
      ...sorted.map((e) => toLocal(zone, e.at).offset),
      ...section.entries.filter((e) => e.offset !== undefined).map((e) => e.offset),
    ]).size > 1;

  // Existing entries as instants; the text after their time, for spotting one already there.
  const defaultDate = found.startedDate ?? (sorted[0] ? toLocal(zone, sorted[0].at).date : '1970-01-01');
  const existing = section.entries.map((e) => {
    let at = entryInstant(e);
    if (at === undefined) {
      const local = fromLocal(zone, e.date || defaultDate, e.time);
      at = local.ok ? local.ms : (local.candidates[0] ?? Date.parse(`${e.date || defaultDate}T${e.time}Z`));
    }
    const start = e.node.position?.start.offset ?? 0;
    const end = e.node.position?.end.offset ?? start;
    const body = normal(
      source.slice(start, end).replace(/^[\s\S]*?\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:(?:UTC|GMT)\s*)?[+-]\d{1,2}(?::?\d{2})?)?/, ''),
    );
    return { entry: e, at, body, minute: Math.floor(at / 60_000) };
  });

  let present = 0;
  const fresh = sorted.filter((n) => {
    const body = normal(n.text);
    const dup = existing.some((x) => x.minute === Math.floor(n.at / 60_000) && x.body === body);
    if (dup) present++;
    return !dup;
  });

  type Edit = { offset: number; text: string; lines: { text: string; at: number }[] };
  const edits: Edit[] = [];
  let statement: string | undefined;
  if (!existing.length) {
    // No timed entry yet: a new list at the end of the section, with the zone stated unless the section states one.
    let ctx = { date: undefined as string | undefined, offset: undefined as number | undefined, offsetsChange };
    const lines = fresh.map((n) => {
      const local = toLocal(zone, n.at);
      const need = needs(local, ctx);
      ctx = { ...ctx, date: local.date, offset: local.offset };
      return { text: entryLine(DEFAULT_STYLE, timeLabel(local, need.date, need.offset), n.text), at: n.at };
    });
    if (lines.length) {
      const last = section.content.at(-1);
      const at = last?.position?.end.offset ?? section.headingEnd;
      statement = section.stated
        ? undefined
        : zoneStatement(
            zone,
            fresh.map((n) => n.at),
          );
      const block = [...(statement ? [statement, ''] : []), ...lines.map((l) => l.text)];
      edits.push({ offset: at, text: `${eol}${eol}${block.join(eol)}`, lines: lines });
    }
  } else {
    // Merge: each new entry goes before the first existing entry that is later, or after the last one.
    const merged: ({ kind: 'old'; x: (typeof existing)[number] } | { kind: 'new'; n: NewEntry })[] = existing.map((x) => ({
      kind: 'old' as const,
      x,
    }));
    for (const n of fresh) {
      const i = merged.findIndex((m) => m.kind === 'old' && m.x.at > n.at);
      if (i === -1) merged.push({ kind: 'new', n });
      else merged.splice(i, 0, { kind: 'new', n });
    }
    let ctx = { date: undefined as string | undefined, offset: undefined as number | undefined, offsetsChange };
    let lastOld: (typeof existing)[number] | undefined;
    const pending = new Map<number, { before: boolean; lines: { text: string; at: number }[]; style: EntryStyle }>();
    for (let i = 0; i < merged.length; i++) {
      const m = merged[i]!;
      if (m.kind === 'old') {
        ctx = { ...ctx, date: m.x.entry.date || ctx.date, offset: m.x.entry.offset ?? ctx.offset };
        lastOld = m.x;
        continue;
      }
      const local = toLocal(zone, m.n.at);
      const need = needs(local, ctx);
      ctx = { ...ctx, date: local.date, offset: need.offset || ctx.offset !== undefined ? local.offset : ctx.offset };
      const nextOld = merged.slice(i + 1).find((x) => x.kind === 'old') as { kind: 'old'; x: (typeof existing)[number] } | undefined;
      const anchor = nextOld?.x ?? lastOld!;
      const before = !!nextOld;
      const style = styleOf(source, anchor.entry);
      const nodeStart = anchor.entry.node.position?.start.offset ?? 0;
      const offset = before
        ? source.lastIndexOf('\n', nodeStart - 1) + 1
        : lineEndAfter(source, anchor.entry.node.position?.end.offset ?? nodeStart);
      const group = pending.get(offset) ?? { before, lines: [], style };
      group.lines.push({ text: entryLine(style, timeLabel(local, need.date, need.offset), m.n.text), at: m.n.at });
      pending.set(offset, group);
    }
    for (const [offset, g] of pending) {
      const join = g.style.kind === 'paragraph' ? `${eol}${eol}` : eol;
      const body = g.lines.map((l) => l.text).join(join);
      edits.push({ offset, text: g.before ? `${body}${join}` : `${join}${body}`, lines: g.lines });
    }
  }

  edits.sort((a, b) => b.offset - a.offset);
  let text = source;
  for (const e of edits) text = text.slice(0, e.offset) + e.text + text.slice(e.offset);
  // Line numbers of what was added, from the top.
  const added: Insertion['added'] = [];
  for (const l of edits.flatMap((e) => e.lines)) {
    const index = text.indexOf(l.text);
    added.push({ line: index === -1 ? 0 : text.slice(0, index).split('\n').length, text: l.text, at: l.at });
  }
  added.sort((a, b) => a.line - b.line);
  return { text, added, present, statement };
}

/** The offset just after the line that holds `offset` (before its line break). */
function lineEndAfter(source: string, offset: number): number {
  const at = source.indexOf('\n', Math.max(0, offset - 1));
  if (at === -1) return source.length;
  return source[at - 1] === '\r' ? at - 1 : at;
}

/** Whether `after` is `before` with whole lines added and nothing else changed. */
export function onlyLinesAdded(before: string, after: string): boolean {
  const a = before.split('\n');
  const b = after.split('\n');
  let i = 0;
  for (const line of b) if (i < a.length && line === a[i]) i++;
  return i === a.length;
}
