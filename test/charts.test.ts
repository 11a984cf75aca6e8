/** The charts' geometry (lib/charts.ts): what each layout draws, in viewBox units, before any browser sees it. */
import { describe, expect, it } from 'vitest';
import {
  barChart,
  CHART_WIDTH,
  columnChart,
  type Geometry,
  labelStep,
  lineChart,
  MAX_DOTS,
  MIN_BOX_POINTS,
  stripChart,
  tableColumns,
  TEXT_SIZE,
  textWidth,
  ticks,
  truncate,
} from '../packages/astro-postmortems/src/lib/charts.ts';

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const series = (values: (number | undefined)[], name = 'P1', className = 'series-sev-0') => ({ name, className, values });

/** Every shape inside the viewBox (text by its anchor and estimated width). */
function outside(g: Geometry): string[] {
  const out: string[] = [];
  for (const r of g.rects)
    if (r.x < 0 || r.y < 0 || r.x + r.width > g.width + 0.1 || r.y + r.height > g.height + 0.1) out.push(`rect ${JSON.stringify(r)}`);
  for (const l of g.labels) {
    const w = textWidth(l.text);
    const [from, to] = l.anchor === 'start' ? [l.x, l.x + w] : l.anchor === 'end' ? [l.x - w, l.x] : [l.x - w / 2, l.x + w / 2];
    if (from < -1 || to > g.width + 1 || l.y - TEXT_SIZE < 0 || l.y > g.height) out.push(`label ${JSON.stringify(l)}`);
  }
  return out;
}

/** Labels on the same line whose estimated boxes overlap. */
function collisions(g: Geometry): string[] {
  const boxes = g.labels.map((l) => {
    const w = textWidth(l.text);
    const x = l.anchor === 'start' ? l.x : l.anchor === 'end' ? l.x - w : l.x - w / 2;
    return { l, x, w };
  });
  const out: string[] = [];
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      if (Math.abs(a.l.y - b.l.y) < TEXT_SIZE && a.x < b.x + b.w && b.x < a.x + a.w) out.push(`${a.l.text} / ${b.l.text}`);
    }),
  );
  return out;
}

