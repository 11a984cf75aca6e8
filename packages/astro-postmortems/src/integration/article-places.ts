/**
 * What the renderer, which holds the tree, tells the page about the article
 * besides its HTML: where each level-2 section starts, where its body starts
 * and where it ends (offsets into the HTML, so the page places the action
 * items table, the contributing factors and the timeline's phases without
 * searching the HTML), the timeline's entries in time, and the author's own
 * "Contributing factors" block, which the page completes with the categorised
 * factors instead of showing factors twice.
 */
import type { Element, ElementContent, Root as HastRoot, RootContent as HastContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import type { Heading, List, Root, RootContent } from 'mdast';
import type { Frontmatter } from '../core/frontmatter-schema.ts';
import { normalizeHeading } from '../core/rule.ts';
// One reading of entries' times for the page and the rules (`timeline/order`, `timeline/milestones`).
import { entryAt, statedOffset, timelineEntries } from '../core/rules/timeline-order.ts';
import { toString } from '../core/utils/mdast.ts';
import { milestoneAt, PHASE_LABEL, phaseAt, type TimelinePoint } from './timeline-phases.ts';

export interface ArticleSection {
  /** The heading, normalised (`root cause`): how the configuration names sections. */
  key: string;
  /** The heading's id. */
  slug: string;
  /** Offset of the heading, of what follows it, and of the section's end. */
  start: number;
  body: number;
  end: number;
}

export interface ArticlePlaces {
  sections: ArticleSection[];
  /** Offset inside the author's "Contributing factors" list, where the categorised factors go first. */
  factorsList?: number;
}

/** The label of an author's factors block: a paragraph (usually bold) or a heading of its own. */
const FACTORS_LABEL = /^contributing factors:?$/i;
/** The id the factors block's heading gets (a heading the page adds has the same). */
export const FACTORS_ID = 'contributing-factors';

/**
 * Turns the author's "**Contributing factors**" paragraph followed by a list (the template writes one under Root
 * Cause) into a level-3 heading over that list, marked for the page: one block of factors, in the outline too.
 * Returns whether there was one.
 */
export function prepareFactorsBlock(tree: Root): boolean {
  const nodes = tree.children;
  for (let i = 0; i < nodes.length - 1; i++) {
    const node = nodes[i]!;
    const next = nodes[i + 1]!;
    const isLabel =
      (node.type === 'paragraph' || (node.type === 'heading' && node.depth >= 3)) && FACTORS_LABEL.test(toString(node).trim());
    if (!isLabel || next.type !== 'list') continue;
    const heading: Heading = {
      type: 'heading',
      depth: 3,
      children: [{ type: 'text', value: 'Contributing factors' }],
      ...(node.position ? { position: node.position } : {}),
    };
    nodes[i] = heading;
    const list = next as List;
    list.data = { ...list.data, hProperties: { ...(list.data?.hProperties ?? {}), dataFactors: '' } };
    return true;
  }
  return false;
}

/** The nodes of the level-2 section named `title`. */
function sectionNodes(tree: Root, title: string): RootContent[] {
  const key = normalizeHeading(title);
  const out: RootContent[] = [];
  let inside = false;
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth <= 2) {
      inside = node.depth === 2 && normalizeHeading(toString(node)) === key;
      continue;
    }
    if (inside) out.push(node);
  }
  return out;
}

/**
 * Marks each timed entry of the timeline section with its phase (`tl-entry tl-<phase>`, `data-phase`), the first of
 * each phase with the phase's name (`data-phase-start`) and an entry at a milestone with it (`data-milestone`), for
 * the page's styles; the list stays the author's list. Returns the entries' instants and phases.
 */
export function annotateTimeline(tree: Root, timelineSection: string, incident: Frontmatter['incident']): TimelinePoint[] {
  const nodes = sectionNodes(tree, timelineSection);
  const points: TimelinePoint[] = [];
  let last: string | undefined;
  const stated = statedOffset(nodes);
  for (const entry of timelineEntries(nodes)) {
    const at = entryAt(entry, incident.started, stated);
    if (!Number.isFinite(at)) continue;
    const phase = phaseAt(at, incident);
    const milestone = milestoneAt(at, incident);
    const hProperties: Record<string, string | string[]> = { className: ['tl-entry', `tl-${phase}`], dataPhase: phase };
    if (phase !== last) hProperties['dataPhaseStart'] = PHASE_LABEL[phase];
    if (milestone) hProperties['dataMilestone'] = milestone.label;
    entry.node.data = { ...entry.node.data, hProperties: { ...(entry.node.data?.hProperties ?? {}), ...hProperties } };
    points.push({ at, phase, ...(milestone ? { milestone: milestone.key } : {}) });
    last = phase;
  }
  for (const node of nodes)
    if (node.type === 'list' && node.children.some((c) => c.data?.hProperties?.['dataPhase']))
      node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), className: ['tl-list'] } };
  return points;
}

function text(node: ElementContent | HastContent): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(text).join('');
  return '';
}

/** The HTML of the article, written child by child so that each level-2 section's offsets are known. */
export function htmlWithPlaces(root: HastRoot): { html: string; places: ArticlePlaces } {
  let html = '';
  const sections: ArticleSection[] = [];
  let factorsList: number | undefined;
  for (const child of root.children) {
    const part = toHtml(child);
    const el = child.type === 'element' ? (child as Element) : undefined;
    if (el && /^h[12]$/.test(el.tagName)) {
      const open = sections[sections.length - 1];
      if (open && open.end < 0) open.end = html.length;
      if (el.tagName === 'h2')
        sections.push({
          key: normalizeHeading(text(el)),
          slug: String(el.properties['id'] ?? ''),
          start: html.length,
          body: html.length + part.length,
          end: -1,
        });
    }
    if (el && (el.tagName === 'ul' || el.tagName === 'ol') && el.properties['dataFactors'] !== undefined && factorsList === undefined)
      factorsList = html.length + part.indexOf('>') + 1;
    html += part;
  }
  for (const s of sections) if (s.end < 0) s.end = html.length;
  return { html, places: { sections, ...(factorsList === undefined ? {} : { factorsList }) } };
}

export interface ArticleInsert {
  /** Where: after a section's heading, at its end, or inside the author's factors list. */
  at: { section: string; where: 'body' | 'end' } | 'factors-list';
  html: string;
}

/**
 * The article with the page's parts placed: each insert at its offset, or, when its section is missing (an older
 * render without places, a renamed section), at the end of the article for an `end` insert; a `body` or
 * `factors-list` insert without its place is left out (the caller shows it elsewhere).
 */
export function placeInArticle(
  html: string,
  places: ArticlePlaces | undefined,
  inserts: readonly ArticleInsert[],
): { html: string; placed: boolean[] } {
  const at = inserts.map((insert) => {
    if (insert.at === 'factors-list') return places?.factorsList;
    const { section, where } = insert.at;
    const s = places?.sections.find((x) => x.key === normalizeHeading(section));
    if (s) return where === 'body' ? s.body : s.end;
    return where === 'end' ? html.length : undefined;
  });
  // From the last offset back, so that earlier offsets still hold; inserts at one offset keep their given order.
  const order = inserts
    .map((_, i) => i)
    .filter((i) => at[i] !== undefined)
    .sort((a, b) => at[b]! - at[a]! || b - a);
  let out = html;
  for (const i of order) out = `${out.slice(0, at[i]!)}${inserts[i]!.html}${out.slice(at[i]!)}`;
  return { html: out, placed: at.map((a) => a !== undefined) };
}
