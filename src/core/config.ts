/**
 * The one typed place for everything a team may tune: site identity, severity
 * levels, required sections, blameless wording and the MDX allow-list.
 * Defaults are the contract's (`docs/format.md`); the Astro
 * integration, the `check` CLI and the remark-lint preset all read this.
 */
import { z } from 'astro/zod';

const blamelessPhrase = z.object({
  /** A case-insensitive regular expression (source only, no slashes); Unicode property escapes such as `\p{L}` are allowed. */
  pattern: z.string().min(1),
  /** What to write instead; shown in the warning. */
  suggestion: z.string().min(1),
});

const allowedElement = z.object({
  /** Attributes allowed on this element, besides the global ones. Values must be literal strings. */
  attributes: z.array(z.string()).default([]),
});

export const DEFAULT_SEVERITIES = ['P1', 'P2', 'P3', 'P4'] as const;

export const DEFAULT_REQUIRED_SECTIONS = [
  'Executive Summary',
  'Business Impact',
  'Root Cause',
  'Timeline',
  'Lessons Learned',
  'Action Items',
] as const;

export const DEFAULT_LESSONS_SUBSECTIONS = ['What went well', 'What went wrong', 'Where we got lucky'] as const;

/** Blame-oriented wording and the systems-oriented alternative the warning suggests. */
export const DEFAULT_BLAMELESS_PHRASES: z.output<typeof blamelessPhrase>[] = [
  { pattern: String.raw`\bhuman errors?\b`, suggestion: 'describe the condition in the system or process that made the action possible' },
  { pattern: String.raw`(?<=[a-z])['’]s fault\b|\bat fault\b|\bfault of\b`, suggestion: 'describe what in the system allowed the failure, not who caused it' },
  { pattern: String.raw`\bto blame\b|\bblamed?\b`, suggestion: 'describe contributing factors instead of assigning blame' },
  { pattern: String.raw`\bcareless(?:ly|ness)?\b`, suggestion: 'describe which safeguard was missing' },
  { pattern: String.raw`\bnegligen(?:t|ce)\b`, suggestion: 'describe which safeguard was missing' },
  { pattern: String.raw`\bshould have known\b`, suggestion: 'describe what information was not available at the time, and why' },
  { pattern: String.raw`\bshould have (?:checked|noticed|caught|realized|realised)\b`, suggestion: 'describe which check or signal the process did not provide' },
  { pattern: String.raw`\bforgot to\b`, suggestion: 'describe which step the process or tooling did not enforce' },
  { pattern: String.raw`\b(?:sloppy|lazy|incompetent|incompetence|stupid)\b`, suggestion: 'describe the system conditions, not the people' },
  { pattern: String.raw`\b(?:his|her|their) mistake\b|\bmistake (?:by|of) [a-z]`, suggestion: 'describe the action and what in the system let it cause harm' },
];

/** Formatting tags the contract allows in every postmortem. */
export const DEFAULT_ALLOWED_ELEMENTS: Record<string, z.output<typeof allowedElement>> = {
  br: { attributes: [] },
  sup: { attributes: [] },
  sub: { attributes: [] },
  kbd: { attributes: [] },
  abbr: { attributes: ['title'] },
  mark: { attributes: [] },
  del: { attributes: ['datetime'] },
  ins: { attributes: ['datetime'] },
  details: { attributes: ['open'] },
  summary: { attributes: [] },
};

export const configSchema = z
  .object({
    /** Site name shown in the header, page titles and the feed. */
    title: z.string().min(1).default('Incident Postmortems'),
    /** One sentence under the title on the home page and in social meta tags. */
    description: z.string().default('Blameless postmortems of our incidents: what happened, why, and what we changed.'),
    /** URL of the repository holding the postmortems; enables "Edit" and "History" links. */
    repository: z
      .object({
        /** Web URL of the repository, e.g. `https://github.com/acme/postmortems`. */
        url: z.url(),
        /** Branch the site is built from. */
        branch: z.string().default('main'),
      })
      .optional(),
    /** Severity levels, most critical first. */
    severities: z.array(z.string().min(1)).min(1).default([...DEFAULT_SEVERITIES]),
    /** Level-2 headings every postmortem must have, in this order. */
    requiredSections: z.array(z.string().min(1)).min(1).default([...DEFAULT_REQUIRED_SECTIONS]),
    /** The required section that may stay empty because the site renders the action items there. */
    actionItemsSection: z.string().default('Action Items'),
    /** The required section holding the timeline (checked by `timeline/order`). */
    timelineSection: z.string().default('Timeline'),
    /** The required section holding the lessons (checked by `lessons/subsections`). */
    lessonsSection: z.string().default('Lessons Learned'),
    /** Level-3 headings recommended under the lessons section. */
    lessonsSubsections: z.array(z.string()).default([...DEFAULT_LESSONS_SUBSECTIONS]),
    /** Blame-oriented phrases reported by `blameless/language`. */
    blamelessPhrases: z.array(blamelessPhrase).default(DEFAULT_BLAMELESS_PHRASES),
    /** JSX/HTML elements allowed in postmortems, with their allowed attributes. */
    allowedElements: z.record(z.string(), allowedElement).default(DEFAULT_ALLOWED_ELEMENTS),
    /** Attributes allowed on every allowed element. */
    globalAttributes: z.array(z.string()).default(['id', 'title', 'lang', 'dir']),
    /** Per-rule level overrides, e.g. `{ 'privacy/email': 'error', 'lessons/subsections': 'off' }`. */
    rules: z.record(z.string(), z.enum(['error', 'warning', 'off'])).default({}),
    /** Origin the deployed site is served from, e.g. `https://postmortems.internal.acme.com`; the `SITE_URL` environment variable wins. Canonical links, the feed and the sitemap use it. */
    siteUrl: z.url().optional(),
    /** Path the site is served under, e.g. `/postmortems/`; the `BASE_PATH` environment variable wins. */
    basePath: z.string().regex(/^\//, 'starts with /').optional(),
    /** Logo in the header, a file under `public/` (put yours in `public/brand/`, which upstream never touches), e.g. `brand/logo.svg`; default: a document icon. */
    logo: z.string().regex(/^[\w./-]+$/, 'a path under public/, e.g. brand/logo.svg').refine((p) => !p.split('/').includes('..'), 'stays inside public/').optional(),
    /** Favicon, a file under `public/`, e.g. `brand/favicon.svg`; default: `favicon.svg`. */
    favicon: z.string().regex(/^[\w./-]+$/, 'a path under public/, e.g. brand/favicon.svg').refine((p) => !p.split('/').includes('..'), 'stays inside public/').optional(),
    /** Let search engines index the site. Off by default: every page has `<meta name="robots" content="noindex, nofollow">` and `robots.txt` disallows everything. */
    indexing: z.boolean().default(false),
  })
  .strict();

export type PostmortemConfig = z.output<typeof configSchema>;
export type PostmortemConfigInput = z.input<typeof configSchema>;

/** Validates user options and fills in the contract's defaults. */
export function resolveConfig(input: PostmortemConfigInput = {}): PostmortemConfig {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const details = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid postmortem configuration:\n${details}`);
  }
  return result.data;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Typed helper for `postmortems.config.ts`. */
export function defineConfig(config: PostmortemConfigInput): PostmortemConfigInput {
  return config;
}

export const CONFIG_FILE = 'postmortems.config.ts';
