/**
 * Everything the stats page shows, computed from the postmortems and the build
 * day (`pages/stats/index.astro` only draws it). Pure: no clock, no site.
 *
 * Near misses are counted apart from incidents (§7): they are not incidents,
 * and mixing them in would make a team that reports more of them look less
 * reliable. Action items are not: the figures are the site's one definition
 * (`lib/figures.ts`), near misses' items included.
 */
import type { Series, StripRow } from './charts.ts';
import { MIN_BOX_POINTS } from './charts.ts';
import type { Postmortem } from './postmortems.ts';
import { completion, lastMonths, median, monthLabel, quantile, quarterLabel, quarterOf, quarterRange, type Completion } from './stats.ts';

/** How much of the past each part of the page covers. */
export const STATS_WINDOW = {
  /** The incidents-per-month chart: months up to the build month. */
  months: 24,
  /** The response-time and completion charts: quarters up to the build quarter. */
  quarters: 8,
  /** The review digest: the latest quarters, newest first. */
  digestQuarters: 4,
  /** The by-service chart: the services with most incidents. */
  topServices: 15,
  /** A digest list stops at this many postmortems (a quarter's count grows with the repository). */
  digestList: 25,
} as const;

/** A 90th percentile at least this many times the median is a long tail worth saying so. */
export const SKEW_RATIO = 2;

const HOUR = 3_600_000;

export type StatsPostmortem = Pick<Postmortem, 'id' | 'date' | 'durations' | 'data'>;

export interface DigestQuarter<P> {
  quarter: string;
  label: string;
  incidents: P[];
  nearMisses: P[];
  published: P[];
  /** Drafts and postmortems in review. */
  pending: P[];
  /** `P1 1 · P2 2`: the incidents by severity, those with none left out. */
  severities: string;
  /** Median time from start to resolution, ms. */
  ttr: number | undefined;
  completion: Completion;
}

export interface StatsPage<P> {
  incidents: P[];
  nearMisses: P[];
  months: { keys: string[]; short: string[]; names: string[]; series: Series[]; shown: number; older: number };
  quarters: {
    keys: string[];
    labels: string[];
    ttd: (number | undefined)[];
    ttr: (number | undefined)[];
    counts: number[];
    completion: (number | undefined)[];
  };
  /** Hours from start to resolution, by severity. */
  durations: StripRow[];
  /** What the durations' spread says, in quantiles (an average would hide the skew); `undefined` with too few. */
  skew: string | undefined;
  overall: Completion;
  services: { names: string[]; series: Series[]; total: number };
  digest: DigestQuarter<P>[];
}

/** The CSS class of the n-th severity's colour (`.series-sev-0` is the most severe; the fourth and beyond share one). */
export const severityClass = (rank: number) => `series-sev-${Math.min(Math.max(rank, 0), 3)}`;

/** Hours, the way the page writes them: `3.3 h`, `45 min`. */
export function hoursLabel(h: number): string {
  return h >= 1 ? `${Number(h.toFixed(1))} h` : `${Math.round(h * 60)} min`;
}

/**
 * The spread of durations in words, from quantiles only: the median and the 90th percentile say how skewed the
 * durations are without a mean, which one long incident pulls wherever it likes. `undefined` below
 * `MIN_BOX_POINTS` values (too few to say anything about a spread).
 */
export function skewSentence(hours: readonly number[]): string | undefined {
  if (hours.length < MIN_BOX_POINTS) return undefined;
  const mid = quantile(hours, 0.5)!;
  const p90 = quantile(hours, 0.9)!;
  if (p90 >= SKEW_RATIO * mid)
    return `Here half of the resolved incidents ended within ${hoursLabel(mid)}, but one in ten took longer than ${hoursLabel(p90)}: a few long incidents make the tail.`;
  return `Here durations are fairly even: half of the resolved incidents ended within ${hoursLabel(mid)}, nine in ten within ${hoursLabel(p90)}.`;
}

const bySeverity = <P extends StatsPostmortem>(groups: readonly P[][], severities: readonly string[]): Series[] =>
  severities.map((severity, i) => ({
    name: severity,
    className: severityClass(i),
    values: groups.map((g) => g.filter((p) => p.data.severity === severity).length),
  }));

