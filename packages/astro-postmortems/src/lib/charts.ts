/**
 * Geometry of the build-time SVG charts: every chart is a list of shapes in
 * viewBox units, drawn by `components/charts/chart-svg.astro`. Nothing here
 * ships to the browser, and nothing here reads the clock or the site.
 *
 * Each chart is laid out twice: `wide` for a desktop column and `narrow` for
 * a phone's (styles/global.css shows one or the other). An SVG scales with its
 * box, so its text does too: the narrow layout has a viewBox about as wide as
 * a 360 px screen's column, which keeps `TEXT_SIZE` at 12 px or more there,
 * and time runs newest first down the page instead of off its right edge.
 */
import { quantile } from './stats.ts';

export interface Series {
  name: string;
  /** CSS class that colours the series (see `styles/global.css`, `.series-*`). */
  className: string;
  /** One value per category; `undefined` is "nothing to measure" (drawn as empty, never as 0). */
  values: (number | undefined)[];
}

/** What every chart takes. */
export interface ChartProps {
  id: string;
  title: string;
  /** One or two sentences saying what the chart shows, read by screen readers. */
  description: string;
  /** Category labels, short (on the axis). */
  labels: string[];
  series: Series[];
  /** Header of the table's first column. */
  categoryLabel: string;
}

export type ChartLayout = 'wide' | 'narrow';

/**
 * viewBox widths. `narrow` is shown below `NARROW_BELOW_PX` of screen (styles/global.css), where a chart's box is
 * 300–330 px at 360 px: 13-unit text stays at 12 px or more.
 */
export const CHART_WIDTH: Record<ChartLayout, number> = { wide: 720, narrow: 320 };
/** The screen width (CSS px) under which the narrow layout is shown; the same media query is in global.css. */
export const NARROW_BELOW_PX = 768;
/** Axis and label text, in viewBox units (`.chart text` in global.css says the same). */
export const TEXT_SIZE = 13;
/** A rough width of a label at `TEXT_SIZE` (system fonts average about 0.6 em per character), to avoid collisions. */
export const textWidth = (text: string) => text.length * TEXT_SIZE * 0.6;
/** A box plot needs this many values to say anything a list of dots does not (fewer: the dots alone). */
export const MIN_BOX_POINTS = 5;
/** A strip row with more values than this draws bins instead of one dot per value: its size stays fixed. */
export const MAX_DOTS = 150;
/** Bins of a binned strip row. */
export const STRIP_BINS = 90;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
  className: string;
}
export interface Label {
  x: number;
  y: number;
  text: string;
  anchor: 'start' | 'middle' | 'end';
  /** `axis` (muted), `value` (a figure at a bar's end) or `empty` (a period with nothing to measure). */
  className: 'axis' | 'value' | 'empty';
}
export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  className: string;
}
export interface Dot {
  cx: number;
  cy: number;
  r: number;
  className: string;
}
export interface Path {
  d: string;
  className: string;
}

/** One chart drawn: shapes in a `width × height` viewBox. */
export interface Geometry {
  width: number;
  height: number;
  rects: Rect[];
  labels: Label[];
  lines: Segment[];
  dots: Dot[];
  paths: Path[];
}

const empty = (width: number, height: number): Geometry => ({ width, height, rects: [], labels: [], lines: [], dots: [], paths: [] });

