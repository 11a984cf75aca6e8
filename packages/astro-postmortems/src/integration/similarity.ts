/**
 * "Similar incidents": TF-IDF vectors over each postmortem's text, compared by
 * cosine similarity. Pure and deterministic (ties break on id).
 *
 * Built to stay near-linear for thousands of documents: every vector keeps
 * only its `termsPerDocument` heaviest terms, terms found in more than
 * `maxDocumentFrequency` of the documents are dropped (they say little), and
 * candidates come from an inverted index whose lists keep, per term, only the
 * `postingsPerTerm` documents where it weighs most. So each document costs at
 * most `termsPerDocument × postingsPerTerm` steps to find candidates, and a
 * few exact cosines to rank them: O(N) overall.
 */

export interface SimilarityDocument {
  id: string;
  /**
   * The `termCounts` of everything that describes the incident (`similarityText`): the site's loader counts each
   * postmortem's terms in the worker that renders it, so pages never tokenize thousands of bodies and no page holds
   * the text.
   */
  terms: string;
  /** Contributing-factor categories (§7): shared ones add to the text score. */
  factors?: readonly string[];
}

export interface SimilarMatch {
  id: string;
  /** Cosine similarity in (0, 1]. */
  score: number;
}

export interface SimilarityOptions {
  /** Matches kept per document. */
  limit?: number;
  /**
   * Minimum cosine similarity for a match. Whole postmortems are long, so even
   * clearly related ones score around 0.1–0.3; unrelated ones stay under 0.05.
   */
  threshold?: number;
  /** Heaviest terms kept per document vector. */
  termsPerDocument?: number;
  /** Documents a term can lead to when looking for candidates (those where it weighs most). */
  postingsPerTerm?: number;
  /** Terms found in a larger share of documents than this are ignored. */
  maxDocumentFrequency?: number;
  /** Pairs never reported as similar (for example explicitly related postmortems). */
  exclude?: (a: string, b: string) => boolean;
  /**
   * Weight of shared contributing factors: the score is `cosine + factorWeight × Jaccard(factors)`, capped at 1.
   * Two incidents that share how they happened teach together even when their words differ; text still ranks
   * first because a Jaccard of categories is coarse (ten categories, few per postmortem).
   */
  factorWeight?: number;
}

/** |a ∩ b| / |a ∪ b| of two category lists; 0 when either is empty. */
export function factorOverlap(a: readonly string[] | undefined, b: readonly string[] | undefined): number {
  if (!a?.length || !b?.length) return 0;
  const set = new Set(a);
  const shared = new Set(b.filter((x) => set.has(x))).size;
  return shared / new Set([...a, ...b]).size;
}

const STOP_WORDS = new Set(
  (
    'about above after again against all also and any are around as at because been before being below between both but by can could did does doing down during each few for from further had has have having here how however into its itself just more most much must not now off once only other our ours out over own same should since some such than that the their theirs them then there these they this those through too under until very was were what when where which while who whom why will with within would you your yours ' +
    'one two three four five six seven eight nine ten first second minutes minute hours hour seconds days day utc ' +
    // Words of the postmortem template itself: present in every document.
    'executive summary business impact root cause timeline lessons learned action items went well wrong where got lucky'
  ).split(' '),
);

/** Lowercase word tokens without stop words, numbers or very short words; a light plural folding. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}_-]*/gu) ?? []) {
    const word = raw.replace(/^[-_]+|(?<![-_])[-_]+$/g, '');
    if (word.length < 3 || /^[\d_-]+$/.test(word) || STOP_WORDS.has(word)) continue;
    out.push(fold(word));
  }
  return out;
}

function fold(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is'))
    return word.slice(0, -1);
  return word;
}

/** The fields of a postmortem whose words make up its vector. */
export interface SimilaritySource {
  title: string;
  /** The frontmatter's `summary`, or the first paragraph of the summary section. */
  summary: string;
  services: readonly string[];
  tags?: readonly string[] | undefined;
  contributingFactors?: readonly { description: string }[] | undefined;
  /** The MDX body. */
  body: string;
}

/** The text a postmortem is compared by. The title and the summary weigh twice: they say what the incident was about. */
export function similarityText(p: SimilaritySource): string {
  return [
    p.title,
    p.title,
    p.summary,
    p.services.join(' '),
    (p.tags ?? []).join(' '),
    (p.contributingFactors ?? []).map((f) => f.description).join('\n'),
    p.body,
  ].join('\n');
}

/** The terms of `text` with their counts, in order of first appearance, as `term:count term:count …` (a token never holds `:` or a space). */
export function termCounts(text: string): string {
  return [...countTokens(tokenize(text))].map(([term, count]) => `${term}:${count}`).join(' ');
}

