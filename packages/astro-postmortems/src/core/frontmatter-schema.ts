/**
 * The frontmatter schema (contract §2). One factory, used by the checker, the
 * content collection and the JSON Schema for editors; the one place each
 * field is described (zod `.meta({ description })`).
 */
import { z } from 'astro/zod';
import { isIsoDate, isIsoDateTimeWithOffset } from './utils/time.ts';
import { isTrackerId, TICKET_ID_LIKE, type TrackerConfig } from './utils/tracker.ts';
import { INTERNAL_FIELDS } from './publishing.ts';

/** Service names, tags and file-name slugs: lowercase letters, digits and single hyphens. */
export const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const kebab = (what: string) =>
  z
    .string()
    .regex(KEBAB, { message: `Expected a kebab-case ${what} such as \`checkout-api\` (lowercase letters, digits and single hyphens)` });

/** A date-time that is right but for the offset: the most common slip, so it gets its own hint. */
const WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

const dateTime = z
  .string({
    message: 'Expected an ISO 8601 date-time with offset, such as `2024-10-15T14:05:00Z`; quote it if YAML reads it as something else',
  })
  .refine(isIsoDateTimeWithOffset, {
    error: (issue) =>
      typeof issue.input === 'string' && WITHOUT_OFFSET.test(issue.input)
        ? 'Expected an offset after the time, such as `Z` for UTC or `-05:00`; add the offset of the clock the time was read from'
        : 'Expected an ISO 8601 date-time with offset naming a real day and time, such as `2024-10-15T14:05:00Z` or `2024-10-15T09:05:00-05:00`',
  });

const date = z
  .string({ message: 'Expected a date `YYYY-MM-DD`' })
  .refine(isIsoDate, { message: 'Expected a real calendar date `YYYY-MM-DD`, such as `2024-11-30`' });

export const ACTION_ITEM_STATUSES = ['open', 'in-progress', 'done', 'wont-do'] as const;
export const ACTION_ITEM_TYPES = ['prevent', 'detect', 'mitigate', 'process'] as const;
export const POSTMORTEM_STATUSES = ['draft', 'in-review', 'published'] as const;
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];
/** §7: a near miss could have hurt and did not; it is written up like an incident, counted apart. */
export const POSTMORTEM_KINDS = ['incident', 'near-miss'] as const;

/** The title's rule, shared with `npm run new`'s prompt: 8–140 characters. */
export const titleSchema = z
  .string()
  .trim()
  .min(8, { message: 'Expected a title of at least 8 characters' })
  .max(140, { message: 'Expected a title of at most 140 characters' })
  .meta({ description: 'Headline of the incident, 8–140 characters: what failed, for whom.' });

/** A contributing factor's description, shared with `npm run new`'s prompt: 8–280 characters. */
export const factorDescriptionSchema = z
  .string()
  .trim()
  .min(8, { message: 'Expected a contributing-factor description of at least 8 characters: the condition in the system or process' })
  .max(280, { message: 'Expected a contributing-factor description of at most 280 characters; keep the detail in Root Cause' })
  .meta({ description: 'The condition in the system or process, never a person: 8–280 characters.' });

/**
 * One contributing factor (§7). The category is any string here and checked
 * against the configured categories by `factors/unknown-category`, so a typo
 * gets one message that names the closest category instead of a bare enum error.
 */
export function contributingFactorSchema() {
  return z.strictObject({
    category: z
      .string()
      .trim()
      .min(1, { message: 'Expected a contributing-factor category such as `configuration`' })
      .meta({ description: 'One of the configured categories (`factorCategories` in postmortems.config.ts).' }),
    description: factorDescriptionSchema,
    internal: internalItem('factor'),
  });
}

/** `internal: true` on one item of a list: left out of external builds, marked on the internal site. */
function internalItem(what: string) {
  return z
    .boolean()
    .optional()
    .meta({
      description: `\`true\`: this ${what} is internal, left out of an external build (\`audience: 'external'\`) and marked on the internal site.`,
    });
}

/** `internal:`, the frontmatter fields external readers do not get. */
const internalFields = z
  .array(z.enum(INTERNAL_FIELDS))
  .optional()
  .meta({
    description: `Frontmatter fields that are internal: left out of an external build (\`audience: 'external'\`) and marked on the internal site. Any of ${INTERNAL_FIELDS.join(', ')}. Mark parts of the body with \`<Internal>…</Internal>\`, one item of a list with \`internal: true\`.`,
  });

const urlLink = z.url({ protocol: /^https?$/, message: 'Expected an http(s) URL to the tracker ticket' });

