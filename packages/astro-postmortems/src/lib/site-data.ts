/**
 * Cross-postmortem views computed once per build (module-scope caches):
 * related and similar incidents, every action item, services and tags, and
 * git dates. Pages only read from here.
 */
import type { PublishedActionItem } from '../core/publishing.ts';
import { lastUpdated as gitLastUpdated } from './git-history.ts';
import { isOverdue } from '../core/utils/incident.ts';
import { similarFor, type SimilarityInput, type SimilarMatch } from '../integration/similarity.ts';
import { readTerms } from '../integration/article-cache.ts';
import { perContentVersion, similarInBackground } from '../integration/dev-session.ts';
import { renderedOf } from '../integration/rendered-entry.ts';
import { siteConfig } from '../site-config.ts';
import { getPostmortems, today, type Postmortem } from './postmortems.ts';
import { withoutTrailingSlashes } from '../core/urls.ts';

export interface ActionItemRow {
  item: PublishedActionItem;
  postmortem: Postmortem;
  overdue: boolean;
}

export interface Group {
  name: string;
  postmortems: Postmortem[];
}

export interface SiteData {
  all: Postmortem[];
  byId: Map<string, Postmortem>;
  /** Explicit `related`, both directions, newest first. */
  related: Map<string, Postmortem[]>;
  actionItems: ActionItemRow[];
  services: Group[];
  tags: Group[];
  /** Contributing-factor categories with their postmortems, most first (§7). */
  factors: Group[];
}

/** The distinct contributing-factor categories of a postmortem. */
export function factorCategories(p: Postmortem): string[] {
  return [...new Set((p.data.contributingFactors ?? []).map((f) => f.category))];
}

export const getSiteData: () => Promise<SiteData> = perContentVersion(() => getPostmortems().then(build));

function build(all: Postmortem[]): SiteData {
  const byId = new Map(all.map((p) => [p.id, p]));
  const relatedIds = new Map<string, Set<string>>(all.map((p) => [p.id, new Set<string>()]));
  for (const p of all) {
    for (const other of p.data.related ?? []) {
      if (other === p.id || !byId.has(other)) continue;
      relatedIds.get(p.id)!.add(other);
      relatedIds.get(other)!.add(p.id);
    }
  }
  const order = new Map(all.map((p, i) => [p.id, i]));
  const related = new Map(
    [...relatedIds].map(([id, ids]) => [id, [...ids].sort((a, b) => order.get(a)! - order.get(b)!).map((x) => byId.get(x)!)]),
  );
  const actionItems = all.flatMap((postmortem) =>
    (postmortem.data.actionItems ?? []).map((item) => ({ item, postmortem, overdue: isOverdue(item, today) })),
  );
  return {
    all,
    byId,
    related,
    actionItems,
    services: groups(all, (p) => p.data.services),
    tags: groups(all, (p) => p.data.tags ?? []),
    factors: groups(all, factorCategories),
  };
}

/** Groups postmortems by each of their keys, most postmortems first. */
function groups(all: Postmortem[], keys: (p: Postmortem) => readonly string[]): Group[] {
  const map = new Map<string, Postmortem[]>();
  for (const p of all) {
    for (const key of keys(p)) {
      let list = map.get(key);
      if (!list) map.set(key, (list = []));
      list.push(p);
    }
  }
  return [...map]
    .map(([name, postmortems]) => ({ name, postmortems }))
    .sort((a, b) => b.postmortems.length - a.postmortems.length || (a.name < b.name ? -1 : 1));
}

type Similar = Map<string, SimilarMatch[]>;

const similarOnce = perContentVersion(() => getSiteData().then((data) => similarFor(similarityInput(data), readTerms)));

/**
 * Up to three past incidents whose text looks like each postmortem's, explicit related ones excluded. Computed once
 * per build; in `astro dev` off the server's thread, and pages never wait for it (`similarInBackground`).
 */
export function getSimilar(): Promise<Similar> {
  return import.meta.env.DEV
    ? getSiteData().then((data) =>
        similarInBackground(data.all.map((p) => `${p.id}:${p.entry.digest ?? ''}`).join('|'), () => similarityInput(data)),
      )
    : similarOnce();
}

function similarityInput({ all, related }: SiteData): SimilarityInput {
  return {
    documents: all.map((p) => ({
      id: p.id,
      // Counted by the loader's renderer from `similarityText` (title, summary, services, tags, factors, body).
      termsFile: renderedOf(p.entry).terms ?? '',
      factors: factorCategories(p),
    })),
    excluded: [...related].map(([id, list]) => [id, list.map((p) => p.id)]),
  };
}

/** When the postmortem's file last changed in git, if the build has full history. */
export function lastUpdated(p: Postmortem): string | undefined {
  return p.entry.filePath ? gitLastUpdated(process.cwd(), p.entry.filePath) : undefined;
}

/** "Edit on GitHub" and "History" links, when a repository is configured. */
export function repositoryLinks(p: Postmortem): { edit: string; history: string } | undefined {
  const repo = siteConfig.repository;
  if (!repo || !p.entry.filePath) return undefined;
  const base = withoutTrailingSlashes(repo.url);
  const encode = (path: string) => path.split('/').map(encodeURIComponent).join('/');
  const path = encode(p.entry.filePath);
  const branch = encode(repo.branch);
  return { edit: `${base}/edit/${branch}/${path}`, history: `${base}/commits/${branch}/${path}` };
}

/** Severity counts for a set of postmortems, in configured order, zeros included. */
export function severityCounts(list: readonly Postmortem[]): { severity: string; count: number }[] {
  return siteConfig.severities.map((severity) => ({ severity, count: list.filter((p) => p.data.severity === severity).length }));
}
