/** Figures derived from a postmortem's frontmatter and sections, shared by pages, feeds and reports. */
import type { PostmortemConfig } from '../config.ts';
import { UNKNOWN, type ActionItem, type Frontmatter } from '../frontmatter-schema.ts';
import type { ParsedFile } from '../parse.ts';
import { normalizeHeading, type Section } from '../rule.ts';
import { instant } from './time.ts';
import { internalRanges, sliceWithout } from '../publishing.ts';

export interface IncidentDurations {
  /** started → detected */
  detect?: number;
  /** started → mitigated */
  mitigate?: number;
  /** started → resolved */
  resolve?: number;
}

export function durations(incident: Frontmatter['incident']): IncidentDurations {
  const start = instant(incident.started);
  const since = (t: string | undefined) => (t ? instant(t) - start : undefined);
  const out: IncidentDurations = {};
  const detect = since(incident.detected);
  const mitigate = since(incident.mitigated);
  const resolve = since(incident.resolved);
  if (detect !== undefined) out.detect = detect;
  if (mitigate !== undefined) out.mitigate = mitigate;
  if (resolve !== undefined) out.resolve = resolve;
  return out;
}

export function isOpen(item: Pick<ActionItem, 'status'>): boolean {
  return item.status === 'open' || item.status === 'in-progress';
}

/** How owners are matched everywhere (the configured handles, the overdue report, the site): trimmed, case-insensitive. */
export function ownerKey(owner: string): string {
  return owner.trim().toLowerCase();
}

/** Items grouped by owner as `ownerKey` matches them, in the order first met; the first spelling names the group. */
export function groupByOwner<T>(items: Iterable<T>, ownerOf: (item: T) => string): { owner: string; items: T[] }[] {
  const groups = new Map<string, { owner: string; items: T[] }>();
  for (const item of items) {
    const owner = ownerOf(item).trim();
    const key = ownerKey(owner);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { owner, items: [] }));
    group.items.push(item);
  }
  return [...groups.values()];
}

export function isOverdue(item: Pick<ActionItem, 'status' | 'due'>, today: string): boolean {
  return isOpen(item) && item.due !== UNKNOWN && item.due < today;
}

/**
 * The first paragraph of the configured summary section (`summarySection`, default *Executive Summary*) as plain
 * text, for lists and feeds when `summary` is absent: found among the sections the rules check (`sectionsOf`),
 * matched the way they match headings, and written as the author wrote it, inline Markdown stripped (`plainText`).
 * Internal parts are never in it, for any audience (docs/format.md): a block marked `<Internal>` is not a paragraph
 * of the section, and a phrase marked so is cut out; lists, feeds and meta tags then never need to mark anything.
 */
export function summaryFromSections(
  file: Pick<ParsedFile, 'source' | 'lines'>,
  sections: readonly Section[],
  config: Pick<PostmortemConfig, 'summarySection'>,
): string {
  const key = normalizeHeading(config.summarySection);
  for (const node of sections.find((s) => s.key === key)?.content ?? []) {
    if (node.type === 'heading') break;
    if (node.type !== 'paragraph' || !node.position) continue;
    const text = sliceWithout(
      file.source,
      file.lines.offset(node.position.start),
      file.lines.offset(node.position.end),
      internalRanges(node, file.lines),
    );
    const summary = plainText(
      text
        .split(/\r?\n|\r/)
        .map((line) => line.trim())
        .join(' '),
    );
    if (summary) return summary;
  }
  return '';
}

/** Strips the common inline Markdown so text reads cleanly in lists and meta tags. */
export function plainText(markdown: string): string {
  return (
    markdown
      // Classes stop at the next opener too, so each pattern runs in linear time on hostile text (`[[[[…`).
      .replace(/!\[([^\][]*)\]\([^()]*\)/g, '$1')
      .replace(/\[([^\][]*)\]\([^()]*\)/g, '$1')
      .replace(/<\/?[a-zA-Z][^<>]*>/g, '')
      .replace(/(\*\*|__|\*|_|`|~~)/g, '')
      .replace(/\\([\\`*_{}[\]()#+\-.!<>])/g, '$1')
      .replace(/\s+/g, ' ')
      .trim()
  );
}