function countTokens(tokens: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

function* decodeTerms(terms: string): Iterable<[string, number]> {
  if (!terms) return;
  for (const pair of terms.split(' ')) {
    const at = pair.lastIndexOf(':');
    yield [pair.slice(0, at), Number(pair.slice(at + 1))];
  }
}

interface Vector {
  /** Term ids, heaviest first. */
  terms: Int32Array;
  /** Weights of `terms`, scaled by the norm of the whole vector. */
  weights: Float64Array;
}

/** For every document, its most similar other documents, best first. */
export function similarDocuments(documents: readonly SimilarityDocument[], options: SimilarityOptions = {}): Map<string, SimilarMatch[]> {
  const {
    limit = 3,
    threshold = 0.08,
    termsPerDocument = 150,
    postingsPerTerm = 100,
    maxDocumentFrequency = 0.5,
    exclude,
    factorWeight = 0.1,
  } = options;
  const n = documents.length;
  const ids = new Map<string, number>();
  const df: number[] = [];
  const counts = documents.map((doc) => {
    const tf = new Map<number, number>();
    for (const [token, count] of decodeTerms(doc.terms)) {
      let id = ids.get(token);
      if (id === undefined) ids.set(token, (id = ids.size));
      tf.set(id, count);
    }
    for (const id of tf.keys()) df[id] = (df[id] ?? 0) + 1;
    return tf;
  });
  const maxDf = Math.max(2, Math.floor(n * maxDocumentFrequency));

  // Sparse, truncated vectors. The norm is taken over the whole vector, so
  // truncation only drops the smallest contributions to a cosine.
  const vectors: Vector[] = counts.map((tf) => {
    const weighted: [number, number][] = [];
    let norm = 0;
    for (const [term, count] of tf) {
      const f = df[term]!;
      const w = (1 + Math.log(count)) * Math.log(n / f);
      if (w <= 0) continue;
      norm += w * w;
      if (f >= 2 && f <= maxDf) weighted.push([term, w]);
    }
    weighted.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const kept = weighted.slice(0, termsPerDocument);
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    return { terms: Int32Array.from(kept, ([t]) => t), weights: Float64Array.from(kept, ([, w]) => w * scale) };
  });

  // Each term's posting list keeps only the documents where the term weighs
  // most: they find the candidates; exact cosines then rank them.
  const lists: { doc: number; weight: number }[][] = Array.from({ length: ids.size }, () => []);
  vectors.forEach((v, doc) => v.terms.forEach((term, i) => lists[term]!.push({ doc, weight: v.weights[i]! })));
  const postings = lists.map((list) => {
    if (list.length > postingsPerTerm) {
      list.sort((a, b) => b.weight - a.weight || a.doc - b.doc);
      list.length = postingsPerTerm;
    }
    return { docs: Int32Array.from(list, (p) => p.doc), weights: Float64Array.from(list, (p) => p.weight) };
  });

  const wanted = limit * 4;
  const result = new Map<string, SimilarMatch[]>();
  const scores = new Float64Array(n);
  const dense = new Float64Array(ids.size);
  const touched: number[] = [];
  vectors.forEach((v, doc) => {
    for (let i = 0; i < v.terms.length; i++) {
      const w = v.weights[i]!;
      const list = postings[v.terms[i]!]!;
      for (let j = 0; j < list.docs.length; j++) {
        const other = list.docs[j]!;
        if (other === doc) continue;
        if (scores[other] === 0) touched.push(other);
        scores[other] = scores[other]! + w * list.weights[j]!;
      }
    }
    // The best few by approximate score, kept sorted (a bounded insertion, not a full sort).
    const candidates: number[] = [];
    for (const other of touched) {
      const approx = scores[other]!;
      if (candidates.length === wanted && approx <= scores[candidates[wanted - 1]!]!) continue;
      let at = candidates.length === wanted ? wanted - 1 : candidates.length;
      while (at > 0 && scores[candidates[at - 1]!]! < approx) {
        candidates[at] = candidates[at - 1]!;
        at--;
      }
      candidates[at] = other;
    }
    for (const other of touched) scores[other] = 0;
    touched.length = 0;

    // Exact cosines (over the kept terms) for the candidates.
    for (let i = 0; i < v.terms.length; i++) dense[v.terms[i]!] = v.weights[i]!;
    const id = documents[doc]!.id;
    const matches: SimilarMatch[] = [];
    for (const other of candidates) {
      const o = vectors[other]!;
      let score = 0;
      for (let i = 0; i < o.terms.length; i++) score += dense[o.terms[i]!]! * o.weights[i]!;
      const otherId = documents[other]!.id;
      // Factors only re-rank candidates the text found: the text keeps the search near-linear.
      score += factorWeight * factorOverlap(documents[doc]!.factors, documents[other]!.factors);
      if (score >= threshold && !exclude?.(id, otherId)) matches.push({ id: otherId, score: Math.min(1, score) });
    }
    for (let i = 0; i < v.terms.length; i++) dense[v.terms[i]!] = 0;
    matches.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
    result.set(id, matches.slice(0, limit));
  });
  return result;
}

/** What "similar incidents" is computed from, as plain data (it crosses to a worker thread in `astro dev`). */
export interface SimilarityInput {
  /** Each document's counted words are in a file (`writeTerms`), read where the computation runs. */
  documents: (Omit<SimilarityDocument, 'terms'> & { termsFile: string })[];
  /** Per postmortem, the ones never to report as similar to it (its explicitly related ones). */
  excluded: [id: string, ids: string[]][];
}

/** `similarDocuments` with the site's exclusions: on the page's thread in a build, in `similarity-worker.ts` in dev. */
export function similarFor({ documents, excluded }: SimilarityInput, readTerms: (file: string) => string): Map<string, SimilarMatch[]> {
  const sets = new Map(excluded.map(([id, ids]) => [id, new Set(ids)]));
  const withTerms = documents.map(({ termsFile, ...doc }) => ({ ...doc, terms: termsFile ? readTerms(termsFile) : '' }));
  return similarDocuments(withTerms, { exclude: (a, b) => sets.get(a)?.has(b) ?? false });
}
