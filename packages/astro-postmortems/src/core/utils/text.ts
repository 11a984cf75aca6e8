/** Small text helpers shared by rules and pages. */

/** Levenshtein distance, giving up (returning `limit + 1`) once it must exceed `limit`. */
export function distance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    let rowMin = prev[0];
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
      if (prev[j]! < rowMin) rowMin = prev[j]!;
    }
    if (rowMin > limit) return limit + 1;
  }
  return prev[b.length]!;
}

/** The candidate closest to `word`, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(word.length / 3));
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestScore = limit + 1;
  for (const c of candidates) {
    // Most candidates differ in length by more than the limit: skip them before any work.
    if (Math.abs(c.length - word.length) >= bestScore) continue;
    const d = distance(lower, c.toLowerCase(), bestScore - 1);
    if (d < bestScore) {
      best = c;
      bestScore = d;
    }
  }
  return best;
}

/** Longest slug `slugify` makes: file names stay readable in lists and terminals. */
export const SLUG_MAX = 60;

/**
 * Turns a title into a kebab-case slug of at most `SLUG_MAX` characters, cut at a word boundary (a slug ending
 * `-after-a-kafk` reads as a typo); only a single word longer than the limit is cut inside.
 */
export function slugify(text: string): string {
  const full = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|(?<!-)-+$/g, '');
  if (full.length <= SLUG_MAX) return full;
  const cut = full.slice(0, SLUG_MAX + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : full.slice(0, SLUG_MAX)).replace(/(?<!-)-+$/g, '');
}

/** `1 error`, `2 errors`: the count and the noun it agrees with; `shown` is how the count is written (default: its digits). */
export function plural(count: number, noun: string, nouns = `${noun}s`, shown = String(count)): string {
  return `${shown} ${count === 1 ? noun : nouns}`;
}

/** YAML double-quoted scalar: JSON strings are valid YAML and escape everything that matters. */
export function yamlString(value: string): string {
  return JSON.stringify(value);
}

/** A bare word such as `P2` stays plain, like in hand-written files; anything YAML could misread is quoted. */
export function yamlWord(value: string): string {
  return /^[A-Za-z][\w.-]*$/.test(value) && !/^(?:true|false|null|yes|no|on|off|y|n)$/i.test(value) ? value : yamlString(value);
}
