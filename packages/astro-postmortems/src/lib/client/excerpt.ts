/**
 * Search excerpts that read as prose: taken from a section of the postmortem
 * (not from the page's title block when a section matches too), and starting
 * at the beginning of a sentence. Pagefind's own excerpt is a window of words
 * around the densest matches, which starts mid-sentence and runs headings and
 * lists together; this picks its best match the same way and then widens the
 * window to the sentence around it. Pure: the panel (`search.ts`) draws the
 * words as text and `<mark>` elements, never as HTML.
 */

/** Words an excerpt shows after the start of its sentence, before it is cut. */
export const EXCERPT_WORDS = 28;
/** Words looked back from the best match for the start of its sentence; further, the excerpt starts with "…". */
export const SENTENCE_LOOKBACK = 40;
/** Words an excerpt may run past `EXCERPT_WORDS` to end with its sentence rather than mid-way. */
export const SENTENCE_RUN_ON = 10;

/** Pagefind splits page text into words on white space (`word_separators` in pagefind.js); locations index these words. */
const WORDS = /[^\S\uFEFF]+/;
const SENTENCE_END = /[.!?:;]["'”’)\]]*$/;

export interface WeightedLocation {
  location: number;
  balanced_score: number;
}

/** What the excerpt needs of a Pagefind result (`await result.data()`). */
export interface ExcerptSource {
  /** The page's text with `<` and `>` escaped, as Pagefind keeps it. */
  raw_content: string;
  url: string;
  sub_results?: {
    title: string;
    url: string;
    anchor?: { location: number };
    weighted_locations: WeightedLocation[];
  }[];
  weighted_locations: WeightedLocation[];
}

export interface Excerpt {
  /** The words shown, in order (separated by spaces), the matched ones marked. */
  words: { text: string; mark: boolean }[];
  /** The section the words come from (`Root Cause`), and its address; none for the page's opening. */
  section?: { title: string; url: string };
  /** Text was left out before / after the shown words. */
  leading: boolean;
  trailing: boolean;
}

const unescape = (word: string) => word.replaceAll('&lt;', '<').replaceAll('&gt;', '>');

/**
 * The excerpt of one result: the section whose matches weigh most (the page's opening only when no section
 * matches), the sentence of its best match, marked.
 */
export function sentenceExcerpt(data: ExcerptSource, length = EXCERPT_WORDS): Excerpt {
  const words = data.raw_content.includes('\u200B') ? data.raw_content.split('\u200B') : data.raw_content.split(WORDS);
  const subs = (data.sub_results ?? []).map((s, i, all) => ({
    title: s.title,
    url: s.url,
    start: s.anchor?.location ?? 0,
    end: all.slice(i + 1).find((n) => n.anchor)?.anchor?.location ?? words.length,
    locations: s.weighted_locations,
    opening: !s.anchor,
  }));
  const weight = (ls: readonly WeightedLocation[]) => ls.reduce((sum, l) => sum + l.balanced_score, 0);
  const sections = subs.filter((s) => !s.opening && s.locations.length);
  const candidates = sections.length ? sections : subs.filter((s) => s.locations.length);
  const region = candidates.sort((a, b) => weight(b.locations) - weight(a.locations) || a.start - b.start)[0] ?? {
    title: '',
    url: data.url,
    start: 0,
    end: words.length,
    locations: data.weighted_locations,
    opening: true,
  };
  const best =
    [...region.locations].sort((a, b) => b.balanced_score - a.balanced_score || a.location - b.location)[0]?.location ?? region.start;

  // Back to the start of the sentence (a heading ends with the full stop Pagefind adds after it).
  let from = best;
  while (from > region.start && !SENTENCE_END.test(words[from - 1] ?? '') && best - from < SENTENCE_LOOKBACK) from--;
  const leading = from > region.start && !SENTENCE_END.test(words[from - 1] ?? '');
  // Forward, to the end of a sentence when one is near.
  let to = Math.min(region.end, from + Math.max(length, best - from + 1));
  for (let i = to; i < Math.min(region.end, to + SENTENCE_RUN_ON); i++) {
    if (SENTENCE_END.test(words[i - 1] ?? '')) break;
    if (SENTENCE_END.test(words[i] ?? '')) {
      to = i + 1;
      break;
    }
  }
  const trailing = to < region.end && !SENTENCE_END.test(words[to - 1] ?? '');

  const marked = new Set(region.locations.map((l) => l.location));
  const shown = words.slice(from, to).map((w, i) => ({ text: unescape(w), mark: marked.has(from + i) }));
  return { words: shown, ...(region.opening ? {} : { section: { title: region.title, url: region.url } }), leading, trailing };
}
