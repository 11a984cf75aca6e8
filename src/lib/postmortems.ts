/** Reading the collection for pages: sorted, with derived fields computed once per build. */
import { getCollection, type CollectionEntry } from 'astro:content';
import { summaryFromBody } from '../core/utils/incident.ts';
import { instant } from '../core/utils/time.ts';
import { siteConfig } from '../site-config.ts';

export type PostmortemEntry = CollectionEntry<'postmortems'>;

export interface Postmortem {
  id: string;
  entry: PostmortemEntry;
  data: PostmortemEntry['data'];
  summary: string;
  /** Epoch ms of `incident.started`, for sorting. */
  startedAt: number;
  severityRank: number;
}

let cache: Promise<Postmortem[]> | undefined;

/** Every postmortem, newest incident first. */
export function getPostmortems(): Promise<Postmortem[]> {
  cache ??= getCollection('postmortems').then((entries) =>
    entries
      .map((entry) => ({
        id: entry.id,
        entry,
        data: entry.data,
        summary: entry.data.summary ?? summaryFromBody(entry.body ?? ''),
        startedAt: instant(entry.data.incident.started),
        severityRank: siteConfig.severities.indexOf(entry.data.severity),
      }))
      .sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? -1 : 1)),
  );
  return cache;
}

/** A site path with the configured base, e.g. `url('postmortems/x/')`. */
export function url(path = ''): string {
  const base = import.meta.env.BASE_URL.replace(/\/?$/, '/');
  return `${base}${path.replace(/^\//, '')}`;
}