/** A chart's size and the margins around its plot, in viewBox units. */
interface Frame {
  width: number;
  height: number;
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The plot inside a frame's margins, an empty geometry the frame's size, and the plot's vertical scale from 0 to `top`. */
function framed(frame: Frame, top: number) {
  const plot = {
    x: frame.left,
    y: frame.top,
    width: frame.width - frame.left - frame.right,
    height: frame.height - frame.top - frame.bottom,
  };
  return { plot, g: empty(frame.width, frame.height), y: (v: number) => plot.y + plot.height - (v / top) * plot.height };
}
const round = (v: number) => Math.round(v * 10) / 10;

/** Round axis ticks from 0 to at least `max`: 0, 2, 4… or 0, 5, 10…; whole numbers only for counts. */
export function ticks(max: number, count = 4, integers = false): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(
    integers ? 1 : 0,
    [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!,
  );
  const out: number[] = [];
  for (let v = 0; v < max + step / 2; v += step) out.push(Number(v.toFixed(6)));
  if (out[out.length - 1]! < max) out.push(Number((out[out.length - 1]! + step).toFixed(6)));
  return out;
}

/** Print every `labelStep`-th label, `band` units apart, so that labels of `widest` units do not collide. */
export function labelStep(band: number, widest: number): number {
  return Math.max(1, Math.ceil((widest + TEXT_SIZE * 0.6) / Math.max(1, band)));
}

export interface Stacked {
  /** Category index. */
  index: number;
  start: number;
  end: number;
  className: string;
}

/** Stacks series per category: one segment per non-zero value, bottom (or left) first. */
export function stack(categories: number, series: readonly Series[]): { segments: Stacked[]; sums: number[] } {
  const segments: Stacked[] = [];
  const sums: number[] = [];
  for (let index = 0; index < categories; index++) {
    let base = 0;
    for (const s of series) {
      const v = s.values[index] ?? 0;
      if (v) segments.push({ index, start: base, end: base + v, className: s.className });
      base += v;
    }
    sums.push(base);
  }
  return { segments, sums };
}

/** A category none of whose series has a value: a period with nothing to measure, not a zero. */
export const isEmptyCategory = (series: readonly Series[], index: number) => series.every((s) => s.values[index] === undefined);

export interface ScaleOptions {
  /** Axis and value labels (default: the number). */
  format?: (v: number) => string;
  /** A fixed top of the scale (1 for rates); without it values are counts, with whole-number ticks. */
  max?: number;
  /** Printed where a category has nothing to measure. */
  emptyText?: string;
}

/** Vertical columns, stacked by series, one per category: the wide layout of a chart over time. */
export function columnChart(labels: readonly string[], series: readonly Series[], options: ScaleOptions = {}): Geometry {
  const { format = String, max, emptyText = 'none' } = options;
  const frame = { width: CHART_WIDTH.wide, height: 280, top: 16, right: 16, bottom: 44, left: 56 };
  const { segments, sums } = stack(labels.length, series);
  const axis = ticks(max ?? Math.max(1, ...sums), 4, max === undefined);
  const { plot, g, y } = framed(frame, axis[axis.length - 1]!);
  for (const t of axis) {
    g.lines.push({ x1: plot.x, x2: plot.x + plot.width, y1: round(y(t)), y2: round(y(t)), className: 'grid' });
    g.labels.push({ x: plot.x - 8, y: round(y(t)), text: format(t), anchor: 'end', className: 'axis' });
  }
  const band = plot.width / Math.max(1, labels.length);
  const width = Math.max(2, Math.min(40, band * 0.7));
  for (const s of segments)
    g.rects.push({
      x: round(plot.x + band * s.index + (band - width) / 2),
      y: round(y(s.end)),
      width: round(width),
      height: round(y(s.start) - y(s.end)),
      className: s.className,
    });
  g.lines.push({ x1: plot.x, x2: plot.x + plot.width, y1: y(0), y2: y(0), className: 'baseline' });
  const step = labelStep(band, Math.max(0, ...labels.map(textWidth)));
  // The newest category is always labelled: count the step back from the end.
  labels.forEach((label, i) => {
    if ((labels.length - 1 - i) % step === 0)
      g.labels.push({
        x: round(plot.x + band * (i + 0.5)),
        y: frame.height - frame.bottom + 20,
        text: label,
        anchor: 'middle',
        className: 'axis',
      });
    if (isEmptyCategory(series, i))
      g.labels.push({ x: round(plot.x + band * (i + 0.5)), y: round(y(0) - 8), text: emptyText, anchor: 'middle', className: 'empty' });
  });
  return g;
}

export interface BarOptions extends ScaleOptions {
  layout: ChartLayout;
  /** Newest (last) category first, at the top: how a phone reads a series over time. */
  newestFirst?: boolean;
  /** Labels on their own line above each bar (long names on a narrow screen) instead of to its left. */
  labelsAbove?: boolean;
}

/** Horizontal bars, stacked by series, one row per category, with the total at the end of each bar. */
export function barChart(labels: readonly string[], series: readonly Series[], options: BarOptions): Geometry {
  const { format = String, max, emptyText = 'none', layout, newestFirst = false, labelsAbove = false } = options;
  const width = CHART_WIDTH[layout];
  const order = labels.map((_, i) => i);
  if (newestFirst) order.reverse();
  const { segments, sums } = stack(labels.length, series);
  const axis = ticks(max ?? Math.max(1, ...sums), layout === 'wide' ? 4 : 3, max === undefined);
  const top = axis[axis.length - 1]!;
  // Room for the widest label at the left (unless labels sit above), and for the widest value at the right.
  const widestLabel = Math.max(0, ...labels.map(textWidth));
  const left = labelsAbove ? 4 : Math.min(Math.ceil(widestLabel) + 12, Math.round(width * 0.3));
  const right =
    Math.ceil(Math.max(textWidth(emptyText) / 2, ...sums.map((s, i) => (isEmptyCategory(series, i) ? 0 : textWidth(format(s)))))) + 10;
  const barHeight = layout === 'wide' ? 18 : 16;
  const row = labelsAbove ? TEXT_SIZE + barHeight + 14 : barHeight + 10;
  const topPad = 8;
  const height = topPad + labels.length * row + 28;
  const plotWidth = width - left - right;
  const xs = (v: number) => left + (v / top) * plotWidth;
  const g = empty(width, height);
  const rowsBottom = topPad + labels.length * row;
  for (const t of axis) {
    g.lines.push({ x1: round(xs(t)), x2: round(xs(t)), y1: topPad, y2: rowsBottom, className: 'grid' });
    g.labels.push({ x: round(xs(t)), y: rowsBottom + 18, text: format(t), anchor: 'middle', className: 'axis' });
  }
  const rowOf = new Map(order.map((index, position) => [index, position]));
  const barTop = (index: number) => topPad + rowOf.get(index)! * row + (labelsAbove ? TEXT_SIZE + 6 : (row - barHeight) / 2);
  for (const s of segments)
    g.rects.push({
      x: round(xs(s.start)),
      y: round(barTop(s.index)),
      width: round(xs(s.end) - xs(s.start)),
      height: barHeight,
      className: s.className,
    });
  labels.forEach((label, i) => {
    const mid = barTop(i) + barHeight / 2;
    if (labelsAbove) g.labels.push({ x: left, y: round(barTop(i) - 6), text: label, anchor: 'start', className: 'axis' });
    else
      g.labels.push({ x: left - 8, y: round(mid + TEXT_SIZE * 0.35), text: truncate(label, left - 12), anchor: 'end', className: 'axis' });
    if (isEmptyCategory(series, i))
      g.labels.push({ x: left + 4, y: round(mid + TEXT_SIZE * 0.35), text: emptyText, anchor: 'start', className: 'empty' });
    else
      g.labels.push({
        x: round(xs(sums[i]!) + 6),
        y: round(mid + TEXT_SIZE * 0.35),
        text: format(sums[i]!),
        anchor: 'start',
        className: 'value',
      });
  });
  return g;
}

/** A label cut to fit `room` units, with an ellipsis (the table under the chart has the whole name). */
export function truncate(label: string, room: number): string {
  if (textWidth(label) <= room) return label;
  const chars = Math.max(1, Math.floor(room / (TEXT_SIZE * 0.6)) - 1);
  return `${label.slice(0, chars)}…`;
}

export interface LineOptions {
  layout: ChartLayout;
  /** Axis labels. */
  format?: (v: number) => string;
  emptyText?: string;
}

/**
 * Lines with points over categories; a gap where a value is missing, and `emptyText` where a category has no value
 * in any series. On a narrow screen a label of two words (`Q1 2025`) takes two lines, the second only when it changes.
 */
export function lineChart(labels: readonly string[], series: readonly Series[], options: LineOptions): Geometry {
  const { layout, format = String, emptyText = 'none' } = options;
  const wide = layout === 'wide';
  const frame = {
    width: CHART_WIDTH[layout],
    height: wide ? 280 : 240,
    top: 16,
    right: wide ? 16 : 10,
    bottom: wide ? 44 : 52,
    left: wide ? 56 : 44,
  };
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== undefined));
  const axis = ticks(Math.max(1, ...values));
  const { plot, g, y } = framed(frame, axis[axis.length - 1]!);
  const band = plot.width / Math.max(1, labels.length);
  const x = (i: number) => plot.x + band * (i + 0.5);
  for (const t of axis) {
    g.lines.push({ x1: plot.x, x2: plot.x + plot.width, y1: round(y(t)), y2: round(y(t)), className: 'grid' });
    g.labels.push({ x: plot.x - 6, y: round(y(t) + TEXT_SIZE * 0.35), text: format(t), anchor: 'end', className: 'axis' });
  }
  g.lines.push({ x1: plot.x, x2: plot.x + plot.width, y1: y(0), y2: y(0), className: 'baseline' });
  for (const s of series) {
    let d = '';
    let pen = false;
    s.values.forEach((v, i) => {
      if (v === undefined) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${round(x(i))} ${round(y(v))}`;
      pen = true;
      g.dots.push({ cx: round(x(i)), cy: round(y(v)), r: 4, className: s.className });
    });
    if (d) g.paths.push({ d, className: s.className });
  }
  const words = labels.map((l) => l.split(' '));
  const twoLines = !wide && words.every((w) => w.length === 2);
  const step = labelStep(band, Math.max(0, ...labels.map((l, i) => textWidth(twoLines ? words[i]![0]! : l))));
  labels.forEach((label, i) => {
    const baseline = frame.height - frame.bottom + 20;
    if ((labels.length - 1 - i) % step === 0) {
      if (twoLines) {
        g.labels.push({ x: round(x(i)), y: baseline, text: words[i]![0]!, anchor: 'middle', className: 'axis' });
        if (i === 0 || words[i - 1]![1] !== words[i]![1])
          g.labels.push({ x: round(x(i)), y: baseline + TEXT_SIZE + 4, text: words[i]![1]!, anchor: 'middle', className: 'axis' });
      } else g.labels.push({ x: round(x(i)), y: baseline, text: label, anchor: 'middle', className: 'axis' });
    }
    if (isEmptyCategory(series, i))
      g.labels.push({ x: round(x(i)), y: round(y(0) - 8), text: emptyText, anchor: 'middle', className: 'empty' });
  });
  return g;
}

export interface StripRow {
  name: string;
  className: string;
  values: number[];
}

export interface StripOptions {
  layout: ChartLayout;
  /** Printed after the 0 of the axis (`h`). */
  unit: string;
}

/**
 * A strip plot: one row per group, every value a dot (binned past `MAX_DOTS`), and, from `MIN_BOX_POINTS` values
 * on, a box from the 25th to the 75th percentile with the median as a bar and a whisker to the 90th. Shows the
 * skew a single average hides, and never draws a box a handful of dots cannot support.
 */
export function stripChart(rows: readonly StripRow[], options: StripOptions): Geometry {
  const { layout, unit } = options;
  const width = CHART_WIDTH[layout];
  const row = 40;
  const left = Math.ceil(Math.max(...rows.map((r) => textWidth(r.name)), 0)) + 14;
  const right = layout === 'wide' ? 24 : 14;
  const top = 8;
  const height = top + rows.length * row + 30;
  const plotWidth = width - left - right;
  const axis = ticks(Math.max(1, ...rows.flatMap((r) => r.values)), layout === 'wide' ? 5 : 3);
  const max = axis[axis.length - 1]!;
  const xs = (v: number) => left + (v / max) * plotWidth;
  const g = empty(width, height);
  for (const t of axis) {
    g.lines.push({ x1: round(xs(t)), x2: round(xs(t)), y1: top, y2: top + rows.length * row, className: 'grid' });
    g.labels.push({
      x: round(xs(t)),
      y: top + rows.length * row + 18,
      text: `${t}${t === 0 ? ` ${unit}` : ''}`,
      anchor: t === 0 ? 'start' : 'middle',
      className: 'axis',
    });
  }
  // Deterministic jitter so equal values do not hide each other.
  const jitter = (i: number) => ((i * 7) % 5) * 3 - 6;
  const binWidth = plotWidth / STRIP_BINS;
  rows.forEach((r, i) => {
    const cy = top + i * row + row / 2;
    g.labels.push({ x: left - 8, y: round(cy + TEXT_SIZE * 0.35), text: r.name, anchor: 'end', className: 'axis' });
    if (!r.values.length) {
      g.labels.push({ x: left + 4, y: round(cy + TEXT_SIZE * 0.35), text: 'none resolved', anchor: 'start', className: 'empty' });
      return;
    }
    if (r.values.length >= MIN_BOX_POINTS) {
      const [p25, median, p75, p90] = [0.25, 0.5, 0.75, 0.9].map((q) => quantile(r.values, q)!) as [number, number, number, number];
      g.lines.push({ x1: round(xs(p75)), x2: round(xs(p90)), y1: cy, y2: cy, className: `strip-whisker ${r.className}` });
      g.rects.push({
        x: round(xs(p25)),
        y: cy - 11,
        width: round(Math.max(1, xs(p75) - xs(p25))),
        height: 22,
        className: `strip-box ${r.className}`,
      });
      g.lines.push({ x1: round(xs(median)), x2: round(xs(median)), y1: cy - 13, y2: cy + 13, className: `strip-median ${r.className}` });
    }
    if (r.values.length > MAX_DOTS) {
      const counts = new Array<number>(STRIP_BINS).fill(0);
      for (const v of r.values) counts[Math.min(STRIP_BINS - 1, Math.floor((v / max) * STRIP_BINS))]!++;
      const most = Math.max(...counts);
      counts.forEach((count, b) => {
        if (!count) return;
        const h = Math.max(2, (count / most) * 26);
        g.rects.push({
          x: round(left + b * binWidth),
          y: round(cy - h / 2),
          width: round(binWidth),
          height: round(h),
          className: `strip-bin ${r.className}`,
        });
      });
    } else r.values.forEach((v, j) => g.dots.push({ cx: round(xs(v)), cy: cy + jitter(j), r: 4, className: `strip-dot ${r.className}` }));
  });
  return g;
}

/** The columns of a chart's table: one per series (and the total), each cell formatted, `—` for nothing to measure. */
export function tableColumns(
  series: readonly Series[],
  format: (v: number) => string,
  total: boolean,
): { name: string; cells: string[] }[] {
  const cell = (v: number | undefined) => (v === undefined ? '—' : format(v));
  const columns = series.map((s) => ({ name: s.name, cells: s.values.map(cell) }));
  if (!total) return columns;
  const n = Math.max(0, ...series.map((s) => s.values.length));
  const sums = Array.from({ length: n }, (_, i) =>
    isEmptyCategory(series, i) ? undefined : series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0),
  );
  return [...columns, { name: 'Total', cells: sums.map(cell) }];
}
