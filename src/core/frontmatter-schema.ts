/**
 * The frontmatter schema (contract §2). One factory, used by the checker, the
 * content collection and the JSON Schema for editors.
 */
import { z } from 'astro/zod';
import { isIsoDate, isIsoDateTimeWithOffset } from './utils/time.ts';
import { isTrackerId, TICKET_ID_LIKE, type TrackerConfig } from './utils/tracker.ts';

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const kebab = (what: string) =>
  z.string().regex(KEBAB, { message: `Expected a kebab-case ${what} such as \`checkout-api\` (lowercase letters, digits and single hyphens)` });

/** A date-time that is right but for the offset: the most common slip, so it gets its own hint. */
const WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

const dateTime = z.string({ message: 'Expected an ISO 8601 date-time with offset, such as `2024-10-15T14:05:00Z`; quote it if YAML reads it as something else' }).refine(isIsoDateTimeWithOffset, {
  error: (issue) =>
    typeof issue.input === 'string' && WITHOUT_OFFSET.test(issue.input)
      ? 'Expected an offset after the time, such as `Z` for UTC or `-05:00`; add the offset of the clock the time was read from'
      : 'Expected an ISO 8601 date-time with offset naming a real day and time, such as `2024-10-15T14:05:00Z` or `2024-10-15T09:05:00-05:00`',
});

const date = z.string({ message: 'Expected a date `YYYY-MM-DD`' }).refine(isIsoDate, { message: 'Expected a real calendar date `YYYY-MM-DD`, such as `2024-11-30`' });

export const ACTION_ITEM_STATUSES = ['open', 'in-progress', 'done', 'wont-do'] as const;
export const ACTION_ITEM_TYPES = ['prevent', 'detect', 'mitigate', 'process'] as const;
export const POSTMORTEM_STATUSES = ['draft', 'in-review', 'published'] as const;
/** §7: a near miss could have hurt and did not; it is written up like an incident, counted apart. */
export const POSTMORTEM_KINDS = ['incident', 'near-miss'] as const;

/**
 * One contributing factor (§7). The category is any string here and checked
 * against the configured categories by `factors/unknown-category`, so a typo
 * gets one message that names the closest category instead of a bare enum error.
 */
export function contributingFactorSchema() {
  return z.strictObject({
    /** One of the configured categories (`factorCategories`), kebab-case. */
    category: z.string().trim().min(1, { message: 'Expected a contributing-factor category such as `configuration`' }),
    /** The condition in the system or process, never a person: 8–280 characters. */
    description: z
      .string()
      .trim()
      .min(8, { message: 'Expected a contributing-factor description of at least 8 characters: the condition in the system or process' })
      .max(280, { message: 'Expected a contributing-factor description of at most 280 characters; keep the detail in Root Cause' }),
  });
}

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
  return z.string({ message: 'Expected an http(s) URL or a ticket id' }).refine((v) => isTrackerId(v, tracker) || urlLink.safeParse(v).success, {
    message: `Expected an http(s) URL to the tracker ticket, or a ticket id matching \`${tracker.idPattern}\` (\`tracker.idPattern\`)`,
  });
}

export function actionItemSchema(tracker?: TrackerConfig) {
  return z.strictObject({
    /** What will be done, as an outcome ("Alert on certificate expiry 14 days ahead"). */
    title: z.string().trim().min(1, { message: 'Expected a non-empty action item title' }),
    /** Who owns it: a team or a handle, never "everyone". */
    owner: z.string().trim().min(1, { message: 'Expected an owner (a team or a handle)' }),
    /** When it is due, `YYYY-MM-DD`. */
    due: date,
    /** Progress; defaults to `open`. */
    status: z.enum(ACTION_ITEM_STATUSES).default('open'),
    /** What kind of change it is. */
    type: z.enum(ACTION_ITEM_TYPES).optional(),
    /** Tracker ticket. */
    link: linkSchema(tracker).optional(),
  });
}

export interface FrontmatterSchemaOptions {
  /** Allowed severity levels, most critical first. */
  severities: readonly string[];
  /** With a tracker, `actionItems[].link` may be a ticket id. */
  tracker?: TrackerConfig | undefined;
}

export function frontmatterSchema({ severities, tracker }: FrontmatterSchemaOptions) {
  const severity = z.string().refine((s) => severities.includes(s), {
    message: `Expected one of ${severities.map((s) => `\`${s}\``).join(', ')}`,
  });
  return z
    .strictObject({
      /** Headline of the incident, 8–140 characters. */
      title: z.string().trim().min(8, { message: 'Expected a title of at least 8 characters' }).max(140, { message: 'Expected a title of at most 140 characters' }),
      /** One-liner for lists, feeds and search; defaults to the first paragraph of the Executive Summary. */
      summary: z.string().trim().min(1).optional(),
      /** One of the configured levels (default `P1`–`P4`, P1 most critical). */
      severity,
      /** Where the write-up is in its life: `draft`, `in-review` or `published`. */
      status: z.enum(POSTMORTEM_STATUSES),
      /** `incident` (default) or `near-miss`: an event that could have hurt and did not. */
      kind: z.enum(POSTMORTEM_KINDS).default('incident'),
      /** Incident times, each ISO 8601 with offset; started ≤ detected ≤ mitigated ≤ resolved. */
      incident: z.strictObject({
        /** When the impact began. */
        started: dateTime,
        /** When a person or alert first noticed. */
        detected: dateTime.optional(),
        /** When the impact stopped growing or users stopped being affected. */
        mitigated: dateTime.optional(),
        /** When the system was back to normal; required unless `status: draft`. */
        resolved: dateTime.optional(),
      }),
      /** Services affected, kebab-case; at least one. */
      services: z.array(kebab('service name')).min(1, { message: 'Expected at least one service' }),
      /** Free tags, kebab-case. */
      tags: z.array(kebab('tag')).optional(),
      /** Who wrote the postmortem (not who was involved). */
      authors: z.array(z.string().trim().min(1)).min(1, { message: 'Expected at least one author' }),
      /** What users and the business felt. */
      impact: z
        .strictObject({
          /** Number of users affected. */
          usersAffected: z.number().int().min(0).optional(),
          /** Money lost or credited, in words, e.g. `$12,000 in SLA credits`. */
          financial: z.string().optional(),
          /** Whether an SLO was breached. */
          sloBreached: z.boolean().optional(),
          /** Whether data was lost. */
          dataLoss: z.boolean().optional(),
        })
        .optional(),
      /** Conditions that made the incident more likely, larger or longer, each with a configured category. */
      contributingFactors: z.array(contributingFactorSchema()).optional(),
      /** The review meeting: when it was held and who ran it; a review date satisfies `review/overdue`. */
      review: z
        .strictObject({
          /** The day the postmortem was reviewed with the team, `YYYY-MM-DD`. */
          date: date.optional(),
          /** Who ran the review: a person or a team. */
          facilitator: z.string().trim().min(1, { message: 'Expected a facilitator (a person or a team)' }).optional(),
        })
        .optional(),
      /** Follow-up work; at least one item once published. */
      actionItems: z.array(actionItemSchema(tracker)).optional(),
      /** Ids of related postmortems. */
      related: z.array(z.string()).optional(),
      /** Highlights an exemplary postmortem. */
      featured: z.boolean().optional(),
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