describe('ticks', () => {
  it('are round numbers from 0 to at least the maximum, whole for counts', () => {
    expect(ticks(7, 4, true)).toEqual([0, 2, 4, 6, 8]);
    expect(ticks(1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(ticks(0)).toEqual([0, 1]);
    expect(ticks(3, 4, true)).toEqual([0, 1, 2, 3]);
  });

  it('thin labels out by their width, and cut long ones with an ellipsis', () => {
    expect(labelStep(81, textWidth('Q1 2025'))).toBe(1);
    expect(labelStep(27, textWidth('Jan ’25'))).toBeGreaterThan(1);
    expect(truncate('checkout-api', 200)).toBe('checkout-api');
    expect(truncate('a-very-long-service-name-indeed', 80)).toMatch(/…$/);
    expect(textWidth(truncate('a-very-long-service-name-indeed', 80))).toBeLessThanOrEqual(80);
  });
});

describe('columns (a series over time, wide screens)', () => {
  it('stack the series, keep every shape in the viewBox, and label the newest period', () => {
    const labels = Array.from({ length: 24 }, (_, i) => `${months[i % 12]} ’${25 + Math.floor(i / 12)}`);
    const g = columnChart(labels, [
      series(labels.map((_, i) => i % 3)),
      series(
        labels.map(() => 1),
        'P2',
        'series-sev-1',
      ),
    ]);
    expect(g.width).toBe(CHART_WIDTH.wide);
    expect(outside(g)).toEqual([]);
    expect(collisions(g)).toEqual([]);
    const axisLabels = g.labels.filter((l) => l.className === 'axis').map((l) => l.text);
    expect(axisLabels).toContain(labels[labels.length - 1]);
    // 24 periods × 2 series, minus the zero-valued segments of the first series.
    expect(g.rects).toHaveLength(24 + labels.filter((_, i) => i % 3).length);
  });

  it('mark a period with nothing to measure as empty, never as a zero-height column', () => {
    const g = columnChart(['Q1 2026', 'Q2 2026', 'Q3 2026'], [series([0.5, undefined, 0])], {
      max: 1,
      format: (v) => `${v * 100}%`,
      emptyText: 'no items',
    });
    expect(g.labels.filter((l) => l.className === 'empty').map((l) => l.text)).toEqual(['no items']);
    // A real zero (Q3) is a zero: no empty mark, no column.
    expect(g.rects).toHaveLength(1);
  });
});

describe('bars', () => {
  it('on a narrow screen put the newest period at the top and keep every label inside 320 units', () => {
    const labels = Array.from({ length: 24 }, (_, i) => `${months[i % 12]} ’${25 + Math.floor(i / 12)}`);
    const g = barChart(labels, [series(labels.map((_, i) => i))], { layout: 'narrow', newestFirst: true });
    expect(g.width).toBe(CHART_WIDTH.narrow);
    expect(outside(g)).toEqual([]);
    expect(collisions(g)).toEqual([]);
    const rows = g.labels.filter((l) => l.className === 'axis' && l.anchor === 'end').sort((a, b) => a.y - b.y);
    expect(rows[0]!.text).toBe(labels[23]);
    expect(rows[rows.length - 1]!.text).toBe(labels[0]);
    // The longest bar ends inside the viewBox, with its value after it.
    const longest = g.rects.reduce((a, b) => (a.width > b.width ? a : b));
    const value = g.labels.find((l) => l.className === 'value' && l.text === '23')!;
    expect(value.x).toBeGreaterThan(longest.x + longest.width);
  });

  it('put long names above their bar on a narrow screen, whole, and cut them only at the left of a wide chart', () => {
    const names = ['checkout-api', 'a-really-long-service-name-for-billing'];
    const narrow = barChart(names, [series([3, 1])], { layout: 'narrow', labelsAbove: true });
    expect(narrow.labels.filter((l) => l.className === 'axis' && l.anchor === 'start').map((l) => l.text)).toEqual(names);
    expect(outside(narrow)).toEqual([]);
    const wide = barChart(names, [series([3, 1])], { layout: 'wide' });
    expect(outside(wide)).toEqual([]);
    // At most 30 % of the width for names: the long one is cut (the table under the chart has it whole).
    const left = wide.labels.filter((l) => l.className === 'axis' && l.anchor === 'end').map((l) => l.text);
    expect(left).toEqual([names[0], expect.stringMatching(/^a-really-long.*…$/)]);
  });

  it('say "none" where a period is empty', () => {
    const g = barChart(['Q1', 'Q2'], [series([undefined, 0.4])], { layout: 'narrow', max: 1, emptyText: 'no items', newestFirst: true });
    expect(g.labels.filter((l) => l.className === 'empty').map((l) => l.text)).toEqual(['no items']);
    expect(g.rects).toHaveLength(1);
  });
});

describe('lines', () => {
  const quarters = ['Q1 2025', 'Q2 2025', 'Q3 2025', 'Q4 2025', 'Q1 2026', 'Q2 2026', 'Q3 2026', 'Q4 2026'];
  it('break where a value is missing and name the empty period', () => {
    const g = lineChart(
      quarters,
      [series([1, 2, undefined, 3, 4, undefined, 2, 1]), series([undefined, 1, undefined, 1, 1, undefined, 1, 1], 'TTD', 'series-detect')],
      { layout: 'wide' },
    );
    expect(g.paths[0]!.d.match(/M/g)).toHaveLength(3);
    expect(g.dots).toHaveLength(6 + 5);
    expect(g.labels.filter((l) => l.className === 'empty')).toHaveLength(2);
    expect(outside(g)).toEqual([]);
  });

  it('take two lines per label on a narrow screen, the year only where it changes, without collisions', () => {
    const g = lineChart(quarters, [series([1, 2, 3, 4, 5, 6, 7, 8])], { layout: 'narrow' });
    const axis = g.labels.filter((l) => l.className === 'axis' && l.anchor === 'middle').map((l) => l.text);
    expect(axis.filter((t) => /^Q\d$/.test(t))).toHaveLength(8);
    expect(axis.filter((t) => /^\d{4}$/.test(t))).toEqual(['2025', '2026']);
    expect(outside(g)).toEqual([]);
    expect(collisions(g)).toEqual([]);
  });
});

describe('strips', () => {
  it(`draw a box only from ${MIN_BOX_POINTS} values on, and every value as a dot`, () => {
    const rows = [
      { name: 'P1', className: 'series-sev-0', values: [2, 3] },
      { name: 'P2', className: 'series-sev-1', values: [1, 2, 3, 4, 20] },
      { name: 'P3', className: 'series-sev-2', values: [] },
    ];
    const g = stripChart(rows, { layout: 'wide', unit: 'h' });
    const boxes = g.rects.filter((r) => r.className.startsWith('strip-box'));
    expect(boxes.map((b) => b.className)).toEqual(['strip-box series-sev-1']);
    expect(g.dots.filter((d) => d.className.includes('series-sev-0'))).toHaveLength(2);
    expect(g.dots.filter((d) => d.className.includes('series-sev-1'))).toHaveLength(5);
    expect(g.labels.filter((l) => l.className === 'empty').map((l) => l.text)).toEqual(['none resolved']);
    expect(outside(g)).toEqual([]);
    expect(outside(stripChart(rows, { layout: 'narrow', unit: 'h' }))).toEqual([]);
  });

  it(`bin a row of more than ${MAX_DOTS} values, so its size does not grow`, () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i % 97) / 10);
    const g = stripChart([{ name: 'P2', className: 'series-sev-1', values }], { layout: 'wide', unit: 'h' });
    expect(g.dots).toHaveLength(0);
    expect(g.rects.filter((r) => r.className.startsWith('strip-bin')).length).toBeLessThanOrEqual(90);
  });
});

describe('tables', () => {
  it('write "—" for nothing to measure, in the total too', () => {
    expect(tableColumns([series([1, undefined]), series([2, undefined], 'P2')], String, true)).toEqual([
      { name: 'P1', cells: ['1', '—'] },
      { name: 'P2', cells: ['2', '—'] },
      { name: 'Total', cells: ['3', '—'] },
    ]);
  });
});
