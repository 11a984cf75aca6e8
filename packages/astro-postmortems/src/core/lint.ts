/** Runs every rule over one parsed file. No I/O but reading the images a file shows when `root` is given; no clock unless `today` is omitted. */
import type { RootContent } from 'mdast';
import type { PostmortemConfig } from './config.ts';
import { frontmatterSchema, type Frontmatter } from './frontmatter-schema.ts';
import type { LintMessage } from './messages.ts';
import type { ParsedFile } from './parse.ts';
import type { RepositoryIndex, RuleContext, Section } from './rule.ts';
import { normalizeHeading } from './rule.ts';
import { rules } from './rules/index.ts';
import { toString } from './utils/mdast.ts';
import { todayIso } from './utils/time.ts';

export interface LintOptions {
  config: PostmortemConfig;
  repository: RepositoryIndex;
  /** `YYYY-MM-DD`; defaults to today (UTC). */
  today?: string;
  /** The repository's root, so rules can check the images beside the file. */
  root?: string;
}

const schemas = new WeakMap<PostmortemConfig, ReturnType<typeof frontmatterSchema>>();

export function schemaFor(config: PostmortemConfig) {
  let schema = schemas.get(config);
  if (!schema) {
    schema = frontmatterSchema({ severities: config.severities, tracker: config.tracker });
    schemas.set(config, schema);
  }
  return schema;
}

export interface LintResult {
  messages: LintMessage[];
  /** Validated frontmatter, when the schema passed. */
  data: Frontmatter | undefined;
}

export function lintFile(file: ParsedFile, options: LintOptions): LintResult {
  const { config } = options;
  const messages: LintMessage[] = [];
  const fm = file.frontmatter;
  const raw = fm.present && !fm.errors.length && isRecord(fm.data) ? fm.data : undefined;
  let data: Frontmatter | undefined;
  let validation: RuleContext['validation'];
  if (raw) {
    const result = schemaFor(config).safeParse(raw);
    if (result.success) data = result.data;
    validation = { issues: result.success ? [] : result.error.issues };
  }
  let sections: Section[] | undefined;
  const ctx: Omit<RuleContext, 'report'> = {
    file,
    tree: file.tree,
    config,
    repository: options.repository,
    today: options.today ?? todayIso(),
    root: options.root,
    data,
    raw,
    validation,
    sections: () => (sections ??= sectionsOf(file)),
  };
  for (const rule of rules) {
    const level = config.rules[rule.id] ?? rule.level;
    if (level === 'off') continue;
    try {
      rule.check({
        ...ctx,
        report(point, message) {
          messages.push({ file: file.path, line: point?.line ?? 1, column: point?.column ?? 1, rule: rule.id, severity: level, message });
        },
      });
    } catch (error) {
      // No input may take the whole run down: the file fails, with the reason, and the other rules and files are still checked.
      const reason = error instanceof Error ? error.message : String(error);
      messages.push({ file: file.path, line: 1, column: 1, rule: rule.id, severity: 'error', message: `Unexpected internal error in \`${rule.id}\` (${reason.split('\n')[0]!.slice(0, 200)}), expected the rule to check this file; please report it with the file attached` });
    }
  }
  return { messages, data };
}

/** Root-level level-2 sections, in document order (what `ctx.sections()` gives the rules). */
export function sectionsOf(file: ParsedFile): Section[] {
  const out: Section[] = [];
  let current: Section | undefined;
  for (const node of file.tree?.children ?? []) {
    if (node.type === 'heading' && node.depth <= 2) {
      current = undefined;
      if (node.depth === 2) {
        const title = toString(node).trim();
        const p = node.position!.start;
        current = { title, key: normalizeHeading(title), heading: node, content: [] as RootContent[], start: { line: p.line, column: p.column } };
        out.push(current);
      }
      continue;
    }
    current?.content.push(node);
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
