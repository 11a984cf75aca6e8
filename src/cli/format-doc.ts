/**
 * `npm run docs:format [-- --check]`: refreshes the generated parts of
 * `docs/format.md` — the frontmatter fields (from the zod schema, through
 * the JSON Schema `npm run schema` writes), the required sections and the
 * configuration options (from `src/core/config.ts`), and the rules (from the
 * rule registry). The prose around them is written by hand; each generated
 * part sits between `<!-- generated:<name> -->` and `<!-- /generated:<name> -->`.
 * `--check` exits 1 when the file is out of date (the test suite does the same).
 *
 * Generated from the engine's defaults, never from the checkout's
 * `postmortems.config.ts`: the reference describes the format upstream ships.
 */
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { resolveConfig } from '../core/config.ts';
import { rules } from '../core/rules/index.ts';
import { parseCommandLine, type CliIo } from './common.ts';
import { frontmatterJsonSchema } from './schema.ts';

export const FORMAT_DOC = 'docs/format.md';

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  minItems?: number;
  default?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' | ');
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return variants.map(typeOf).join(' or ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : s.type;
  if (type === 'array') return `list of ${s.items ? typeOf(s.items) : 'values'}${s.items?.type === 'object' ? 's' : ''}`.replace('list of object', 'list of item');
  if (type === 'string' && s.format === 'date') return 'date `YYYY-MM-DD`';
  if (type === 'string' && s.format === 'uri') return 'URL';
  if (type === 'string' && s.pattern?.includes('[Tt ]')) return 'ISO 8601 date-time with offset';
  return type ?? 'any';
}

function constraints(s: JsonSchema, required: boolean): string {
  const parts = [required ? 'required' : 'optional'];
  if (s.minLength !== undefined && s.maxLength !== undefined) parts.push(`${s.minLength}–${s.maxLength} characters`);
  else if (s.minLength !== undefined && s.minLength > 1) parts.push(`at least ${s.minLength} characters`);
  if (s.minItems) parts.push(`at least ${s.minItems}`);
  if (s.minimum !== undefined) parts.push(`≥ ${s.minimum}`);
  if (s.default !== undefined) parts.push(`default \`${String(s.default)}\``);
  return parts.join(', ');
}

/** One row per field, nested objects and list items as `a.b` and `a[].b`. */
export function frontmatterTable(): string {
  const schema = frontmatterJsonSchema(resolveConfig({})) as JsonSchema;
  const rows = ['| field | type | rule | meaning |', '|---|---|---|---|'];
  const visit = (props: Record<string, JsonSchema>, required: string[], prefix: string) => {
    for (const [name, field] of Object.entries(props)) {
      const path = `${prefix}${name}`;
      rows.push(`| \`${path}\` | ${cell(typeOf(field))} | ${cell(constraints(field, required.includes(name)))} | ${cell(field.description ?? '')} |`);
      if (field.properties) visit(field.properties, field.required ?? [], `${path}.`);
      if (field.items?.properties) visit(field.items.properties, field.items.required ?? [], `${path}[].`);
    }
  };
  visit(schema.properties ?? {}, schema.required ?? [], '');
  return rows.join('\n');
}

export function sectionsList(): string {
  const config = resolveConfig({});
  const lines = config.requiredSections.map((s, i) => `${i + 1}. \`## ${s}\`${s === config.actionItemsSection ? ' (may hold no prose: the site renders the `actionItems` table here)' : ''}`);
  lines.push('', `Recommended level-3 headings under *${config.lessonsSection}*: ${config.lessonsSubsections.map((s) => `*${s}*`).join(', ')}.`);
  lines.push(`Severity levels, most critical first: ${config.severities.map((s) => `\`${s}\``).join(', ')}.`);
  lines.push(`Allowed elements: ${Object.keys(config.allowedElements).map((e) => `\`${e}\``).join(', ')}; attributes allowed on all of them: ${config.globalAttributes.map((a) => `\`${a}\``).join(', ')}.`);
  return lines.join('\n');
}

export function rulesTable(): string {
  const rows = ['| rule id | level | what |', '|---|---|---|'];
  for (const rule of rules) rows.push(`| \`${rule.id}\` | ${rule.level} | ${cell(rule.description)} |`);
  return rows.join('\n');
}

/** The configuration options: names and documentation comments from `src/core/config.ts`, defaults from `resolveConfig({})`. */
export function configTable(source = readFileSync(new URL('../core/config.ts', import.meta.url), 'utf8')): string {
  const defaults = resolveConfig({}) as Record<string, unknown>;
  const body = source.slice(source.indexOf('export const configSchema'));
  const rows = ['| option | default | meaning |', '|---|---|---|'];
  let parent = '';
  for (const match of body.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*\n( {4}| {8})(\w+):/g)) {
    const [, comment, indent, key] = match;
    const nested = indent!.length === 8;
    if (!nested) parent = key!;
    const name = nested ? `${parent}.${key}` : key!;
    const value = nested ? (defaults[parent] as Record<string, unknown> | undefined)?.[key!] : defaults[key!];
    const json = value === undefined ? 'none' : JSON.stringify(value);
    const shown = json.length > 60 ? 'see `src/core/config.ts`' : `\`${json}\``;
    rows.push(`| \`${name}\` | ${cell(shown)} | ${cell(comment!.trim().replace(/^\s*\*\s?/gm, ''))} |`);
  }
  return rows.join('\n');
}

export const GENERATORS: Record<string, () => string> = {
  frontmatter: frontmatterTable,
  sections: sectionsList,
  rules: rulesTable,
  config: () => configTable(),
};

/** The document with every generated part refreshed; throws when a marker is missing. */
export function refresh(text: string): string {
  let out = text;
  for (const [name, generate] of Object.entries(GENERATORS)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const a = out.indexOf(start);
    const b = out.indexOf(end);
    if (a < 0 || b < a) throw new Error(`${FORMAT_DOC} has no ${start} … ${end} block`);
    out = `${out.slice(0, a + start.length)}\n${generate()}\n${out.slice(b)}`;
  }
  return out;
}

export async function runFormatDoc(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandLine('docs:format', argv, io, { options: { check: { type: 'boolean', default: false } } });
  if (!parsed) return 2;
  const path = resolve(io.cwd, FORMAT_DOC);
  const current = await readFile(path, 'utf8');
  const next = refresh(current);
  if (parsed.values.check) {
    if (next !== current) {
      io.stderr(`${FORMAT_DOC} is out of date; run \`npm run docs:format\` and commit the result.`);
      return 1;
    }
    io.stdout(`${FORMAT_DOC} is up to date.`);
    return 0;
  }
  if (next !== current) await writeFile(path, next);
  io.stdout(next !== current ? `Wrote ${FORMAT_DOC}` : `${FORMAT_DOC} is up to date.`);
  return 0;
}