/** A URL, or (with a tracker configured) a ticket id; without one, an id gets a hint to configure it. */
function linkSchema(tracker: TrackerConfig | undefined) {
  if (!tracker) {
    return z.url({
      protocol: /^https?$/,
      error: (issue) =>
        typeof issue.input === 'string' && TICKET_ID_LIKE.test(issue.input.trim())
          ? 'Expected an http(s) URL to the tracker ticket; to write ticket ids such as `OBS-120`, set `tracker.url` in postmortems.config.ts'
          : 'Expected an http(s) URL to the tracker ticket',
    });
  }
  return z
    .string({ message: 'Expected an http(s) URL or a ticket id' })
    .refine((v) => isTrackerId(v, tracker) || urlLink.safeParse(v).success, {
      message: `Expected an http(s) URL to the tracker ticket, or a ticket id matching \`${tracker.idPattern}\` (\`tracker.idPattern\`)`,
    });
}

/**
 * The word an imported or finished action item may give for an owner or due date its source never recorded
 * (format extension, docs/format.md): a historical item is published as written, nothing invented.
 */
export const UNKNOWN = 'unknown';

/** Whether an item may say `unknown` for its owner or due date: it was imported, or it is finished. */
export function mayBeUnknown(item: { imported?: boolean | undefined; status?: string | undefined }): boolean {
  return item.imported === true || item.status === 'done' || item.status === 'wont-do';
}

const UNKNOWN_NOT_ALLOWED =
  'is `unknown` on an item that is neither `imported: true` nor `done`/`wont-do`; give it, or mark the item as imported from an older document';

export function actionItemSchema(tracker?: TrackerConfig) {
  return z
    .strictObject({
      title: z
        .string()
        .trim()
        .min(1, { message: 'Expected a non-empty action item title' })
        .meta({ description: 'What will be done, as an outcome ("Alert on certificate expiry 14 days ahead").' }),
      description: z
        .string()
        .trim()
        .min(1)
        .optional()
        .meta({ description: 'More about the item: the sub-points written under it (kept by `npm run import`).' }),
      owner: z
        .string()
        .trim()
        .min(1, { message: 'Expected an owner (a team or a handle)' })
        .meta({ description: 'One owner: a team or a handle; `unknown` on an imported or finished item whose source names none.' }),
      due: z
        .string({ message: 'Expected a date `YYYY-MM-DD`' })
        .refine((v) => v === UNKNOWN || isIsoDate(v), {
          message: 'Expected a real calendar date `YYYY-MM-DD`, such as `2024-11-30` (or `unknown` on an imported or finished item)',
        })
        .meta({ description: 'Due date, YYYY-MM-DD; `unknown` on an imported or finished item whose source gives none.' }),
      status: z
        .enum(ACTION_ITEM_STATUSES)
        .default('open')
        .meta({ description: 'Progress; `done` or `wont-do` when finished. Open items past `due` are reported as overdue.' }),
      type: z.enum(ACTION_ITEM_TYPES).optional().meta({ description: 'What kind of change it is.' }),
      link: linkSchema(tracker).optional().meta({ description: 'Tracker ticket URL.' }),
      imported: z.boolean().optional().meta({
        description:
          'Carried over from a postmortem written before this repository (`npm run import`): its owner and due date may be `unknown`.',
      }),
      internal: internalItem('action item'),
    })
    .superRefine((item, ctx) => {
      if (mayBeUnknown(item)) return;
      for (const key of ['owner', 'due'] as const) {
        if (item[key].trim().toLowerCase() === UNKNOWN)
          ctx.addIssue({ code: 'custom', path: [key], message: `\`${key}\` ${UNKNOWN_NOT_ALLOWED}` });
      }
    });
}

/** Shortest reason an exception may give: a word or two (`ok`, `false positive`) explains nothing to a reviewer. */
export const EXCEPTION_REASON_MIN = 20;

/**
 * One accepted finding: the rule, words of the one sentence it accepts, and why. It lives in the postmortem, so
 * the reason is in the pull request's diff and in the file for every later reader.
 */
export const exceptionSchema = z
  .strictObject({
    rule: z
      .string()
      .regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, { message: 'Expected a rule id such as `blameless/blame`' })
      .meta({ description: 'The rule whose finding is accepted, e.g. `blameless/blame`.' }),
    sentence: z.string().trim().min(8, { message: 'Expected at least 8 characters of the sentence, enough to find it' }).meta({
      description:
        'Words of the sentence, as written (case, spacing and quote styles do not matter), enough to find exactly one reported sentence.',
    }),
    reason: z
      .string()
      .trim()
      .min(EXCEPTION_REASON_MIN, { message: `Expected a reason of at least ${EXCEPTION_REASON_MIN} characters that a reviewer can judge` })
      .meta({ description: 'Why the finding is a false positive, for the reviewers of the pull request and every later reader.' }),
  })
  .meta({ description: 'An accepted finding: rule, sentence, reason.' });

export type PostmortemException = z.output<typeof exceptionSchema>;

export interface FrontmatterSchemaOptions {
  /** Allowed severity levels, most critical first. */
  severities: readonly string[];
  /** With a tracker, `actionItems[].link` may be a ticket id. */
  tracker?: TrackerConfig | undefined;
}

