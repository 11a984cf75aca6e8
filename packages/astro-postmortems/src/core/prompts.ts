/**
 * One set of prompts for writing a postmortem: the questions `postmortems new` asks on a terminal and the fields of
 * the site's writing page (`/write/`) take their labels, placeholders and help from here, and check an answer with
 * the same validators, so the two cannot drift (test/prompts.test.ts holds both to it). The help is the schema's
 * own description of the field (`frontmatter-schema.ts`); limits come from the schema too.
 */
import type { PostmortemConfig } from './config.ts';
import { factorDescriptionSchema, KEBAB, titleSchema } from './frontmatter-schema.ts';
import { code } from './rule.ts';
import { closest, slugify } from './utils/text.ts';
import { isIsoDateTimeWithOffset } from './utils/time.ts';

export interface Prompt {
  /** The question on a terminal, the label of the field on the page. */
  label: string;
  /** An example answer, shown dimmed until the author types. */
  placeholder?: string;
  /** What the field means (the schema's description where it has one). */
  help?: string;
}

const describe = (schema: { description?: string | undefined }): string => schema.description ?? '';

/** Every question, by field. */
export const PROMPTS = {
  title: {
    label: 'Title: what failed, for whom?',
    placeholder: 'Checkout API returned errors after a config push',
    help: describe(titleSchema),
  },
  severity: { label: 'Severity', help: 'One of the configured severity levels, most critical first.' },
  services: {
    label: 'Affected services (kebab-case, comma-separated)',
    placeholder: 'checkout-api, payments-db',
    help: 'Affected services, kebab-case, at least one.',
  },
  started: {
    label: 'When did the impact start?',
    placeholder: '2026-11-20T14:05:00Z',
    help: 'When the impact began, ISO 8601 with offset. Its date, in this offset, starts the file name.',
  },
  authors: {
    label: 'Authors (who writes it, comma-separated)',
    placeholder: 'Dana Okafor, sre-team',
    help: 'Who wrote the postmortem (not who was involved), at least one.',
  },
  slug: {
    label: 'File name slug (kebab-case)',
    help: "The postmortem's id for good (links, `related`): the incident's date, then this slug. The title's is offered; shorten it if you like.",
  },
  factors: {
    label: 'Contributing factors, if known',
    help: 'Conditions that made the incident more likely, larger or longer; never a person. Often named in the review: you can add them later.',
  },
  factorDescription: {
    label: 'Contributing factor: what condition in the system or process?',
    placeholder: describe(factorDescriptionSchema),
    help: describe(factorDescriptionSchema),
  },
  nearMiss: {
    label: 'A near miss (it could have hurt and did not)',
    help: 'Written up like an incident, counted apart; a shorter scaffold, and `impact` may be left out.',
  },
} as const satisfies Record<string, Prompt>;

/** The schema's limits, so the prompts ask for exactly what `check` accepts. */
export const TITLE = { min: titleSchema.minLength!, max: titleSchema.maxLength! };
export const FACTOR = { min: factorDescriptionSchema.minLength!, max: factorDescriptionSchema.maxLength! };

/** Splits repeated and comma-separated values, dropping blanks. */
export function list(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Each validator returns an error sentence, or `undefined` when the value is fine. */
export function validateTitle(title: string | undefined): string | undefined {
  const t = (title ?? '').trim();
  if (t.length < TITLE.min)
    return `Unexpected title ${code(t)} (${t.length} characters), expected ${TITLE.min}–${TITLE.max} characters; say what failed and for whom, e.g. \`Checkout API returned errors after a config push\``;
  if (t.length > TITLE.max)
    return `Unexpected title of ${t.length} characters, expected at most ${TITLE.max}; move the details to the Executive Summary`;
  return undefined;
}

export function validateSeverity(severity: string | undefined, config: PostmortemConfig): string | undefined {
  if (severity !== undefined && config.severities.includes(severity)) return undefined;
  return `Unexpected severity ${code(severity ?? '')}, expected one of ${config.severities.map((v) => code(v)).join(', ')} (configured in postmortems.config.ts)`;
}

export function validateServices(services: readonly string[]): string | undefined {
  if (!services.length) return 'Expected at least one service, such as `checkout-api`; separate several with commas';
  const bad = services.find((s) => !KEBAB.test(s));
  if (bad !== undefined) {
    const suggestion = slugify(bad);
    return `Unexpected service name ${code(bad)}, expected kebab-case (lowercase letters, digits and single hyphens)${suggestion ? `, e.g. ${code(suggestion)}` : ''}`;
  }
  return undefined;
}

export function validateStarted(started: string | undefined): string | undefined {
  if (started !== undefined && isIsoDateTimeWithOffset(started)) return undefined;
  return `Unexpected incident start ${code(started ?? '')}, expected an ISO 8601 date-time with offset, such as \`2026-11-20T14:05:00Z\` or \`2026-11-20T09:05:00-05:00\``;
}

export function validateAuthors(authors: readonly string[]): string | undefined {
  return authors.length
    ? undefined
    : 'Expected at least one author (who writes the postmortem, not who was involved); separate several with commas';
}

export function validateSlug(slug: string): string | undefined {
  if (KEBAB.test(slug)) return undefined;
  return `Unexpected slug ${code(slug)}, expected kebab-case (lowercase letters, digits and single hyphens); pass one with \`--slug\`, e.g. \`--slug checkout-config-push\``;
}

export interface Factor {
  category: string;
  description: string;
}

/** `category:description` as given to `--factor` (the description may hold colons). */
export function parseFactor(value: string): Factor {
  const at = value.indexOf(':');
  return at === -1
    ? { category: value.trim(), description: '' }
    : { category: value.slice(0, at).trim(), description: value.slice(at + 1).trim() };
}

export function validateFactorCategory(category: string, config: PostmortemConfig): string | undefined {
  const categories = Object.keys(config.factorCategories);
  if (categories.includes(category)) return undefined;
  const guess = closest(category, categories);
  return `Unexpected contributing-factor category ${code(category)}, expected one of ${categories.map((v) => code(v)).join(', ')}${guess ? `; did you mean ${code(guess)}?` : ''} (configured in postmortems.config.ts)`;
}

export function validateFactorDescription(description: string | undefined): string | undefined {
  const d = (description ?? '').trim();
  if (d.length < FACTOR.min)
    return `Unexpected contributing-factor description ${code(d)} (${d.length} characters), expected ${FACTOR.min}–${FACTOR.max} characters naming the condition in the system or process, e.g. \`configuration:The pool size had no range check\``;
  if (d.length > FACTOR.max)
    return `Unexpected contributing-factor description of ${d.length} characters, expected at most ${FACTOR.max}; keep the detail in Root Cause`;
  return undefined;
}
