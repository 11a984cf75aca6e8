/**
 * What the list filters need to filter across every postmortem and every
 * action item while each page holds only its own rows (docs/performance.md,
 * "Page sizes"): the lists in their one canonical order, each item known by
 * its ordinal (position in that order), and per facet value the ordinals that
 * have it. Built once per build; the pages and the filter files read it.
 *
 * Files (written by `pages/postmortems/filters/[file].json.ts` and
 * `pages/action-items/filters/[file].json.ts`):
 * - `<facet>-<n>.json`: the ordinals with the n-th value of the facet, as gaps (`lib/paging.ts`);
 * - `chunk-<k>.json`: the records of ordinals k × chunk … (k + 1) × chunk − 1, to draw the rows shown;
 * - for postmortems also `<facet>-<n>-chunk-<k>.json`: the records of that value's ordinals at positions
 *   k × chunk … (k + 1) × chunk − 1. A filtered page then reads one value's chunks, where the matches sit
 *   side by side, instead of one global chunk per match: a page of a rare tag is two small files, not a
 *   hundred. (Action items need none: their filters match a large share of the rows, which sit close.)
 */
import { perContentVersion } from '../integration/dev-session.ts';
import { ACTION_ITEM_STATUSES, ACTION_ITEM_TYPES, POSTMORTEM_STATUSES } from '../core/frontmatter-schema.ts';
import { groupByOwner, isOpen } from '../core/utils/incident.ts';
import { linkHref } from '../core/utils/tracker.ts';
import { siteConfig } from '../site-config.ts';
import { ACTION_STATUS_LABEL, ownerLabel, STATUS_LABEL } from './format.ts';
import { durationSummary, impactSummary } from './incident-facts.ts';
import { trackerLabel } from './tracker-label.ts';
import { PAGE_SIZE, gaps, ordinalsWhere } from './paging.ts';
import { url, type Postmortem } from './postmortems.ts';
import { getSiteData, type ActionItemRow } from './site-data.ts';

export interface FacetValue {
  value: string;
  label: string;
  /** Ascending ordinals of the items with this value. */
  ordinals: number[];
}

export interface Facet {
  name: string;
  label: string;
  /** The option meaning "any"; empty for a yes-only facet, drawn as a checkbox. */
  any: string;
  values: FacetValue[];
  /** Each value's ordinals are one run (action items by owner): its options carry where it starts. */
  runs?: boolean;
  /** The value chosen when the address names none (action items: `unfinished`, so that done ones do not fill the page). */
  initial?: string;
}

/** A postmortem card's facts: what `components/postmortem-card.astro` renders, on the server and in the filters' template. */
export interface CardRecord {
  id: string;
  title: string;
  date: string;
  started: string;
  severity: string;
  nearMiss?: 1;
  status: string;
  reviewOverdue?: 1;
  featured?: 1;
  summary: string;
  services: string[];
  /** `Resolved in 6 h 28 min` (`lib/incident-facts.ts`). */
  duration: string;
  /** `14,300 users affected · SLO breached`, when recorded. */
  impact?: string;
}

/** The facts a postmortem's card shows (`components/postmortem-card.astro`), as the filter files carry them. */
export function cardRecord(p: Postmortem): CardRecord {
  const impact = impactSummary(p);
  return {
    id: p.id,
    title: p.data.title,
    date: p.date,
    started: p.data.incident.started,
    severity: p.data.severity,
    ...(p.data.kind === 'near-miss' ? { nearMiss: 1 as const } : {}),
    status: p.data.status,
    ...(p.reviewOverdue ? { reviewOverdue: 1 as const } : {}),
    ...(p.data.featured ? { featured: 1 as const } : {}),
    summary: p.summary,
    services: p.data.services,
    duration: durationSummary(p),
    ...(impact ? { impact } : {}),
  };
}

/** An action item's row as the filters' files carry it: what `components/action-item-row.astro` renders, on the server and in the filters' template. */
export interface RowRecord {
  title: string;
  internal?: 1;
  /** The owner's group (`owner-group.astro`): its name and key. */
  owner: string;
  ownerKey: string;
  postmortem: string;
  postmortemTitle: string;
  type?: string;
  description?: string;
  due: string;
  status: string;
  overdue?: 1;
  ticket?: string;
  ticketLabel?: string;
}

export interface Catalog<T> {
  facets: Facet[];
  /** Every record, by ordinal. */
  records: T[];
  /** Write each facet value's records in chunks too. */
  valueChunks: boolean;
}

