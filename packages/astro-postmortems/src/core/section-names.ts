/**
 * Names of sections as people write them. Other templates say *Incident
 * summary* for *Executive Summary*, number their headings (`2. Impact`) and end
 * them with colons or question marks; `npm run import` maps headings with this,
 * and `sections/missing` uses it to name the heading that is probably the
 * missing section.
 */
import type { PostmortemConfig } from './config.ts';
import { normalizeHeading } from './rule.ts';
import { distance } from './utils/text.ts';

/** Lower-cased, numbering (`1.`, `IV.`, `Step 2:`), punctuation at the ends and "the"/"our" dropped: what a heading means. */
export function sectionKey(text: string): string {
  return normalizeHeading(text)
    .replace(/^(?:\d+(?:\.\d+)*[.)]?|[ivx]+[.)]|[a-z][.)])\s+/, '')
    .replace(/[’']/g, "'")
    .replace(/^[\s\-–—:*_#.]+|[\s\-–—:?!*_#.]+$/g, '')
    .replace(/\s*&\s*/g, ' and ')
    .replace(/^(?:the|our)\s+/, '');
}

/** Configured title → every key that means it (its own included). */
export function synonymKeys(config: PostmortemConfig): Map<string, string[]> {
  const titles = [...config.requiredSections, ...config.lessonsSubsections];
  return new Map(titles.map((title) => [title, [...new Set([title, ...(config.sectionSynonyms[title] ?? [])].map(sectionKey))]]));
}

/** The configured title (required section or lessons sub-heading) that `heading` means, by synonym; `undefined` when none. */
export function sectionFor(heading: string, config: PostmortemConfig): string | undefined {
  const key = sectionKey(heading);
  if (!key) return undefined;
  for (const [title, keys] of synonymKeys(config)) if (keys.includes(key)) return title;
  return undefined;
}

/**
 * Whether `heading` is probably `title`: a synonym, or a typo of the title or a synonym (edit distance at most a
 * third of the length, and at least 2 allowed).
 */
export function probablySection(heading: string, title: string, config: PostmortemConfig): boolean {
  const key = sectionKey(heading);
  if (!key) return false;
  const keys = synonymKeys(config).get(title) ?? [sectionKey(title)];
  if (keys.includes(key)) return true;
  return keys.some((k) => {
    const limit = Math.max(2, Math.floor(k.length / 3));
    return distance(key, k, limit) <= limit;
  });
}
