/** The home page's figures and lists (`pages/index.astro` only draws them). Pure: the build day and addresses are given. */
import { actionItemFigures } from './figures.ts';
import type { Postmortem } from './postmortems.ts';
import { completion, quarterLabel, quarterOf } from './stats.ts';

/** The newest incidents shown first, whatever their status. */
export const HOME_LATEST = 5;
/** Featured write-ups shown beside them (never one already among the latest). */
export const HOME_FEATURED = 4;

export interface HomeFigure {
  /** Stable name (`data-figure`): the figures test compares it with the other pages'. */
  key: string;
  label: string;
  value: string;
  href: string;
  danger: boolean;
}

type HomePostmortem = Pick<Postmortem, 'id' | 'date' | 'year' | 'data' | 'reviewOverdue'>;

/** Six figures (rows of 2, 3 or 6 tiles leave none alone); the action items' are `lib/figures.ts`'s, under the same keys. */
export function homeFigures(all: readonly HomePostmortem[], today: string, url: (path: string) => string): HomeFigure[] {
  const quarter = quarterOf(today);
  const year = today.slice(0, 4);
  // Near misses are counted apart from incidents (§7).
  const incidents = all.filter((p) => p.data.kind !== 'near-miss' && quarterOf(p.date) === quarter).length;
  const nearMisses = all.filter((p) => p.data.kind === 'near-miss' && p.year === year).length;
  const inReview = all.filter((p) => p.data.status === 'in-review').length;
  const c = completion(
    all.flatMap((p) => p.data.actionItems ?? []),
    today,
  );
  const item = new Map(actionItemFigures(c).map((f) => [f.key, f]));
  return [
    {
      key: 'incidents-quarter',
      label: `Incidents in ${quarterLabel(quarter)}`,
      value: String(incidents),
      href: url('stats/#digest'),
      danger: false,
    },
    {
      key: 'near-misses-year',
      label: `Near misses in ${year}`,
      value: String(nearMisses),
      href: url('postmortems/?kind=near-miss'),
      danger: false,
    },
    {
      key: 'unfinished',
      label: 'Action items open or in progress',
      value: (c.open + c.inProgress).toLocaleString('en-US'),
      href: url('action-items/?status=unfinished'),
      danger: false,
    },
    {
      key: 'overdue',
      label: 'Action items overdue',
      value: item.get('overdue')!.value,
      href: url('action-items/?overdue=yes'),
      danger: c.overdue > 0,
    },
    { key: 'completion', label: 'Action items done', value: item.get('completion')!.value, href: url('stats/#completion'), danger: false },
    {
      key: 'in-review',
      label: 'Postmortems in review',
      value: String(inReview),
      href: url('postmortems/?status=in-review'),
      danger: false,
    },
  ];
}

/** The latest incidents (any status), the featured ones not among them, and those overdue for review. */
export function homeLists<P extends HomePostmortem>(all: readonly P[]): { latest: P[]; featured: P[]; overdueReview: P[] } {
  const latest = all.slice(0, HOME_LATEST);
  const shown = new Set(latest.map((p) => p.id));
  return {
    latest,
    featured: all.filter((p) => p.data.featured && !shown.has(p.id)).slice(0, HOME_FEATURED),
    overdueReview: all.filter((p) => p.reviewOverdue),
  };
}