export interface OwnerGroup {
  owner: string;
  /** Readable, unique key for ids and the address bar. */
  key: string;
  rows: ActionItemRow[];
  overdue: number;
  /** Ordinal of the group's first row. */
  start: number;
}

export interface ActionItemOrder {
  /** Every action item: owners with most overdue first, then per owner overdue, to do by due date, finished. */
  rows: ActionItemRow[];
  owners: OwnerGroup[];
  ownerOf: Map<ActionItemRow, OwnerGroup>;
}

export const unfinished = (r: ActionItemRow) => isOpen(r.item);

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

export const getPostmortemCatalog: () => Promise<Catalog<CardRecord>> = perContentVersion(() =>
  getSiteData().then(({ all, services, tags, factors }) => {
    const value = (v: string, label: string, keep: (p: Postmortem) => boolean): FacetValue => ({
      value: v,
      label,
      ordinals: ordinalsWhere(all, keep),
    });
    const order = new Map(all.map((p, i) => [p, i]));
    const counted = (groups: { name: string; postmortems: Postmortem[] }[]): FacetValue[] =>
      [...groups].sort(byName).map((g) => ({
        value: g.name,
        label: `${g.name} (${g.postmortems.length})`,
        ordinals: g.postmortems.map((p) => order.get(p)!).sort((a, b) => a - b),
      }));
    const years = [...new Set(all.map((p) => p.year))].sort().reverse();
    const kindCount = (kind: string) => all.filter((p) => p.data.kind === kind).length;
    const facets: Facet[] = [
      {
        name: 'severity',
        label: 'Severity',
        any: 'Any severity',
        values: siteConfig.severities.map((s) => value(s, s, (p) => p.data.severity === s)),
      },
      {
        name: 'status',
        label: 'Status',
        any: 'Any status',
        values: POSTMORTEM_STATUSES.map((s) => value(s, STATUS_LABEL[s]!, (p) => p.data.status === s)),
      },
      {
        name: 'kind',
        label: 'Kind',
        any: 'Incidents and near misses',
        values: [
          value('incident', `Incidents (${kindCount('incident')})`, (p) => p.data.kind === 'incident'),
          value('near-miss', `Near misses (${kindCount('near-miss')})`, (p) => p.data.kind === 'near-miss'),
        ],
      },
      { name: 'service', label: 'Service', any: 'Any service', values: counted(services) },
      { name: 'factor', label: 'Contributing factor', any: 'Any factor', values: counted(factors) },
      { name: 'tag', label: 'Tag', any: 'Any tag', values: counted(tags) },
      { name: 'year', label: 'Year', any: 'Any year', values: years.map((y) => value(y, y, (p) => p.year === y)) },
    ];
    const records = all.map(cardRecord);
    return { facets, records, valueChunks: true };
  }),
);

export const getActionItemOrder: () => Promise<ActionItemOrder> = perContentVersion(() =>
  getSiteData().then(({ actionItems }) => {
    // Overdue first, then what is still to do by due date, then the finished ones.
    const rank = (r: ActionItemRow) => (r.overdue ? 0 : unfinished(r) ? 1 : 2);
    // Owners are matched as everywhere else (the overdue report, the configured handles): case-insensitively.
    const groups = groupByOwner(actionItems, (r) => ownerLabel(r.item))
      .map(({ owner, items: rows }) => ({
        owner,
        rows: rows.sort((a, b) => rank(a) - rank(b) || (a.item.due < b.item.due ? -1 : a.item.due > b.item.due ? 1 : 0)),
        overdue: rows.filter((r) => r.overdue).length,
      }))
      .sort((a, b) => b.overdue - a.overdue || b.rows.length - a.rows.length || a.owner.localeCompare(b.owner));
    // Owners are free text: give each a readable, unique key for ids and the address bar.
    const used = new Set<string>();
    const owners: OwnerGroup[] = [];
    let start = 0;
    for (const g of groups) {
      const base =
        g.owner
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, '-')
          .replace(/^-|-$/g, '') || 'owner';
      let key = base;
      for (let i = 2; used.has(key); i++) key = `${base}-${i}`;
      used.add(key);
      owners.push({ ...g, key, start });
      start += g.rows.length;
    }
    const ownerOf = new Map<ActionItemRow, OwnerGroup>();
    for (const o of owners) for (const r of o.rows) ownerOf.set(r, o);
    return { rows: owners.flatMap((o) => o.rows), owners, ownerOf };
  }),
);

