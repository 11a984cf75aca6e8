/**
 * `npm run docs:format [-- --check]`: refreshes the generated parts of
 * `docs/format.md` — the frontmatter fields (from the zod schema, through
 * the JSON Schema `npm run schema` writes), the required sections and the
 * configuration options (from `src/core/config.ts`), and the rules (from the
 * rule registry) — and of `docs/rules.md`, each rule's and file problem's
 * meaning, fix and examples (from the modules, `docs` of each). The prose
 * around them is written by hand; each generated part sits between
 * `<!-- generated:<name> -->` and `<!-- /generated:<name> -->`.
 * `--check` exits 1 when a file is out of date (the test suite does the same).
 *
 * Generated from the engine's defaults, never from the checkout's
 * `postmortems.config.ts`: the reference describes the format upstream ships.
 */
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { resolveConfig } from '../core/config.ts';
import { fileProblems } from '../core/file-problems.ts';
import { ruleAnchor, type DocumentedProblem } from '../core/rule.ts';
import { rules } from '../core/rules/index.ts';
import { parseCommandLine, type CliIo } from './common.ts';
import { frontmatterJsonSchema } from './schema.ts';

export const FORMAT_DOC = 'docs/format.md';
export const RULES_DOC = 'docs/rules.md';
/** The package's README, published with it: its configuration reference is generated too. */
export const PACKAGE_README = 'packages/astro-postmortems/README.md';

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

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/(?<!\s)\s*\n\s*/g, ' ');

function typeOf(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' | ');
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return variants.map(typeOf).join(' or ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : s.type;
  if (type === 'array')
    return `list of ${s.items ? typeOf(s.items) : 'values'}${s.items?.type === 'object' ? 's' : ''}`.replace(
      'list of object',
      'list of item',
    );
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
      rows.push(
        `| \`${path}\` | ${cell(typeOf(field))} | ${cell(constraints(field, required.includes(name)))} | ${cell(field.description ?? '')} |`,
      );
      if (field.properties) visit(field.properties, field.required ?? [], `${path}.`);
      if (field.items?.properties) visit(field.items.properties, field.items.required ?? [], `${path}[].`);
    }
  };
  visit(schema.properties ?? {}, schema.required ?? [], '');
  return rows.join('\n');
}

export function sectionsList(): string {
  const config = resolveConfig({});
  const lines = config.requiredSections.map(
    (s, i) =>
      `${i + 1}. \`## ${s}\`${s === config.actionItemsSection ? ' (may hold no prose: the site renders the `actionItems` table here)' : ''}`,
  );
  lines.push(
    '',
    `Recommended level-3 headings under *${config.lessonsSection}*: ${config.lessonsSubsections.map((s) => `*${s}*`).join(', ')}.`,
  );
  lines.push(`Severity levels, most critical first: ${config.severities.map((s) => `\`${s}\``).join(', ')}.`);
  lines.push(
    `Allowed elements: ${Object.keys(config.allowedElements)
      .map((e) => `\`${e}\``)
      .join(', ')}; attributes allowed on all of them: ${config.globalAttributes.map((a) => `\`${a}\``).join(', ')}.`,
  );
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

const FIXTURES = '../test/rules/fixtures';

/** One row per problem (the summary `npm run check -- --list-rules` prints too), linking to its section. */
function problemTable(problems: readonly DocumentedProblem[]): string {
  const rows = ['| Rule id | Level | What it means |', '|---|---|---|'];
  for (const p of problems) rows.push(`| \`${p.id}\` | ${p.level} | ${cell(p.description)} [More](#${ruleAnchor(p.id)}). |`);
  return rows.join('\n');
}

/** One section per problem: meaning, fix, what triggers it, and the examples its tests run. */
function problemSections(problems: readonly DocumentedProblem[], fixtures: ((p: DocumentedProblem) => string) | undefined): string {
  return problems
    .map((p) => {
      const { meaning, fix, trigger, ok, notOk } = p.docs;
      const lines = [`### \`${p.id}\``, '', `Level: **${p.level}**. ${meaning}`, '', `**How to fix.** ${fix}`];
      if (trigger !== '—') lines.push('', `**Triggers it:** ${trigger}.`);
      const dir = fixtures?.(p);
      const name = (fixture: string) => (dir ? `[\`${fixture}\`](${dir}/${fixture})` : `\`${fixture}\``);
      if (ok.length || notOk.length) {
        lines.push(
          '',
          dir
            ? `**Examples** (run by the rule's tests, with the others in [\`${dir.slice(3)}/\`](${dir})):`
            : '**Examples** (run by `test/rules-doc.test.ts`):',
          '',
        );
        for (const e of ok) lines.push(`- ok: ${name(e.fixture)}, no message.`);
        for (const e of notOk) lines.push(`- not ok: ${name(e.fixture)} reports`, `  > ${e.message}`);
      }
      return lines.join('\n');
    })
    .join('\n\n');
}

export function rulesReference(): string {
  return `${problemTable(rules)}\n\n${problemSections(rules, (r) => `${FIXTURES}/${r.id.replace('/', '-')}`)}`;
}

export function fileProblemsReference(): string {
  return `${problemTable(fileProblems)}\n\n${problemSections(fileProblems, undefined)}`;
}

/** Each generated document and its parts. */
export const DOCUMENTS: Record<string, Record<string, () => string>> = {
  [FORMAT_DOC]: {
    frontmatter: frontmatterTable,
    sections: sectionsList,
    rules: rulesTable,
    config: () => configTable(),
  },
  [RULES_DOC]: {
    rules: rulesReference,
    'file-problems': fileProblemsReference,
  },
  [PACKAGE_README]: {
    config: () => configTable(),
  },
};

/** The document with every generated part refreshed; throws when a marker is missing. */
export function refresh(text: string, doc: string = FORMAT_DOC): string {
  let out = text;
  for (const [name, generate] of Object.entries(DOCUMENTS[doc]!)) {
    const start = `<!-- generated:${name} -->`;
    const end = `<!-- /generated:${name} -->`;
    const a = out.indexOf(start);
    const b = out.indexOf(end);
    if (a < 0 || b < a) throw new Error(`${doc} has no ${start} … ${end} block`);
    out = `${out.slice(0, a + start.length)}\n${generate()}\n${out.slice(b)}`;
  }
  return out;
}

export async function runFormatDoc(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandLine('docs:format', argv, io, { options: { check: { type: 'boolean', default: false } } });
  if (!parsed) return 2;
  let stale = 0;
  for (const doc of Object.keys(DOCUMENTS)) {
    const path = resolve(io.cwd, doc);
    const current = await readFile(path, 'utf8');
    const next = refresh(current, doc);
    if (parsed.values.check) {
      if (next !== current) {
        io.stderr(`${doc} is out of date; run \`npm run docs:format\` and commit the result.`);
        stale++;
      } else io.stdout(`${doc} is up to date.`);
      continue;
    }
    if (next !== current) await writeFile(path, next);
    io.stdout(next !== current ? `Wrote ${doc}` : `${doc} is up to date.`);
  }
  return stale ? 1 : 0;
}
