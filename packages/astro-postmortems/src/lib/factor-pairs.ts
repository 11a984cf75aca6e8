/**
 * "Postmortems that share factors" on `/factors/`: the pairs naming at least
 * `min` of the same categories, most shared first, then in list order (the
 * first of a pair, then the second). Only the first `limit` pairs are wanted,
 * so they are found without comparing every pair (which grows with N²): for
 * each shared count, from the largest down, the candidates of an item are the
 * later items holding one of its category subsets of that size, taken from
 * per-subset lists in ascending order.
 */

/** The first `limit` pairs `[i, j, shared]` (i < j, indexes into `sets`) in the order above. */
export function sharedPairs(sets: readonly (readonly string[])[], limit: number, min = 2): [number, number, number][] {
  const out: [number, number, number][] = [];
  const norm = sets.map((s) => [...new Set(s)].sort());
  const largest = Math.max(0, ...norm.map((s) => s.length));
  for (let k = largest; k >= min && out.length < limit; k--) {
    // Items by each k-subset of their categories, ascending.
    const buckets = new Map<string, number[]>();
    const keysOf = norm.map((s, i) => {
      const keys = subsets(s, k).map((x) => x.join('\u0000'));
      for (const key of keys) {
        let list = buckets.get(key);
        if (!list) buckets.set(key, (list = []));
        list.push(i);
      }
      return keys;
    });
    for (let i = 0; i < norm.length && out.length < limit; i++) {
      if (norm[i]!.length < k) continue;
      const mine = new Set(norm[i]);
      const found = new Set<number>();
      // Later items sharing exactly k categories, fewest needed: scan each bucket from just after i.
      const lists = keysOf[i]!.map((key) => buckets.get(key)!);
      const cursors = lists.map((list) => upperBound(list, i));
      const need = limit - out.length;
      const taken: number[] = [];
      while (taken.length < need) {
        let best = -1;
        let at = -1;
        lists.forEach((list, b) => {
          const v = list[cursors[b]!];
          if (v !== undefined && (best === -1 || v < best)) [best, at] = [v, b];
        });
        if (best === -1) break;
        cursors[at]!++;
        if (found.has(best)) continue;
        found.add(best);
        const shared = norm[best]!.filter((c) => mine.has(c)).length;
        if (shared === k) taken.push(best);
      }
      for (const j of taken) out.push([i, j, k]);
    }
  }
  return out.slice(0, limit);
}

function upperBound(list: readonly number[], value: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function subsets<T>(list: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (list.length < k) return [];
  const [head, ...rest] = list;
  return [...subsets(rest, k - 1).map((s) => [head!, ...s]), ...subsets(rest, k)];
}
