/**
 * The search filters' values and counts, written at build time from the same fields the postmortem pages give
 * Pagefind (`data-pagefind-filter`). The search UI reads this one small file instead of calling Pagefind's
 * `filters()`, which downloads every filter index (about 90 KB at 5,000 postmortems) before the first query.
 */
import { getPostmortems } from '../lib/postmortems.ts';

export async function GET(): Promise<Response> {
  // Maps, not plain objects: a tag or service is any kebab-case word, and `constructor` (or, were the schema
  // looser, `__proto__`, `toString`) as an object key reads Object.prototype instead of a count.
  const counts = new Map<string, Map<string, number>>(
    ['severity', 'status', 'kind', 'service', 'factor', 'tag', 'year'].map((key) => [key, new Map()]),
  );
  const add = (key: string, value: string) => {
    const values = counts.get(key)!;
    values.set(value, (values.get(value) ?? 0) + 1);
  };
  for (const p of await getPostmortems()) {
    add('severity', p.data.severity);
    add('status', p.data.status);
    add('kind', p.data.kind);
    for (const s of new Set(p.data.services)) add('service', s);
    for (const f of new Set((p.data.contributingFactors ?? []).map((c) => c.category))) add('factor', f);
    for (const t of new Set(p.data.tags ?? [])) add('tag', t);
    add('year', p.year);
  }
  // Object.fromEntries defines own properties (even one named `__proto__`), so the JSON has every value.
  const json = Object.fromEntries([...counts].map(([key, values]) => [key, Object.fromEntries(values)]));
  return new Response(JSON.stringify(json), { headers: { 'Content-Type': 'application/json' } });
}
