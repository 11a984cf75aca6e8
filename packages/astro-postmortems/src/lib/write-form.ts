/**
 * What the writing page's form is made of, from the one schema and the configuration: each field's help is the
 * schema's description of it (`frontmatter-schema.ts`, the text the JSON Schema and docs/format.md give), its
 * choices the schema's enums and the configured severities and factor categories, its limits the schema's; the
 * labels and examples of the fields `postmortems new` asks for are its prompts (`core/prompts.ts`).
 */
import type { z } from 'astro/zod';
import type { PostmortemConfig } from '../core/config.ts';
import {
  ACTION_ITEM_STATUSES,
  ACTION_ITEM_TYPES,
  frontmatterSchema,
  POSTMORTEM_KINDS,
  POSTMORTEM_STATUSES,
  titleSchema,
} from '../core/frontmatter-schema.ts';
import { PROMPTS } from '../core/prompts.ts';

type Schema = z.core.$ZodType & { description?: string };

/** Through optional, default, pipe and array wrappers to the schema they hold. */
function unwrap(schema: Schema): Schema {
  const def = schema._zod.def as { innerType?: Schema; in?: Schema; element?: Schema };
  const inner = def.innerType ?? def.in ?? def.element;
  return inner ? unwrap(inner) : schema;
}

/** The schema's description of the field at `path` (`incident.started`, `actionItems.owner`). */
export function describeField(schema: Schema, path: string): string {
  let node: Schema | undefined = schema;
  let description = '';
  for (const key of path.split('.')) {
    const shape: Record<string, Schema> | undefined = (unwrap(node!)._zod.def as { shape?: Record<string, Schema> }).shape;
    node = shape?.[key];
    if (!node) throw new Error(`the frontmatter schema has no field \`${path}\``);
    description = findDescription(node);
  }
  return description;
}

function findDescription(schema: Schema): string {
  for (let node: Schema | undefined = schema; node;) {
    if (node.description) return node.description;
    const def = node._zod.def as { innerType?: Schema; in?: Schema };
    node = def.innerType ?? def.in;
  }
  return '';
}

export const FORM_FIELDS = [
  'title',
  'summary',
  'severity',
  'status',
  'kind',
  'incident.started',
  'incident.detected',
  'incident.mitigated',
  'incident.resolved',
  'services',
  'tags',
  'authors',
  'impact.usersAffected',
  'impact.financial',
  'impact.sloBreached',
  'impact.dataLoss',
  'contributingFactors.category',
  'contributingFactors.description',
  'review.date',
  'review.facilitator',
  'actionItems.title',
  'actionItems.owner',
  'actionItems.due',
  'actionItems.type',
  'actionItems.status',
  'actionItems.link',
  'related',
] as const;

export type FormField = (typeof FORM_FIELDS)[number];

export function writeFormModel(config: PostmortemConfig) {
  const schema = frontmatterSchema({ severities: config.severities, tracker: config.tracker }) as unknown as Schema;
  const help = Object.fromEntries(FORM_FIELDS.map((field) => [field, describeField(schema, field)])) as Record<FormField, string>;
  return {
    help,
    prompts: PROMPTS,
    title: { min: titleSchema.minLength!, max: titleSchema.maxLength! },
    severities: config.severities,
    statuses: POSTMORTEM_STATUSES,
    kinds: POSTMORTEM_KINDS,
    categories: Object.entries(config.factorCategories),
    actionItemTypes: ACTION_ITEM_TYPES,
    actionItemStatuses: ACTION_ITEM_STATUSES,
  };
}
