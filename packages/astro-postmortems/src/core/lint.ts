/** Runs every rule over one parsed file. No I/O but reading the images a file shows when `root` is given; no clock unless `today` is omitted. */
import type { RootContent } from 'mdast';
import type { Node } from 'unist';
import { levelFor, type PostmortemConfig } from './config.ts';
import { frontmatterSchema, type Frontmatter } from './frontmatter-schema.ts';
import type { LintMessage } from './messages.ts';
import type { ParsedFile } from './parse.ts';
import type { AcceptedFinding, ExceptionOutcome, RepositoryIndex, RuleContext, Section } from './rule.ts';
import { normalizeHeading } from './rule.ts';
import { ruleById, rules } from './rules/index.ts';
import { nodesOf, toString } from './utils/mdast.ts';
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
  /** Findings accepted by the file's `exceptions`, with their reasons. */
  accepted: AcceptedFinding[];
  /** Validated frontmatter, when the schema passed. */
  data: Frontmatter | undefined;
}

interface ExceptionEntry {
  index: number;
  rule: string;
  sentence: string;
  reason: string;
  /** `sentence` normalised for matching. */
  key: string;
}

/** Case, runs of spaces and quote and dash styles do not matter when an exception names its sentence. */
export function sentenceKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[‘’`´]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[–—]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The well-formed entries of `exceptions` (the schema reports the others). */
function exceptionEntries(raw: Record<string, unknown> | undefined): ExceptionEntry[] {
  const list = raw?.['exceptions'];
  if (!Array.isArray(list)) return [];
  const out: ExceptionEntry[] = [];
  list.forEach((e: unknown, index) => {
    const { rule, sentence, reason } = (e ?? {}) as Record<string, unknown>;
    if (typeof rule === 'string' && typeof sentence === 'string' && typeof reason === 'string' && sentence.trim().length >= 8) {
      out.push({ index, rule, sentence, reason, key: sentenceKey(sentence) });
    }
  });
  return out;
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
  let nodes: Node[] | undefined;
  const status = raw?.['status'];
  const entries = exceptionEntries(raw);
  const outcomes: ExceptionOutcome[] = entries.map((e) => {
    const rule = ruleById.get(e.rule);
    return {
      index: e.index,
      rule: e.rule,
      matched: 0,
      unsupported: !rule?.acceptsExceptions,
      off: !!rule && levelFor(config.rules[e.rule], rule.level, status) === 'off',
    };
  });
  const accepted: AcceptedFinding[] = [];
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
    nodes: () => (nodes ??= file.tree ? nodesOf(file.tree) : []),
    exceptions: outcomes,
  };
  for (const rule of rules) {
    const level = levelFor(config.rules[rule.id], rule.level, status);
    if (level === 'off') continue;
    const mine = rule.acceptsExceptions ? entries.filter((e) => e.rule === rule.id) : [];
    const pending: { message: LintMessage; key: string }[] = [];
    try {
      rule.check({
        ...ctx,
        report(point, message, detail) {
          const m: LintMessage = {
            file: file.path,
            line: point?.line ?? 1,
            column: point?.column ?? 1,
            rule: rule.id,
            severity: level,
            message,
          };
          if (detail && mine.length) pending.push({ message: m, key: sentenceKey(detail.sentence) });
          else messages.push(m);
        },
      });
      if (pending.length) acceptExceptions(mine, pending, outcomes, accepted, messages);
    } catch (error) {
      // No input may take the whole run down: the file fails, with the reason, and the other rules and files are still checked.
      const reason = error instanceof Error ? error.message : String(error);
      messages.push({
        file: file.path,
        line: 1,
        column: 1,
        rule: rule.id,
        severity: 'error',
        message: `Unexpected internal error in \`${rule.id}\` (${reason.split('\n')[0]!.slice(0, 200)}), expected the rule to check this file; please report it with the file attached`,
      });
    }
  }
  return { messages, accepted, data };
}

/**
 * Each exception accepts the findings of its rule in the one reported sentence that holds its words; words found in
 * several reported sentences accept none (`exceptions/unmatched` asks for more of the sentence).
 */
function acceptExceptions(
  entries: readonly ExceptionEntry[],
  pending: { message: LintMessage; key: string }[],
  outcomes: ExceptionOutcome[],
  accepted: AcceptedFinding[],
  messages: LintMessage[],
): void {
  const taken = new Set<number>();
  for (const e of entries) {
    const hits = pending.map((p, i) => (p.key.includes(e.key) ? i : -1)).filter((i) => i >= 0);
    const outcome = outcomes.find((o) => o.index === e.index)!;
    outcome.matched = new Set(hits.map((i) => pending[i]!.key)).size;
    if (outcome.matched !== 1) continue;
    for (const i of hits) {
      if (taken.has(i)) continue;
      taken.add(i);
      const { message: m } = pending[i]!;
      accepted.push({
        file: m.file,
        line: m.line,
        column: m.column,
        rule: m.rule,
        message: m.message,
        sentence: e.sentence,
        reason: e.reason,
      });
    }
  }
  pending.forEach((p, i) => {
    if (!taken.has(i)) messages.push(p.message);
  });
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
        current = {
          title,
          key: normalizeHeading(title),
          heading: node,
          content: [] as RootContent[],
          start: { line: p.line, column: p.column },
        };
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
