import { describe, expect, it } from 'vitest';
import {
  factorOverlap,
  similarDocuments as similarCounted,
  termCounts,
  tokenize,
  type SimilarityOptions,
} from '../packages/astro-postmortems/src/integration/similarity.ts';

/** Documents by their text, counted as the site's renderer counts them (`termCounts`). */
function similarDocuments(documents: { id: string; text: string; factors?: string[] }[], options?: SimilarityOptions) {
  return similarCounted(
    documents.map(({ text, ...doc }) => ({ ...doc, terms: termCounts(text) })),
    options,
  );
}

const docs = [
  { id: 'cert-a', text: 'TLS certificate expired on the mobile gateway; clients failed the handshake until the certificate was renewed.' },
  { id: 'cert-b', text: 'An expired intermediate certificate broke TLS handshakes for partner clients of the auth gateway.' },
  { id: 'pool', text: 'Database connection pool exhausted by slow vendor calls inside transactions; PgBouncer queued connections.' },
  { id: 'pool-2', text: 'Connection pool saturation on postgres after a deploy doubled transactions per request; PgBouncer limits hit.' },
  { id: 'cdn', text: 'A CDN cache rule matched API paths and cached 401 responses for checkout.' },
];

describe('tokenize', () => {
  it('drops stop words, numbers and short words, and folds plurals', () => {
    expect(tokenize('The 3 certificates expired at 10:05 UTC on gateways')).toEqual(['certificate', 'expired', 'gateway']);
    expect(tokenize('Executive Summary: pools')).toEqual(['pool']);
  });
});

describe('similarDocuments', () => {
  it('pairs the incidents that share distinctive words, best first', () => {
    const similar = similarDocuments(docs, { threshold: 0.05 });
    expect(similar.get('cert-a')![0]!.id).toBe('cert-b');
    expect(similar.get('pool')![0]!.id).toBe('pool-2');
    expect(similar.get('pool-2')![0]!.id).toBe('pool');
    for (const matches of similar.values()) {
      for (let i = 1; i < matches.length; i++) expect(matches[i - 1]!.score).toBeGreaterThanOrEqual(matches[i]!.score);
    }
  });

  it('never matches a document with itself, honours the threshold, the limit and exclusions', () => {
    const similar = similarDocuments(docs, { threshold: 0.05, limit: 1, exclude: (a, b) => [a, b].sort().join() === 'cert-a,cert-b' });
    for (const [id, matches] of similar) {
      expect(matches.length).toBeLessThanOrEqual(1);
      expect(matches.map((m) => m.id)).not.toContain(id);
    }
    expect(similar.get('cert-a')!.map((m) => m.id)).not.toContain('cert-b');
    expect(similarDocuments(docs, { threshold: 0.99 }).get('cert-a')).toEqual([]);
    expect(similarDocuments(docs).get('cdn')).toEqual([]);
  });

  it('is deterministic and symmetric in score', () => {
    const a = similarDocuments(docs, { threshold: 0 });
    const b = similarDocuments([...docs].reverse(), { threshold: 0 });
    const score = (m: Map<string, { id: string; score: number }[]>, x: string, y: string) => m.get(x)!.find((s) => s.id === y)?.score;
    expect(score(a, 'pool', 'pool-2')).toBeCloseTo(score(b, 'pool', 'pool-2')!, 12);
    expect(score(a, 'pool', 'pool-2')).toBeCloseTo(score(a, 'pool-2', 'pool')!, 12);
  });

  it('handles no documents and documents without words', () => {
    expect(similarDocuments([]).size).toBe(0);
    expect(
      similarDocuments([
        { id: 'a', text: '' },
        { id: 'b', text: 'the and' },
      ]).get('a'),
    ).toEqual([]);
  });

  // Its speed is measured by `npm run bench` (the full build computes it for every postmortem), not here. 600 documents
  // take every path thousands do: common terms' posting lists are cut to their heaviest documents (asserted), each
  // document's vector to its heaviest terms, and candidates to the best few.
  it('handles many postmortems (posting lists cut to their heaviest documents): at most three matches each, never itself', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const vocab = Array.from({ length: 8000 }, (_, i) => `term${i.toString(36)}`);
    const many = Array.from({ length: 600 }, (_, d) => ({
      id: `d${d}`,
      text: Array.from({ length: 300 }, () => vocab[Math.floor(vocab.length * rand() ** 3)]).join(' '),
    }));
    const df = new Map<string, number>();
    for (const doc of many) for (const term of new Set(tokenize(doc.text))) df.set(term, (df.get(term) ?? 0) + 1);
    // Terms kept (in 2 to 300 documents, half of them) that are in over 100 (the default posting list): lists are cut;
    // documents with over 150 such terms (the default vector): vectors are cut.
    const kept = (n: number) => n >= 2 && n <= 300;
    expect([...df.values()].filter((n) => kept(n) && n > 100).length).toBeGreaterThan(100);
    expect(many.filter((doc) => new Set(tokenize(doc.text).filter((t) => kept(df.get(t)!))).size > 150).length).toBeGreaterThan(300);
    const result = similarDocuments(many);
    expect(result.size).toBe(600);
    for (const [id, matches] of result) {
      expect(matches.length).toBeLessThanOrEqual(3);
      expect(matches.map((m) => m.id)).not.toContain(id);
    }
    expect([...result.values()].some((m) => m.length > 0)).toBe(true);
  });
});

describe('shared contributing factors', () => {
  it('rank a candidate that shares factors above one with the same text score, and Jaccard measures the share', () => {
    expect(factorOverlap(['change', 'detection'], ['detection', 'capacity'])).toBeCloseTo(1 / 3);
    expect(factorOverlap([], ['change'])).toBe(0);
    const text = 'checkout connection pool exhausted database latency vendor timeout';
    const docs = [
      { id: 'a', text, factors: ['dependency', 'capacity'] },
      // b and c have the same text, so the same cosine with a (below 1): only the factors tell them apart.
      { id: 'b', text: 'checkout connection pool exhausted retries storm', factors: [] },
      { id: 'c', text: 'checkout connection pool exhausted retries storm', factors: ['dependency', 'capacity'] },
      { id: 'd', text: 'unrelated words about certificates expiry mobile gateway handshake', factors: [] },
      { id: 'e', text: 'more unrelated words about search indexer disks logging', factors: [] },
    ];
    const result = similarDocuments(docs, { maxDocumentFrequency: 1 });
    expect(result.get('a')!.map((m) => m.id)).toEqual(['c', 'b']);
    expect(result.get('a')![0]!.score).toBeGreaterThan(result.get('a')![1]!.score);
  });
});
