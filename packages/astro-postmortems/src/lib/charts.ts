/** Geometry for the build-time SVG charts: nothing here ships to the browser. */

export interface Series {
  name: string;
  /** CSS class that colours the series (see `styles/global.css`, `.series-*`). */
  className: string;
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

/** Plot area inside the SVG's viewBox. */
export const frame = { width: 720, height: 280, top: 16, right: 16, bottom: 44, left: 56 } as const;
export const plot = {
  x: frame.left,
  y: frame.top,
  width: frame.width - frame.left - frame.right,
  height: frame.height - frame.top - frame.bottom,
} as const;

/** Round axis ticks from 0 to at least `max`: 0, 2, 4… or 0, 5, 10…; whole numbers only for counts. */
export function ticks(max: number, count = 4, integers = false): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(integers ? 1 : 0, [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!);
  const out: number[] = [];
  for (let v = 0; v < max + step / 2; v += step) out.push(Number(v.toFixed(6)));
  if (out[out.length - 1]! < max) out.push(Number((out[out.length - 1]! + step).toFixed(6)));
  return out;
}

/** Maps a value on [0, top] to a y coordinate of the plot area. */
export function yScale(top: number): (v: number) => number {
  return (v) => plot.y + plot.height - (v / top) * plot.height;
}

/** Which x labels to print so they do not collide (every label up to 12, fewer beyond). */
export function labelStep(n: number): number {
  return n <= 12 ? 1 : Math.ceil(n / 12);
}

export interface Segment {
  /** Category index. */
  index: number;
  start: number;
  end: number;
  className: string;
}

/** Stacks series per category: one segment per non-zero value, bottom (or left) first. */
export function stack(categories: number, series: readonly Series[]): { segments: Segment[]; sums: number[] } {
  const segments: Segment[] = [];
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
