/** Reading the collection for pages: sorted, with derived fields computed once per build. */
import { getCollection } from 'astro:content';
import type { PublishedFrontmatter } from '../core/publishing.ts';
import { isReviewOverdue, reviewDueDate } from '../core/utils/business-days.ts';
import { durations, type IncidentDurations } from '../core/utils/incident.ts';
import { instant, localDate, todayIso } from '../core/utils/time.ts';
import { globalMemo, perContentVersion, withLiveEntries } from '../integration/dev-session.ts';
import { siteConfig } from '../site-config.ts';
import { readArticle } from '../integration/article-cache.ts';
import type { RenderedHeading } from '../integration/render.ts';
import type { ArticlePlaces } from '../integration/article-places.ts';
import type { TimelinePoint } from '../integration/timeline-phases.ts';
import { renderedOf, type StoredRendered } from '../integration/rendered-entry.ts';

/**
 * An entry of the `postmortems` collection as the loader stores it. Typed here, not from the site's generated
 * `CollectionEntry`: the engine is compiled before any site exists, and its schema is built at run time.
 */
export interface PostmortemEntry {
  id: string;
  /** As the loader stored it: for an external build, without internal fields (`frontmatterFor`). */
  data: PublishedFrontmatter;
  filePath?: string;
  digest?: number | string;
  rendered?: StoredRendered | undefined;
}

export interface Postmortem {
  id: string;
  entry: PostmortemEntry;
  /**
   * The validated frontmatter as the site's audience gets it (the loader's schema is built at run time, so Astro
   * cannot infer this type); `related` names only postmortems on the site.
   */
  data: PublishedFrontmatter;
  summary: string;
  /** Epoch ms of `incident.started`, for sorting. */
  startedAt: number;
  /** The day the incident started, in its own offset (`YYYY-MM-DD`). */
  date: string;
  year: string;
  severityRank: number;
  durations: IncidentDurations;
  /** Last day the review should happen (resolved + business days), when resolved. */
  reviewDue: string | undefined;
  /** A draft or in-review postmortem past its review deadline on the build day. */
  reviewOverdue: boolean;
}

/** The day the site is built: overdue marks are as of this day. */
export const today = todayIso();

type Derived = Omit<Postmortem, 'entry'>;

// Astro restarts the dev server in the same process when the configuration changes.
const configKey = JSON.stringify(siteConfig);

/** Derived fields by entry id, kept across dev reloads and recomputed only for an entry whose content changed. */
const derivedMemo = globalMemo('derived', () => new Map<string, { key: string; value: Derived }>());

/** Every postmortem, newest incident first (in `astro dev`, with the loader's latest edits: `live-entries.ts`). */
export const getPostmortems: () => Promise<Postmortem[]> = perContentVersion(() =>
  (getCollection('postmortems') as Promise<PostmortemEntry[]>).then((collection) =>
    withLiveEntries(collection)
      .map((entry): Postmortem => {
        const key = `${entry.digest ?? ''}:${today}:${configKey}`;
        const known = derivedMemo.get(entry.id);
        if (known?.key === key) return { ...known.value, entry };
        const value = derive(entry);
        derivedMemo.set(entry.id, { key, value });
        return { ...value, entry };
      })
      .sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? -1 : 1)),
  ),
);

/** One postmortem by id, as `getPostmortems` has it (a page's props can predate an edit in `astro dev`). */
export async function getPostmortem(id: string): Promise<Postmortem | undefined> {
  return (await getPostmortems()).find((p) => p.id === id);
}

function derive(entry: PostmortemEntry): Derived {
  const data = entry.data;
  return {
    id: entry.id,
    data,
    // The loader derived it from the parsed sections (`summaryFromSections`) when it rendered the file.
    summary: data.summary ?? renderedOf(entry).summary,
    startedAt: instant(data.incident.started),
    date: localDate(data.incident.started),
    year: data.incident.started.slice(0, 4),
    severityRank: siteConfig.severities.indexOf(data.severity),
    durations: durations(data.incident),
    reviewDue: reviewDueDate(data),
    reviewOverdue: isReviewOverdue(data, today),
  };
}

/** A site path with the configured base, e.g. `url('postmortems/x/')`. */
export function url(path = ''): string {
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  return `${base}${path.replace(/^\//, '')}`;
}

export const postmortemUrl = (id: string) => url(`postmortems/${id}/`);
export const serviceUrl = (service: string) => url(`services/${service}/`);
export const tagUrl = (tag: string) => url(`tags/${tag}/`);

/**
 * A postmortem's article as the loader rendered it from its checked tree (HTML, never a module), its outline, where
 * its sections are in the HTML and its timeline's timed entries (both absent from a store written before they were).
 */
/** The article's outline (the renderer's headings), without reading its HTML. */
export function articleHeadings(pm: Postmortem): RenderedHeading[] {
  return renderedOf(pm.entry).headings;
}

export function article(pm: Postmortem): {
  html: string;
  headings: RenderedHeading[];
  places: ArticlePlaces | undefined;
  timeline: TimelinePoint[];
} {
  const { article, headings, places, timeline } = renderedOf(pm.entry);
  return { html: readArticle(article ?? ''), headings, places, timeline };
}
