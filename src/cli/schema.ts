/**
 * `npm run schema [-- --check]`: writes `schema/frontmatter.schema.json`, the
 * JSON Schema of the frontmatter, generated from the zod schema that `check`
 * and the build use, for editors and other tools. `--check` only compares and
 * exits 1 when the committed file is out of date (the test suite does the same).
 *
 * zod cannot express refinements in JSON Schema (the configured severities and
 * factor categories, date-time with offset, the `resolved` rule), so they are added here by hand;
 * everything else comes from `z.toJSONSchema`.
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'astro/zod';
import type { PostmortemConfig } from '../core/config.ts';
import { frontmatterSchema } from '../core/frontmatter-schema.ts';
import { loadCliConfig, parseCommandLine, type CliIo } from './common.ts';

export const SCHEMA_FILE = 'schema/frontmatter.schema.json';

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; items?: JsonSchema };

const DATE_TIME_PATTERN = String.raw`^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})$`;
const DATE_PATTERN = String.raw`^\d{4}-\d{2}-\d{2}$`;

/** Hover texts, keyed by property path; they follow the format contract (README / CONTRIBUTING). */
const DESCRIPTIONS: Record<string, string> = {
  title: 'Headline of the incident, 8–140 characters: what failed, for whom.',
  summary: 'Optional one-liner for lists, feeds and search; defaults to the first paragraph of the Executive Summary.',
  severity: 'One of the configured severity levels, most critical first.',
  status: '`draft` while writing, `in-review` when the pull request is ready for review (needs `incident.resolved`), `published` after the review.',
  incident: 'Incident times, ISO 8601 with offset, in order: started ≤ detected ≤ mitigated ≤ resolved.',
  'incident.started': 'When the impact began, e.g. 2026-11-20T14:05:00Z. Its date, in this offset, starts the file name.',
  'incident.detected': 'When an alert or a person first noticed.',
  'incident.mitigated': 'When the impact stopped growing or users stopped being affected.',
  'incident.resolved': 'When the system was back to normal. Required unless `status: draft`; starts the 7-business-day review clock.',
  services: 'Affected services, kebab-case, at least one.',
  tags: 'Free tags, kebab-case.',
  authors: 'Who wrote the postmortem (not who was involved), at least one.',
  impact: 'What users and the business felt.',
  'impact.usersAffected': 'Number of users affected.',
  'impact.financial': 'Money lost or credited, in words, e.g. `none` or `$12,000 in SLA credits`.',
  'impact.sloBreached': 'Whether an SLO was breached.',
  'impact.dataLoss': 'Whether data was lost.',
  actionItems: 'Follow-up work; at least one item before `status: published`.',
  'actionItems.title': 'What will be done, as an outcome ("Alert on certificate expiry 14 days ahead").',
  'actionItems.owner': 'One owner: a team or a handle.',
  'actionItems.due': 'Due date, YYYY-MM-DD.',
  'actionItems.status': 'Progress; `done` or `wont-do` when finished. Open items past `due` are reported as overdue.',
  'actionItems.type': 'What kind of change it is.',
  'actionItems.link': 'Tracker ticket URL.',
  kind: '`incident` (default) or `near-miss`: an event that could have hurt and did not. A near miss may leave out `impact`; Business Impact then describes the potential impact.',
  contributingFactors: 'Conditions that made the incident more likely, larger or longer; one entry per condition, each with a configured category.',
  'contributingFactors.category': 'One of the configured categories (`factorCategories` in postmortems.config.ts).',
  'contributingFactors.description': 'The condition in the system or process, never a person: 8–280 characters.',
  review: 'The review meeting. A `review.date` satisfies the 7-business-day review deadline.',
  'review.date': 'The day the postmortem was reviewed with the team, YYYY-MM-DD.',
  'review.facilitator': 'Who ran the review: a person or a team.',
  related: 'Ids (file names without .mdx) of related postmortems.',
  featured: 'Highlights an exemplary postmortem.',
};

function describe(schema: JsonSchema, path: string): void {
  const text = DESCRIPTIONS[path];
  if (text) schema['description'] = text;
  for (const [key, child] of Object.entries(schema.properties ?? {})) describe(child, path ? `${path}.${key}` : key);
  // Array items share the array's path, so `actionItems.title` names the item field.
  if (schema.items?.properties) for (const [key, child] of Object.entries(schema.items.properties)) describe(child, `${path}.${key}`);
}

/** The JSON Schema for the given severities, deterministic so it can be committed and compared. */
export function frontmatterJsonSchema(config: Pick<PostmortemConfig, 'severities' | 'factorCategories'>): JsonSchema {
  const schema = z.toJSONSchema(frontmatterSchema({ severities: config.severities }), { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const props = schema.properties!;
  props['severity'] = { ...props['severity'], enum: [...config.severities] };
  for (const field of Object.values(props['incident']!.properties!)) {
    Object.assign(field, { pattern: DATE_TIME_PATTERN });
  }
  Object.assign(props['actionItems']!.items!.properties!['due']!, { format: 'date', pattern: DATE_PATTERN });
  Object.assign(props['review']!.properties!['date']!, { format: 'date', pattern: DATE_PATTERN });
  // `factors/unknown-category` checks the category in `check`; editors get the same list as completions.
  Object.assign(props['contributingFactors']!.items!.properties!['category']!, { enum: Object.keys(config.factorCategories) });
  describe(schema, '');
  return {
    $schema: schema['$schema'],
    title: 'Postmortem frontmatter',
    description: `Generated by \`npm run schema\` from src/core/frontmatter-schema.ts; do not edit by hand.`,
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
    // The zod schema's own cross-field rule: `resolved` is required once the postmortem leaves draft.
    if: { properties: { status: { enum: ['in-review', 'published'] } }, required: ['status'] },
    then: { properties: { incident: { required: ['started', 'resolved'] } } },
  };
}

export function serializeSchema(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

const HELP = `Usage: npm run schema -- [--check]

Writes ${SCHEMA_FILE} from the frontmatter schema (with the severities of
postmortems.config.ts). Run it after changing the schema or the severities.

Options:
  --check     write nothing; exit 1 when the committed file is out of date
  -h, --help  show this help`;

export async function runSchema(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandLine('schema', argv, io, { options: { check: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } });
  if (!parsed) return 2;
  const { values } = parsed;
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  const config = await loadCliConfig('schema', io);
  if (!config) return 2;
  const text = serializeSchema(frontmatterJsonSchema(config));
  const file = resolve(io.cwd, SCHEMA_FILE);
  const current = await readFile(file, 'utf8').catch(() => undefined);
  if (values.check) {
    if (current === text) {
      io.stdout(`${SCHEMA_FILE} is up to date`);
      return 0;
    }
    io.stderr(`schema: Unexpected ${current === undefined ? 'missing' : 'out-of-date'} ${SCHEMA_FILE}, expected it to match the frontmatter schema; run \`npm run schema\` and commit the result`);
    return 1;
  }
  if (current === text) {
    io.stdout(`${SCHEMA_FILE} is up to date`);
    return 0;
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  io.stdout(`Wrote ${SCHEMA_FILE}`);
  return 0;
}
