/**
 * Small, pure aggregations for the stats page, the home page's key figures and
 * the quarterly digest. Dates are `YYYY-MM-DD` or `YYYY-MM` strings, as written
 * by authors; nothing here reads the clock or the machine's time zone.
 */
import type { ActionItem } from '../core/frontmatter-schema.ts';
import { isOverdue } from '../core/utils/incident.ts';

/** `2026-Q4` for any date or month in October–December 2026. */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** `Q4 2026` for `2026-Q4`. */
export function quarterLabel(quarter: string): string {
  return `${quarter.slice(5)} ${quarter.slice(0, 4)}`;
}

/** `Nov 2026` for `2026-11`. */
export function monthLabel(month: string): string {
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${names[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

function monthFromIndex(index: number): string {
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Every month from `from` to `to` inclusive (`YYYY-MM`); empty when `to` is before `from`. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthFromIndex(i));
  return out;
}

/** Every quarter from the one holding `from` to the one holding `to` (dates or months). */
export function quarterRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (const month of monthRange(from.slice(0, 7), to.slice(0, 7))) {
    const q = quarterOf(month);
    if (out[out.length - 1] !== q) out.push(q);
  }
  return out;
}

/** The `n` months ending with `last` (`YYYY-MM`), oldest first. */
export function lastMonths(last: string, n: number): string[] {
  const end = monthIndex(last);
  return monthRange(monthFromIndex(end - n + 1), last);
}

export function median(values: readonly number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** How many items fall under each key, in first-seen order. */
export function countBy<T>(items: Iterable<T>, keys: (item: T) => string | readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = keys(item);
    for (const key of typeof k === 'string' ? [k] : k) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export interface Completion {
  total: number;
  open: number;
  inProgress: number;
  done: number;
  wontDo: number;
  /** Open or in progress and past due on the given day. */
  overdue: number;
  /** `done ÷ (total − won't do)`: what was committed to and delivered; `undefined` with nothing committed. */
  rate: number | undefined;
}

/** Action-item progress, as counted on `today` (`YYYY-MM-DD`). */
export function completion(items: Iterable<Pick<ActionItem, 'status' | 'due'>>, today: string): Completion {
  const c: Completion = { total: 0, open: 0, inProgress: 0, done: 0, wontDo: 0, overdue: 0, rate: undefined };
  for (const item of items) {
    c.total++;
    if (item.status === 'open') c.open++;
    else if (item.status === 'in-progress') c.inProgress++;
    else if (item.status === 'done') c.done++;
    else c.wontDo++;
    if (isOverdue(item, today)) c.overdue++;
  }
  const committed = c.total - c.wontDo;
  c.rate = committed > 0 ? c.done / committed : undefined;
  return c;
}

/** `67%`, or `—` when there is nothing to measure. */
export function percent(rate: number | undefined): string {
  return rate === undefined ? '—' : `${Math.round(rate * 100)}%`;
}

/**
 * The `q` quantile (0–1) with linear interpolation between closest ranks (the
 * usual "type 7" definition, as spreadsheets compute it); `undefined` when empty.
 */
export function quantile(values: readonly number[], q: number): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

export interface Distribution {
  count: number;
  min: number;
  p25: number;
  median: number;
  p75: number;
  p90: number;
  max: number;
  mean: number;
}

/** The figures a box or strip plot shows, and the mean for comparison; `undefined` when empty. */
export function distribution(values: readonly number[]): Distribution | undefined {
  if (!values.length) return undefined;
  const q = (p: number) => quantile(values, p)!;
  return {
    count: values.length,
    min: Math.min(...values),
    p25: q(0.25),
    median: q(0.5),
    p75: q(0.75),
    p90: q(0.9),
    max: Math.max(...values),
    mean: values.reduce((a, b) => a + b, 0) / values.length,
  };
}