/**
 * The frontmatter. Each field's `description` is the one text about it: the JSON Schema (editor hovers),
 * `docs/format.md` and `npm run new` read it from here.
 */
export function frontmatterSchema({ severities, tracker }: FrontmatterSchemaOptions) {
  const severity = z.string().refine((s) => severities.includes(s), {
    message: `Expected one of ${severities.map((s) => `\`${s}\``).join(', ')}`,
  });
  return z
    .strictObject({
      title: titleSchema,
      summary: z
        .string()
        .trim()
        .min(1)
        .optional()
        .meta({ description: 'Optional one-liner for lists, feeds and search; defaults to the first paragraph of the Executive Summary.' }),
      severity: severity.meta({ description: 'One of the configured severity levels, most critical first.' }),
      status: z.enum(POSTMORTEM_STATUSES).meta({
        description:
          '`draft` while writing, `in-review` when the pull request is ready for review (needs `incident.resolved`), `published` after the review.',
      }),
      kind: z.enum(POSTMORTEM_KINDS).default('incident').meta({
        description:
          '`incident` (default) or `near-miss`: an event that could have hurt and did not. A near miss may leave out `impact`; Business Impact then describes the potential impact.',
      }),
      incident: z
        .strictObject({
          started: dateTime.meta({
            description: 'When the impact began, e.g. 2026-11-20T14:05:00Z. Its date, in this offset, starts the file name.',
          }),
          detected: dateTime.optional().meta({ description: 'When an alert or a person first noticed.' }),
          mitigated: dateTime.optional().meta({ description: 'When the impact stopped growing or users stopped being affected.' }),
          resolved: dateTime.optional().meta({
            description: 'When the system was back to normal. Required unless `status: draft`; starts the 7-business-day review clock.',
          }),
        })
        .meta({ description: 'Incident times, ISO 8601 with offset, in order: started ≤ detected ≤ mitigated ≤ resolved.' }),
      services: z
        .array(kebab('service name'))
        .min(1, { message: 'Expected at least one service' })
        .meta({ description: 'Affected services, kebab-case, at least one.' }),
      tags: z.array(kebab('tag')).optional().meta({ description: 'Free tags, kebab-case.' }),
      authors: z
        .array(z.string().trim().min(1))
        .min(1, { message: 'Expected at least one author' })
        .meta({ description: 'Who wrote the postmortem (not who was involved), at least one.' }),
      impact: z
        .strictObject({
          usersAffected: z.number().int().min(0).optional().meta({ description: 'Number of users affected.' }),
          financial: z
            .string()
            .optional()
            .meta({ description: 'Money lost or credited, in words, e.g. `none` or `$12,000 in SLA credits`.' }),
          sloBreached: z.boolean().optional().meta({ description: 'Whether an SLO was breached.' }),
          dataLoss: z.boolean().optional().meta({ description: 'Whether data was lost.' }),
        })
        .optional()
        .meta({ description: 'What users and the business felt.' }),
      contributingFactors: z.array(contributingFactorSchema()).optional().meta({
        description:
          'Conditions that made the incident more likely, larger or longer; one entry per condition, each with a configured category.',
      }),
      review: z
        .strictObject({
          date: date.optional().meta({ description: 'The day the postmortem was reviewed with the team, YYYY-MM-DD.' }),
          facilitator: z
            .string()
            .trim()
            .min(1, { message: 'Expected a facilitator (a person or a team)' })
            .optional()
            .meta({ description: 'Who ran the review: a person or a team.' }),
        })
        .optional()
        .meta({ description: 'The review meeting. A `review.date` satisfies the 7-business-day review deadline.' }),
      actionItems: z
        .array(actionItemSchema(tracker))
        .optional()
        .meta({ description: 'Follow-up work; at least one item before `status: published`.' }),
      related: z.array(z.string()).optional().meta({ description: 'Ids (file names without .mdx) of related postmortems.' }),
      featured: z.boolean().optional().meta({ description: 'Highlights an exemplary postmortem.' }),
      exceptions: z.array(exceptionSchema).optional().meta({
        description:
          'Findings accepted as false positives, one sentence each, with the reason reviewers read here (see `blameless/blame`).',
      }),
      internal: internalFields,
    })
    .superRefine((data, ctx) => {
      if (data.status !== 'draft' && !data.incident.resolved) {
        ctx.addIssue({
          code: 'custom',
          path: ['incident', 'resolved'],
          message: `Expected \`incident.resolved\` once status is \`${data.status}\`; add it, or set \`status: draft\``,
        });
      }
    });
}

export type Frontmatter = z.output<ReturnType<typeof frontmatterSchema>>;
export type ActionItem = z.output<ReturnType<typeof actionItemSchema>>;
export type ContributingFactor = z.output<ReturnType<typeof contributingFactorSchema>>;
export type PostmortemKind = (typeof POSTMORTEM_KINDS)[number];
