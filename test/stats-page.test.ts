/** The stats page's, the home page's and the action items' figures (lib/stats-page.ts, lib/home.ts, lib/figures.ts), from hand-made postmortems. */
import { describe, expect, it } from 'vitest';
import type { Frontmatter } from '../packages/astro-postmortems/src/core/frontmatter-schema.ts';
import type { PublishedFrontmatter } from '../packages/astro-postmortems/src/core/publishing.ts';
import { durations } from '../packages/astro-postmortems/src/core/utils/incident.ts';
import { actionItemFigures, figuresNote } from '../packages/astro-postmortems/src/lib/figures.ts';
import { homeFigures, homeLists, HOME_LATEST } from '../packages/astro-postmortems/src/lib/home.ts';
import { hoursLabel, skewSentence, STATS_WINDOW, statsPage } from '../packages/astro-postmortems/src/lib/stats-page.ts';
import { completion } from '../packages/astro-postmortems/src/lib/stats.ts';

const TODAY = '2026-12-05';
const SEVERITIES = ['P1', 'P2', 'P3', 'P4'];

type Item = NonNullable<Frontmatter['actionItems']>[number];
let n = 0;
function pm(started: string, hours: number | undefined, extra: Partial<Frontmatter> = {}) {
  const resolved = hours === undefined ? undefined : new Date(Date.parse(started) + hours * 3_600_000).toISOString().replace('.000Z', 'Z');
  const data = {
    title: `Incident ${++n}`,
    severity: 'P2',
    status: 'published',
    kind: 'incident',
    services: ['api'],
    authors: ['sre'],
    incident: { started, detected: started, ...(resolved ? { mitigated: resolved, resolved } : {}) },
    ...extra,
  } as PublishedFrontmatter;
  return {
    id: `pm-${n}`,
    date: started.slice(0, 10),
    year: started.slice(0, 4),
    data,
    durations: durations(data.incident),
    reviewOverdue: false,
  };
}
const item = (status: Item['status'], due = '2026-01-01'): Item => ({ title: 'Fix it', owner: 'sre', due, status }) as Item;

describe('the stats page', () => {
  const all = [
    pm('2026-11-20T10:00:00Z', 1, { severity: 'P1', actionItems: [item('open'), item('done')] }),
    pm('2026-11-02T10:00:00Z', 2),
    pm('2026-08-14T10:00:00Z', undefined, { status: 'draft' }),
    pm('2026-08-01T10:00:00Z', 1, { kind: 'near-miss', actionItems: [item('done'), item('wont-do')] }),
    pm('2026-02-10T10:00:00Z', 30, { severity: 'P3' }),
    pm('2023-01-10T10:00:00Z', 3),
  ];
  const s = statsPage(all, TODAY, SEVERITIES);

  it('counts near misses apart from incidents, and leaves older incidents out of the month window', () => {
    expect(s.incidents).toHaveLength(5);
    expect(s.nearMisses).toHaveLength(1);
    expect(s.months.keys).toHaveLength(STATS_WINDOW.months);
    expect(s.months.keys.at(-1)).toBe('2026-12');
    expect(s.months.shown).toBe(4);
    expect(s.months.older).toBe(1);
    const nov = s.months.keys.indexOf('2026-11');
    expect(s.months.series.map((x) => x.values[nov])).toEqual([1, 1, 0, 0]);
  });

  it('takes the median per quarter, and leaves a quarter without incidents empty rather than zero', () => {
    expect(s.quarters.keys).toHaveLength(STATS_WINDOW.quarters);
    const q4 = s.quarters.keys.indexOf('2026-Q4');
    const q2 = s.quarters.keys.indexOf('2026-Q2');
    expect(s.quarters.ttr[q4]).toBe(1.5);
    expect(s.quarters.ttr[q2]).toBeUndefined();
    expect(s.quarters.counts[q2]).toBe(0);
    // Action items count in the quarter of the postmortem that produced them, near misses' included.
    const q3 = s.quarters.keys.indexOf('2026-Q3');
    expect(s.quarters.completion[q3]).toBe(1);
    expect(s.quarters.completion[q2]).toBeUndefined();
  });

  it('counts action items by the one definition every page uses', () => {
    const everyItem = all.flatMap((p) => p.data.actionItems ?? []);
    expect(s.overall).toEqual(completion(everyItem, TODAY));
    expect(s.overall).toMatchObject({ total: 4, done: 2, open: 1, wontDo: 1, overdue: 1 });
    const figures = Object.fromEntries(actionItemFigures(s.overall).map((f) => [f.key, f.value]));
    expect(figures).toEqual({ open: '1', 'in-progress': '0', overdue: '1', done: '2', 'wont-do': '1', completion: '67%' });
    expect(figuresNote(s.overall, TODAY)).toContain('(2 of 3)');
    const home = Object.fromEntries(homeFigures(all, TODAY, (p) => `/${p}`).map((f) => [f.key, f.value]));
    expect(home).toMatchObject({
      overdue: figures['overdue'],
      completion: figures['completion'],
      unfinished: '1',
      'incidents-quarter': '2',
      'near-misses-year': '1',
    });
  });

  it('writes the digest newest quarter first, with severities in words and six figures', () => {
    expect(s.digest.map((d) => d.quarter)).toEqual(['2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1']);
    expect(s.digest[0]).toMatchObject({ label: 'Q4 2026', severities: 'P1 1 · P2 1', ttr: 1.5 * 3_600_000 });
    expect(s.digest[1]!.pending.map((p) => p.data.status)).toEqual(['draft']);
    expect(s.digest[1]!.nearMisses).toHaveLength(1);
  });

  it('keeps the most affected services first', () => {
    const more = [...all, pm('2026-10-01T10:00:00Z', 1, { services: ['web', 'api', 'api'] })];
    const t = statsPage(more, TODAY, SEVERITIES);
    expect(t.services.names).toEqual(['api', 'web']);
    expect(t.services.series.reduce((sum, x) => sum + x.values[0]!, 0)).toBe(6);
  });
});

describe('the spread of durations in words', () => {
  it('is said from quantiles, never from a mean, and only from five durations on', () => {
    expect(skewSentence([1, 2, 3, 4])).toBeUndefined();
    const skewed = skewSentence([1, 1, 1.2, 1.5, 2, 2, 3, 20, 30, 40])!;
    expect(skewed).toMatch(/half of the resolved incidents ended within 2 h, but one in ten took longer than 31 h/);
    expect(skewed).not.toMatch(/mean|average/i);
    expect(skewSentence([2, 2.2, 2.5, 3, 3.1])).toMatch(/fairly even/);
    expect(hoursLabel(0.5)).toBe('30 min');
    expect(hoursLabel(3.25)).toBe('3.3 h');
  });
});

describe('the home page', () => {
  it('shows the newest incidents whatever their status, and featured ones only when not already among them', () => {
    const list = [
      pm('2026-11-20T10:00:00Z', 1, { status: 'in-review', featured: true }),
      ...Array.from({ length: HOME_LATEST }, (_, i) => pm(`2026-0${i + 1}-02T10:00:00Z`, 1)).reverse(),
      pm('2025-11-20T10:00:00Z', 1, { featured: true }),
    ];
    const { latest, featured } = homeLists(list);
    expect(latest[0]!.data.status).toBe('in-review');
    expect(latest).toHaveLength(HOME_LATEST);
    expect(featured.map((p) => p.id)).toEqual([list[list.length - 1]!.id]);
  });
});
