/**
 * Entries in the postmortem's Timeline style, as the samples write it:
 * `- **2026-11-01 00:58** — text`, later entries `- **01:12** — text`, the
 * date again when the day changes, and the offset after the time where an
 * IANA zone's offset changes (`- **2026-11-01 01:05 UTC-05:00** — …`), which
 * `timeline/order` reads. A person's words are quoted as said; a pager's
 * event is a plain sentence.
 *
 * The sentence is serialised with remark-stringify and remark-mdx's
 * serializer, the importer's pipeline: every `<`, `{`, `*`, `[` or backtick
 * in a message is escaped, so a message can add text and links, never markup
 * or code.
 */
import type { PhrasingContent, Root } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import type { Inline, Person, TimelineEvent } from './event.ts';
import type { People } from './people.ts';
import { utcLabel } from '../core/utils/time.ts';
import { toLocal, type Local, type Zone } from './zone.ts';

const serializer = unified()
  .use(remarkStringify, { bullet: '-', emphasis: '_', strong: '*', fences: true, resourceLink: true, rule: '-', listItemIndent: 'one' })
  .use(remarkGfm)
  .use(remarkMdx);

function phrasing(parts: readonly Inline[], people: People): PhrasingContent[] {
  return parts.map((p): PhrasingContent => {
    if (p.type === 'text') return { type: 'text', value: p.value };
    if (p.type === 'code') return { type: 'inlineCode', value: p.value };
    if (p.type === 'link') return { type: 'link', url: p.url, children: [{ type: 'text', value: p.label }] };
    return { type: 'text', value: people.display(p.person) };
  });
}

/** Markdown of one line of inline content: escaped, on one line. */
export function inlineMarkdown(parts: readonly Inline[], people: People): string {
  const md = serializer.stringify({ type: 'root', children: [{ type: 'paragraph', children: phrasing(parts, people) }] } as Root).trim();
  // Text is cleaned to one line before; a hard break could only come from a bug, and must not split an entry.
  return md.replace(/(?<!\s)\s*\n\s*/g, ' ');
}

/** The entry's sentence: `Incident commander: “Rolling back to 4.7.”`, `PagerDuty: acknowledged by Checkout on-call`. */
export function sentence(
  event: TimelineEvent,
  content: readonly Inline[],
  people: People,
  who: string | undefined = event.who ? people.display(event.who) : undefined,
): string {
  const body: Inline[] = event.quoted ? [{ type: 'text', value: '“' }, ...content, { type: 'text', value: '”' }] : [...content];
  const lead: Inline[] = who && (event.quoted || event.origin.format === 'csv') ? [{ type: 'text', value: `${who}: ` }] : [];
  return inlineMarkdown([...lead, ...body], people);
}

export interface EntryStyle {
  kind: 'list' | 'paragraph';
  indent: string;
  /** `-`, `*`, `+`, `1.` … */
  marker: string;
  /** Between the marker and the time. */
  gap: string;
  /** `**`, `__` or nothing, around the time. */
  strong: string;
  /** Between the time and the text: ` — `. */
  separator: string;
}

export const DEFAULT_STYLE: EntryStyle = { kind: 'list', indent: '', marker: '-', gap: ' ', strong: '**', separator: ' — ' };

/** `2026-11-01 01:05 UTC-05:00`, `01:12`. */
export function timeLabel(local: Local, showDate: boolean, showOffset: boolean): string {
  return `${showDate ? `${local.date} ` : ''}${local.time}${showOffset ? ` ${utcLabel(local.offset)}` : ''}`;
}

export function entryLine(style: EntryStyle, label: string, text: string): string {
  const head = `${style.strong}${label}${style.strong}${style.separator}${text}`;
  return style.kind === 'list' ? `${style.indent}${style.marker}${style.gap}${head}` : `${style.indent}${head}`;
}

/** The offsets the zone has over the entries, in order, with the first instant of each. */
export function offsetsOver(zone: Zone, instants: readonly number[]): { offset: number; from: number }[] {
  const out: { offset: number; from: number }[] = [];
  for (const at of [...instants].sort((a, b) => a - b)) {
    const offset = toLocal(zone, at).offset;
    if (out.at(-1)?.offset !== offset) out.push({ offset, from: at });
  }
  return out;
}

/** `All times UTC.`, `All times America/Chicago (UTC-05:00).`, or with the change of offset spelled out. */
export function zoneStatement(zone: Zone, instants: readonly number[]): string {
  if (zone.kind === 'fixed') return `All times ${zone.name}.`;
  const offsets = offsetsOver(zone, instants);
  if (offsets.length <= 1) return `All times ${zone.name}${offsets[0] ? ` (${utcLabel(offsets[0].offset)})` : ''}.`;
  const changes = offsets.slice(1).map((o) => {
    const l = toLocal(zone, o.from);
    return `${utcLabel(o.offset)} from ${l.date} ${l.time}`;
  });
  return `All times ${zone.name} (${utcLabel(offsets[0]!.offset)}; ${changes.join('; ')}; entries give the offset where it changes).`;
}

export interface LineContext {
  /** Date and offset in force before this entry (from the entry above it), if any. */
  date: string | undefined;
  offset: number | undefined;
  /** The zone has more than one offset over the timeline. */
  offsetsChange: boolean;
}

/** Whether an entry at `local` needs its date and its offset written, after `ctx`. */
export function needs(local: Local, ctx: LineContext): { date: boolean; offset: boolean } {
  const offset = ctx.offsetsChange && ctx.offset !== local.offset;
  return { date: offset || ctx.date !== local.date, offset };
}

export function people(parts: readonly Inline[]): Person[] {
  return parts.flatMap((p) => (p.type === 'person' ? [p.person] : []));
}
