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
    .replace(/^[\s\-–—:*_#.]+|(?<![\s\-–—:?!*_#.])[\s\-–—:?!*_#.]+$/g, '')
    .replace(/(?<!\s)\s*&\s*/g, ' and ')
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

/**
 * Words that carry no meaning of their own in a section heading: qualifiers ("of the outage", "(all times UTC)" is
 * dropped before), articles, and the words every section of a postmortem shares.
 */
const FILLER = new Set([
  'a',
  'an',
  'the',
  'of',
  'and',
  'or',
  'to',
  'for',
  'on',
  'in',
  'our',
  'we',
  'us',
  'this',
  'that',
  'these',
  'it',
  'its',
  'from',
  'with',
  'by',
  'about',
  'incident',
  'outage',
  'issue',
  'event',
  'events',
  'postmortem',
  'post',
  'mortem',
  'report',
  'all',
  'times',
  'time',
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'do',
  'did',
  'doing',
  'have',
  'has',
  'can',
  'could',
  'what',
  'plan',
  'response',
  'analysis',
  'now',
  'how',
  'why',
  'here',
  'there',
  'further',
]);

/** Heading words to compare: lower-cased, parenthesised qualifiers and numbering dropped, plural and tense folded. */
export function headingWords(text: string): string[] {
  const key = sectionKey(text.replace(/\([^()]*\)|\[[^[\]]*\]/g, ' '));
  return key
    .split(/[^a-z0-9';]+/)
    .map((w) => w.replace(/'s$|'/g, ''))
    .filter(Boolean)
    .map(stem);
}

function stem(word: string): string {
  if (word === 'learnt' || word === 'learned' || word === 'learnings' || word === 'learning') return 'learn';
  if (word === 'whys') return 'why';
  if (word === 'didnt' || word === "didn't") return 'not';
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * Phrases that say what a heading is about beyond the configured synonyms, for headings as real postmortems
 * write them ("What we're doing about it", "What are we changing?", "How did this happen", "Remediation plan",
 * "Impact Analysis", "Response timeline"). Each is scored like a synonym.
 */
const CUES: Record<string, string[]> = {
  'Executive Summary': ['summary', 'overview', 'tl;dr', 'synopsis'],
  'Business Impact': ['impact', 'impacted', 'affected', 'consequences'],
  'Root Cause': ['root cause', 'cause', 'happen', 'why', 'contributing factor', 'trigger'],
  Timeline: ['timeline', 'chronology', 'sequence'],
  'Lessons Learned': ['lesson', 'learn', 'takeaway', 'reflection', 'improve'],
  'Action Items': [
    'action',
    'follow up',
    'followup',
    'follow',
    'remediation',
    'next step',
    'corrective',
    'preventive',
    'preventative',
    'prevention',
    'preventing recurrence',
    'todo',
    'changing',
    'change making',
    'doing about',
  ],
  'What went well': ['went well', 'worked', 'went right'],
  'What went wrong': ['went wrong', 'not work', 'went poorly', 'could better'],
  'Where we got lucky': ['lucky', 'luck'],
};

export interface SectionScore {
  /** A configured required section or lessons sub-heading. */
  title: string;
  /** 0–1: the share of the heading's meaningful words that a synonym or cue of the title accounts for. */
  score: number;
}

/**
 * How well `heading` matches each configured section: for every synonym (and cue phrase) of a title whose words
 * all occur in the heading, the share of the heading's meaningful words they cover; the best one per title, best
 * title first. "Timeline (all times PST)", "Root cause of the outage" and "Issue Summary" score 1; an exact synonym
 * always does.
 */
export function scoreHeading(heading: string, config: PostmortemConfig): SectionScore[] {
  const exact = sectionFor(heading, config);
  const words = headingWords(heading);
  const meaningful = words.filter((w) => !FILLER.has(w));
  const scores: (SectionScore & { at?: number })[] = [];
  for (const [title, keys] of synonymKeys(config)) {
    if (exact === title) {
      scores.push({ title, score: 1, at: -1 });
      continue;
    }
    // The words of the heading that some synonym or cue of this title accounts for (each phrase only when all its
    // words are there), over the heading's meaningful words.
    const covered = new Set<string>();
    let matched = false;
    let at = Infinity;
    for (const phrase of [...keys, ...(CUES[title] ?? [])]) {
      const need = headingWords(phrase);
      if (!need.length || !need.every((w) => words.includes(w))) continue;
      matched = true;
      for (const w of need) if (meaningful.includes(w)) covered.add(w);
      at = Math.min(at, ...need.map((w) => words.indexOf(w)));
    }
    const score = meaningful.length ? covered.size / meaningful.length : 1;
    if (matched && score > 0) scores.push({ title, score, at });
  }
  // Equal scores: the title named first in the heading ("Impact Analysis" is about impact).
  return scores.sort((a, b) => b.score - a.score || (a.at ?? 0) - (b.at ?? 0)).map(({ title, score }) => ({ title, score }));
}

/** The section a heading most probably is: the best-scoring title, when it covers more than half the heading's words. */
export function bestSection(heading: string, config: PostmortemConfig, threshold = 0.6): SectionScore | undefined {
  const [first] = scoreHeading(heading, config);
  return first && first.score >= threshold ? first : undefined;
}