export const getActionItemCatalog: () => Promise<Catalog<RowRecord>> = perContentVersion(() =>
  getActionItemOrder().then(({ rows, owners, ownerOf }) => {
    const value = (v: string, label: string, keep: (r: ActionItemRow) => boolean): FacetValue => ({
      value: v,
      label,
      ordinals: ordinalsWhere(rows, keep),
    });
    const facets: Facet[] = [
      {
        name: 'owner',
        label: 'Owner',
        any: 'All owners',
        runs: true,
        values: owners.map((o) => ({ value: o.key, label: `${o.owner} (${o.rows.length})`, ordinals: o.rows.map((_, i) => o.start + i) })),
      },
      {
        name: 'status',
        label: 'Status',
        any: 'Any status',
        initial: 'unfinished',
        values: [
          value('unfinished', 'Open or in progress', unfinished),
          ...ACTION_ITEM_STATUSES.map((s) => value(s, ACTION_STATUS_LABEL[s]!, (r) => r.item.status === s)),
        ],
      },
      {
        name: 'type',
        label: 'Type',
        any: 'Any type',
        values: [...ACTION_ITEM_TYPES.map((t) => value(t, t, (r) => r.item.type === t)), value('none', 'Not set', (r) => !r.item.type)],
      },
      { name: 'overdue', label: 'Overdue only', any: '', values: [value('yes', 'Overdue only', (r) => r.overdue)] },
    ];
    const records = rows.map((r): RowRecord => {
      const ticket = linkHref(r.item.link, siteConfig.tracker);
      return {
        title: r.item.title,
        ...(r.item.internal ? { internal: 1 as const } : {}),
        owner: ownerLabel(r.item),
        ownerKey: ownerOf.get(r)!.key,
        postmortem: r.postmortem.id,
        postmortemTitle: r.postmortem.data.title,
        ...(r.item.type ? { type: r.item.type } : {}),
        ...(r.item.description ? { description: r.item.description } : {}),
        due: r.item.due,
        status: r.item.status,
        ...(r.overdue ? { overdue: 1 as const } : {}),
        ...(ticket ? { ticket, ticketLabel: trackerLabel(r.item.link!) } : {}),
      };
    });
    return { facets, records, valueChunks: false };
  }),
);

/** The address of a filter file; `list` is `postmortems` or `action-items`. */
export const filterFile = (list: string, file: string) => url(`${list}/filters/${file}.json`);

/** Which filter file: a facet value's ordinals, a chunk of one value's records, or a chunk of all records. */
export interface FilterFileSpec {
  facet?: number;
  value?: number;
  chunk?: number;
}

/**
 * Every filter file of a catalog, named; the JSON is made when the file is written (`filterFileJson`), so the
 * build never holds all of it at once.
 */
export function filterFiles<T>(catalog: Catalog<T>): { file: string; spec: FilterFileSpec }[] {
  const out: { file: string; spec: FilterFileSpec }[] = [];
  const chunkCount = (n: number) => Math.ceil(n / PAGE_SIZE.chunk);
  catalog.facets.forEach((facet, f) => {
    facet.values.forEach((v, i) => {
      out.push({ file: `${facet.name}-${i}`, spec: { facet: f, value: i } });
      if (catalog.valueChunks)
        for (let k = 0; k < chunkCount(v.ordinals.length); k++)
          out.push({ file: `${facet.name}-${i}-chunk-${k}`, spec: { facet: f, value: i, chunk: k } });
    });
  });
  for (let k = 0; k < chunkCount(catalog.records.length); k++) out.push({ file: `chunk-${k}`, spec: { chunk: k } });
  return out;
}

export function filterFileJson<T>(catalog: Catalog<T>, { facet, value, chunk }: FilterFileSpec): string {
  const slice = <X>(list: readonly X[], k: number) => list.slice(k * PAGE_SIZE.chunk, (k + 1) * PAGE_SIZE.chunk);
  if (facet === undefined) return JSON.stringify(slice(catalog.records, chunk!));
  const ordinals = catalog.facets[facet]!.values[value!]!.ordinals;
  if (chunk === undefined) return JSON.stringify(gaps(ordinals));
  return JSON.stringify(slice(ordinals, chunk).map((o) => catalog.records[o]));
}
