/**
 * What a build publishes, and for whom (docs/format.md, "Drafts and two audiences"). One definition, read by
 * the rules (`content/placeholder`, `mdx/disallowed-element`, the sections rules), the loader (which leaves drafts
 * out and removes internal parts before anything reaches the data store, a page, a feed, a JSON file or the search
 * index) and the renderer.
 *
 * - A `draft` is on the site in `astro dev` only, unless the configuration publishes drafts (`publishDrafts`), which
 *   an external build never does.
 * - A build is for one audience: `internal` (the default) shows internal parts, marked; `external` leaves them out.
 *   Internal parts are `<Internal>…</Internal>` in the body (a phrase, blocks, whole sub-sections) and the
 *   frontmatter fields named in `internal:` or items with `internal: true`.
 */
import type { Node } from 'unist';
import type { PostmortemConfig } from './config.ts';
import type { ActionItem, Frontmatter } from './frontmatter-schema.ts';
import type { LineIndex } from './utils/lines.ts';

export const AUDIENCES = ['internal', 'external'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** The environment variable that chooses the audience of a build, over the configuration (`postmortems build --audience` sets it). */
export const AUDIENCE_ENV = 'POSTMORTEMS_AUDIENCE';

/** Whether production builds publish drafts: when the configuration says so, and never for an external audience. */
export function draftsPublished(config: Pick<PostmortemConfig, 'audience' | 'publishDrafts'>): boolean {
  return config.publishDrafts && config.audience === 'internal';
}

/** Whether a postmortem with this status is on the site: a draft only in `astro dev` or where drafts are published. */
export function isOnSite(status: string, config: Pick<PostmortemConfig, 'audience' | 'publishDrafts'>, dev: boolean): boolean {
  return status !== 'draft' || dev || draftsPublished(config);
}

// ---------------------------------------------------------------------------------------------------------------------
// Internal parts of the body

/** The element that marks part of the body internal. Part of the format: allowed whatever `allowedElements` says. */
export const INTERNAL_ELEMENT = 'Internal';

/** Whether a node is an `<Internal>` element (in a paragraph or around blocks). */
export function isInternalElement(node: Node): boolean {
  return (
    (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') && (node as { name?: string | null }).name === INTERNAL_ELEMENT
  );
}

/** A copy of the tree without its `<Internal>` elements: what an external reader gets. Nodes are shared, not copied. */
export function withoutInternal<T extends Node>(tree: T): T {
  const children = (tree as { children?: Node[] }).children;
  if (!children) return tree;
  let changed = false;
  const kept: Node[] = [];
  for (const child of children) {
    if (isInternalElement(child)) {
      changed = true;
      continue;
    }
    const next = withoutInternal(child);
    if (next !== child) changed = true;
    kept.push(next);
  }
  return changed ? ({ ...tree, children: kept } as T) : tree;
}

/** Whether a tree holds an `<Internal>` element anywhere. */
export function hasInternal(tree: Node): boolean {
  if (isInternalElement(tree)) return true;
  return ((tree as { children?: Node[] }).children ?? []).some(hasInternal);
}

/** Offsets `[start, end)` of the outermost `<Internal>` elements of a tree, in document order. */
export function internalRanges(tree: Node, lines: Pick<LineIndex, 'offset'>): [number, number][] {
  const out: [number, number][] = [];
  const visit = (node: Node) => {
    if (isInternalElement(node)) {
      if (node.position) out.push([lines.offset(node.position.start), lines.offset(node.position.end)]);
      return;
    }
    for (const child of (node as { children?: Node[] }).children ?? []) visit(child);
  };
  visit(tree);
  return out;
}

/** `source.slice(start, end)` with the given ranges cut out (each replaced by a space, so words on both sides stay apart). */
export function sliceWithout(source: string, start: number, end: number, ranges: readonly (readonly [number, number])[]): string {
  let out = '';
  let at = start;
  for (const [from, to] of ranges) {
    if (to <= at || from >= end) continue;
    out += `${source.slice(at, Math.max(at, from))} `;
    at = Math.max(at, to);
  }
  return out + source.slice(at, end);
}

// ---------------------------------------------------------------------------------------------------------------------
// Internal frontmatter fields

/**
 * The frontmatter fields `internal:` may name: a field, a field of `impact`, `review` or of every action item. The
 * title, severity, status, kind, incident times and summary stay public: every list, feed and page needs them (an
 * external summary comes from the external text). Single items are marked with `internal: true` on the item.
 */
export const INTERNAL_FIELDS = [
  'authors',
  'services',
  'tags',
  'impact',
  'impact.usersAffected',
  'impact.financial',
  'impact.sloBreached',
  'impact.dataLoss',
  'contributingFactors',
  'review.facilitator',
  'actionItems',
  'actionItems.owner',
  'actionItems.description',
  'actionItems.link',
  'related',
] as const;
export type InternalField = (typeof INTERNAL_FIELDS)[number];

/** An action item as a site gets it: an external build may leave its owner out (`internal: [actionItems.owner]`). */
export type PublishedActionItem = Omit<ActionItem, 'owner'> & { owner?: string };

/** The frontmatter as a site gets it (`frontmatterFor`): what pages, feeds and JSON files may read. */
export type PublishedFrontmatter = Omit<Frontmatter, 'actionItems'> & { actionItems?: PublishedActionItem[] };

/** The fields of the frontmatter this module reads and removes, whatever else it holds. */
interface Redactable {
  internal?: readonly InternalField[] | undefined;
  impact?: Record<string, unknown> | undefined;
  review?: Record<string, unknown> | undefined;
  actionItems?: readonly Record<string, unknown>[] | undefined;
  contributingFactors?: readonly Record<string, unknown>[] | undefined;
}

/**
 * Whether a field, or an item of a list, is internal in this frontmatter: named in `internal:` (or its parent is),
 * or the item says `internal: true`.
 */
export function isInternalField(
  data: Pick<Redactable, 'internal'>,
  field: InternalField,
  item?: { internal?: boolean | undefined },
): boolean {
  if (item?.internal === true) return true;
  const fields = data.internal ?? [];
  return fields.includes(field) || fields.some((f) => field.startsWith(`${f}.`));
}

/**
 * The frontmatter an external reader gets: every internal field and item removed, `internal` itself included. Lists
 * that are required (`authors`, `services`) become empty; an action item's internal `owner` is removed. For the
 * internal audience the frontmatter is returned as it is, its `internal` list kept so pages can mark the fields.
 */
export function frontmatterFor<T extends Redactable>(data: T, audience: Audience): T {
  if (audience === 'internal') return data;
  const internal = data.internal ?? [];
  const out: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  delete out['internal'];
  const drop = (field: string) => internal.includes(field as InternalField);
  for (const field of ['authors', 'services'] as const) if (drop(field)) out[field] = [];
  for (const field of ['tags', 'impact', 'contributingFactors', 'actionItems', 'related'] as const) if (drop(field)) delete out[field];
  if (out['impact']) {
    const impact = { ...(out['impact'] as Record<string, unknown>) };
    for (const key of Object.keys(impact)) if (drop(`impact.${key}`)) delete impact[key];
    out['impact'] = impact;
  }
  if (out['review'] && drop('review.facilitator')) {
    const review = { ...(out['review'] as Record<string, unknown>) };
    delete review['facilitator'];
    out['review'] = review;
  }
  if (Array.isArray(out['contributingFactors']))
    out['contributingFactors'] = (out['contributingFactors'] as Record<string, unknown>[])
      .filter((f) => f['internal'] !== true)
      .map(withoutFlag);
  if (Array.isArray(out['actionItems'])) {
    out['actionItems'] = (out['actionItems'] as Record<string, unknown>[])
      .filter((item) => item['internal'] !== true)
      .map((item) => {
        const kept = withoutFlag(item);
        for (const key of ['owner', 'description', 'link']) if (drop(`actionItems.${key}`)) delete kept[key];
        return kept;
      });
  }
  return out as T;
}

function withoutFlag(item: Record<string, unknown>): Record<string, unknown> {
  const { internal: _, ...rest } = item;
  return rest;
}