const medianOf = <P extends StatsPostmortem>(list: readonly P[], pick: (p: P) => number | undefined) =>
  median(list.map(pick).filter((v): v is number => v !== undefined));

/** The stats page of `all` (newest first, as `getPostmortems` gives them) as of `today` (`YYYY-MM-DD`). */
export function statsPage<P extends StatsPostmortem>(all: readonly P[], today: string, severities: readonly string[]): StatsPage<P> {
  const incidents = all.filter((p) => p.data.kind !== 'near-miss');
  const nearMisses = all.filter((p) => p.data.kind === 'near-miss');
  const items = (list: readonly P[]) => list.flatMap((p) => p.data.actionItems ?? []);

  const monthKeys = lastMonths(today.slice(0, 7), STATS_WINDOW.months);
  const perMonth = monthKeys.map((m) => incidents.filter((p) => p.date.startsWith(m)));
  const quarterKeys = quarterRange(monthKeys[0]!, today).slice(-STATS_WINDOW.quarters);
  const perQuarter = quarterKeys.map((q) => incidents.filter((p) => quarterOf(p.date) === q));
  // Action items by the quarter of the postmortem that produced them: near misses' too (one definition, lib/figures.ts).
  const allPerQuarter = quarterKeys.map((q) => all.filter((p) => quarterOf(p.date) === q));
  const completionPerQuarter = allPerQuarter.map((l) => completion(items(l), today));
  const hours = (ms: number | undefined) => (ms === undefined ? undefined : ms / HOUR);

  const durations = severities.map((severity, i) => ({
    name: severity,
    className: severityClass(i),
    values: incidents
      .filter((p) => p.data.severity === severity && p.durations.resolve !== undefined)
      .map((p) => p.durations.resolve! / HOUR),
  }));

  const serviceCounts = new Map<string, P[]>();
  for (const p of incidents) for (const s of new Set(p.data.services)) serviceCounts.set(s, [...(serviceCounts.get(s) ?? []), p]);
  const services = [...serviceCounts].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const top = services.slice(0, STATS_WINDOW.topServices);

  const digest = quarterKeys
    .map((quarter, i): DigestQuarter<P> => {
      const list = perQuarter[i]!;
      return {
        quarter,
        label: quarterLabel(quarter),
        incidents: list,
        nearMisses: nearMisses.filter((p) => quarterOf(p.date) === quarter),
        published: list.filter((p) => p.data.status === 'published'),
        pending: list.filter((p) => p.data.status !== 'published'),
        severities: severities
          .map((s) => [s, list.filter((p) => p.data.severity === s).length] as const)
          .filter(([, n]) => n)
          .map(([s, n]) => `${s} ${n}`)
          .join(' · '),
        ttr: medianOf(list, (p) => p.durations.resolve),
        completion: completionPerQuarter[i]!,
      };
    })
    .slice(-STATS_WINDOW.digestQuarters)
    .reverse();

  return {
    incidents,
    nearMisses,
    months: {
      keys: monthKeys,
      short: monthKeys.map((m) => `${monthLabel(m).slice(0, 3)} ’${m.slice(2, 4)}`),
      names: monthKeys.map(monthLabel),
      series: bySeverity(perMonth, severities),
      shown: perMonth.reduce((n, l) => n + l.length, 0),
      older: incidents.filter((p) => p.date < `${monthKeys[0]}-01`).length,
    },
    quarters: {
      keys: quarterKeys,
      labels: quarterKeys.map(quarterLabel),
      ttd: perQuarter.map((l) => hours(medianOf(l, (p) => p.durations.detect))),
      ttr: perQuarter.map((l) => hours(medianOf(l, (p) => p.durations.resolve))),
      counts: perQuarter.map((l) => l.length),
      completion: completionPerQuarter.map((c) => c.rate),
    },
    durations,
    skew: skewSentence(durations.flatMap((r) => r.values)),
    overall: completion(items(all), today),
    services: {
      names: top.map(([name]) => name),
      series: bySeverity(
        top.map(([, list]) => list),
        severities,
      ),
      total: services.length,
    },
    digest,
  };
}
