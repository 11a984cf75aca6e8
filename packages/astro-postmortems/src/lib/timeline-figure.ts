/** The phases of an incident drawn on a time axis (`components/timeline-phases.astro`), from `timeline-phases.ts`. Pure. */
import { CHART_WIDTH, TEXT_SIZE, textWidth, type ChartLayout, type Geometry } from './charts.ts';
import { offsetMinutes } from '../core/utils/time.ts';
import { milestones, phases, type TimelinePoint } from '../integration/timeline-phases.ts';
import type { Frontmatter } from '../core/frontmatter-schema.ts';

type Incident = Frontmatter['incident'];

/** Axis ticks: round steps of time that give about `count` labels over the span. */
const STEPS = [5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map((m) => m * 60_000);

/** The wall-clock label of an instant in the incident's own offset: `13:00`, or `Oct 9` on a whole-day step. */
function clock(at: number, offset: number, days: boolean): string {
  const local = new Date(at + offset * 60_000);
  if (days)
    return `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][local.getUTCMonth()]} ${local.getUTCDate()}`;
  return `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
}

/** The thinnest a phase is drawn, in viewBox units: a three-minute detection among six hours still shows. */
export const MIN_PHASE_WIDTH = 4;

/**
 * The phases as a bar on a time axis, the milestones as marks on it, and every timed entry of the timeline as a tick
 * above it, in the incident's own offset. `undefined` without two milestones (nothing to lay out).
 */
export function phaseFigure(incident: Incident, points: readonly TimelinePoint[], layout: ChartLayout): Geometry | undefined {
  const ps = phases(incident);
  const ms = milestones(incident);
  if (!ps.length) return undefined;
  const width = CHART_WIDTH[layout];
  const left = 10;
  const right = 10;
  const times = [ms[0]!.at, ms[ms.length - 1]!.at, ...points.map((p) => p.at)].filter((t) => Number.isFinite(t));
  const from = Math.min(...times);
  const to = Math.max(...times);
  const span = Math.max(to - from, 60_000);
  const plot = width - left - right;
  const x = (t: number) => left + ((t - from) / span) * plot;
  const eventsY = 12;
  const barY = 26;
  const barH = 18;
  const axisY = barY + barH + 10;
  const g: Geometry = { width, height: axisY + TEXT_SIZE + 10, rects: [], labels: [], lines: [], dots: [], paths: [] };
  const r = (v: number) => Math.round(v * 10) / 10;

  // Phases, each at least MIN_PHASE_WIDTH wide so that a short one is still seen (its length is in the legend).
  for (const p of ps) {
    const x1 = x(p.start);
    const w = Math.max(MIN_PHASE_WIDTH, x(p.end) - x1);
    g.rects.push({ x: r(Math.min(x1, width - right - w)), y: barY, width: r(w), height: barH, className: `phase phase-${p.key}` });
  }
  // Entries as ticks above the bar; milestones as full-height marks across it.
  g.lines.push({ x1: left, x2: width - right, y1: eventsY, y2: eventsY, className: 'grid' });
  for (const p of points)
    if (Number.isFinite(p.at)) g.dots.push({ cx: r(x(p.at)), cy: eventsY, r: 3, className: `phase-event phase-${p.phase}` });
  for (const m of ms) g.lines.push({ x1: r(x(m.at)), x2: r(x(m.at)), y1: barY - 4, y2: barY + barH + 4, className: 'milestone' });

  // Clock labels at round steps, as many as fit.
  const offset = offsetMinutes(incident.started);
  const room = textWidth('00:00') + 16;
  const wanted = Math.max(2, Math.floor(plot / room));
  const step = STEPS.find((s) => span / s <= wanted) ?? STEPS[STEPS.length - 1]!;
  const days = step >= 1440 * 60_000;
  const first = Math.ceil((from + offset * 60_000) / step) * step - offset * 60_000;
  for (let t = first; t <= to; t += step) {
    const tx = x(t);
    const text = clock(t, offset, days);
    if (tx - textWidth(text) / 2 < 0 || tx + textWidth(text) / 2 > width) continue;
    g.lines.push({ x1: r(tx), x2: r(tx), y1: barY + barH, y2: barY + barH + 4, className: 'baseline' });
    g.labels.push({ x: r(tx), y: axisY + TEXT_SIZE - 2, text, anchor: 'middle', className: 'axis' });
  }
  return g;
}
