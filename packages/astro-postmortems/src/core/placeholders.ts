/**
 * Text that stands in for content a person has not written yet: the guidance
 * `npm run new` scaffolds, the sentence `npm run import` writes where the source
 * had no such section, and owners that name nobody. A draft may hold them;
 * `content/placeholder` refuses them once a postmortem is up for review.
 * `test/placeholders.test.ts` checks that every placeholder the scaffold writes
 * is listed here, so the two cannot drift apart.
 */

/** A scaffold guidance quote starts with this. */
export const GUIDANCE_QUOTE = 'Replace this quote';

/** `npm run import` writes this (in italics) under a required section the source did not have. */
export const IMPORT_MISSING_SECTION = 'This section was not in the imported document';

/** Italic placeholders of the scaffold (`src/cli/scaffold.ts`), compared after trimming and lower-casing. */
export const SCAFFOLD_PLACEHOLDERS: readonly string[] = [
  'from when to when, in which offset',
  'how many, which ones, what they could not do',
  'none, or SLA credits, refunds, lost orders',
  'breached or not, and how much error budget it used',
  'whether any data was lost or exposed',
  'what users saw',
  'that',
  '…',
  'Conditions that did not cause the incident on their own but made it more likely, larger or longer.',
  'Conditions that did not cause the incident on their own but made it more likely, larger or longer; list each in contributingFactors in the frontmatter too, with a category, so the site can show what keeps contributing across incidents.',
  'which alert or person noticed, and how',
  'A key decision or action, and why it made sense with what was known then',
  'what stopped the impact',
  'what brought the system back to normal',
  'what helped: tooling, runbooks, people being available, a fast rollback',
  'what made it worse or slower; did monitoring or an alert catch it, and how fast?',
  'what limited the damage by chance and will not next time',
  'write this part',
];

/** The scaffold's timeline entries before a time is filled in. */
export const TIME_PLACEHOLDER = 'HH:MM';

/** Owners (and titles) that name nobody in particular, lower-cased: an item everyone owns, nobody does. */
export const PLACEHOLDER_OWNERS: readonly string[] = [
  'everyone',
  'everybody',
  'all',
  'team',
  'the team',
  'tbd',
  'tbc',
  'tba',
  'n/a',
  'na',
  'none',
  'nobody',
  'unknown',
  'unassigned',
  'todo',
  '?',
  '-',
  '—',
];

export const PLACEHOLDER_TITLES: readonly string[] = ['tbd', 'tbc', 'tba', 'todo', 'n/a', 'na', 'none', '?', '-', '—', 'placeholder'];

// Compared as text: a code span in a placeholder (`contributingFactors`) reads the same with or without its backticks.
const normalise = (text: string) => text.replaceAll('`', '').trim().toLowerCase();
const scaffoldSet = new Set(SCAFFOLD_PLACEHOLDERS.map(normalise));

export function isScaffoldPlaceholder(emphasisText: string): boolean {
  return scaffoldSet.has(normalise(emphasisText));
}

export function isPlaceholderOwner(owner: string): boolean {
  return PLACEHOLDER_OWNERS.includes(owner.trim().toLowerCase());
}

export function isPlaceholderTitle(title: string): boolean {
  return PLACEHOLDER_TITLES.includes(title.trim().toLowerCase());
}
