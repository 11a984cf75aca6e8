/**
 * Cross-postmortem views computed once per build (module-scope caches):
 * related and similar incidents, every action item, services and tags, and
 * git dates. Pages only read from here.
 */
import type { ActionItem } from '../core/frontmatter-schema.ts';
import { lastUpdated as gitLastUpdated } from './git-history.ts';
import { isOverdue } from '../core/utils/incident.ts';
import { similarDocuments, type SimilarMatch } from './similarity.ts';
import { globalMemo } from './global-memo.ts';
import { siteConfig } from '../site-config.ts';
import { getPostmortems, today, type Postmortem } from './postmortems.ts';

export interface ActionItemRow {
  item: ActionItem;
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

let cache: Promise<SiteData> | undefined;

export function getSiteData(): Promise<SiteData> {
  cache ??= getPostmortems().then(build);
  return cache;
}

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
  return { all, byId, related, actionItems, services: groups(all, (p) => p.data.services), tags: groups(all, (p) => p.data.tags ?? []), factors: groups(all, factorCategories) };
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
  return [...map].map(([name, postmortems]) => ({ name, postmortems })).sort((a, b) => b.postmortems.length - a.postmortems.length || (a.name < b.name ? -1 : 1));
}

let similarCache: Promise<Map<string, SimilarMatch[]>> | undefined;

type Similar = Map<string, SimilarMatch[]>;

/** The last similar-incidents result in `astro dev`, kept across reloads (see `globalMemo`). */
const similarMemo = globalMemo('similar', () => ({ key: '', ids: '', value: undefined as Similar | undefined, pending: '' }));

/**
 * Up to three past incidents whose text looks like each postmortem's, explicit related ones excluded. Computed once
 * per build. In `astro dev`, after an edit that keeps the same postmortems, the last result is served at once and
 * the new one computed after the response (it takes ~0.65 ms per postmortem), so an edit shows without waiting.
 */
export function getSimilar(): Promise<Similar> {
  similarCache ??= getSiteData().then((data) => {
    if (!import.meta.env.DEV) return computeSimilar(data);
    const memo = similarMemo;
    const key = data.all.map((p) => `${p.id}:${p.entry.digest ?? ''}`).join('|');
    const ids = data.all.map((p) => p.id).join('|');
    if (memo.value && memo.key === key) return memo.value;
    if (memo.value && memo.ids === ids) {
      if (memo.pending !== key) {
        memo.pending = key;
        setTimeout(() => {
          if (memo.pending !== key) return;
          memo.value = computeSimilar(data);
          memo.key = key;
          memo.pending = '';
        }, 0);
      }
      return memo.value;
    }
    Object.assign(memo, { key, ids, value: computeSimilar(data), pending: '' });
    return memo.value!;
  });
  return similarCache;
}

function computeSimilar({ all, related }: SiteData): Similar {
  const relatedSets = new Map([...related].map(([id, list]) => [id, new Set(list.map((p) => p.id))]));
  return similarDocuments(
    all.map((p) => ({
      id: p.id,
      // The title and the summary weigh twice: they say what the incident was about.
      text: [p.data.title, p.data.title, p.summary, p.data.services.join(' '), (p.data.tags ?? []).join(' '), (p.data.contributingFactors ?? []).map((f) => f.description).join('\n'), p.entry.body ?? ''].join('\n'),
      factors: factorCategories(p),
    })),
    { exclude: (a, b) => relatedSets.get(a)?.has(b) ?? false },
  );
}

/** When the postmortem's file last changed in git, if the build has full history. */
export function lastUpdated(p: Postmortem): string | undefined {
  return p.entry.filePath ? gitLastUpdated(process.cwd(), p.entry.filePath) : undefined;
}

/** "Edit on GitHub" and "History" links, when a repository is configured. */
export function repositoryLinks(p: Postmortem): { edit: string; history: string } | undefined {
  const repo = siteConfig.repository;
  if (!repo || !p.entry.filePath) return undefined;
  const base = repo.url.replace(/\/+$/, '');
  const encode = (path: string) => path.split('/').map(encodeURIComponent).join('/');
  const path = encode(p.entry.filePath);
  const branch = encode(repo.branch);
  return { edit: `${base}/edit/${branch}/${path}`, history: `${base}/commits/${branch}/${path}` };
}

/** Severity counts for a set of postmortems, in configured order, zeros included. */
export function severityCounts(list: readonly Postmortem[]): { severity: string; count: number }[] {
  return siteConfig.severities.map((severity) => ({ severity, count: list.filter((p) => p.data.severity === severity).length }));
}
