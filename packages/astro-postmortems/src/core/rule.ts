/** The shape of a rule, and the context it reads: one parsed file plus what is known of the repository. */
import { slug } from 'github-slugger';
import type { Root, RootContent } from 'mdast';
import type { Node } from 'unist';
import type { z } from 'astro/zod';
import type { PostmortemConfig } from './config.ts';
import type { Frontmatter } from './frontmatter-schema.ts';
import type { Level } from './messages.ts';
import type { ParsedFile } from './parse.ts';
import type { Point } from './utils/lines.ts';

/** What every problem id carries, whether a rule module or the repository walk reports it. */
export interface DocumentedProblem {
  /** Stable id, `area/name`. */
  id: string;
  /** Level unless the configuration overrides it. */
  level: Level;
  /** One line for the docs and `--help`. */
  description: string;
  /** What `docs/rules.md` says about it (generated from here by `npm run docs:format`). */
  docs: RuleDocs;
}

export interface Rule extends DocumentedProblem {
  check(ctx: RuleContext): void;
  /** Its findings name a sentence, and one may be accepted with a reason in the file's `exceptions` (see `lint.ts`). */
  acceptsExceptions?: boolean;
}

/** A finding accepted by an entry of the file's `exceptions`: not a problem, but counted and shown to reviewers. */
export interface AcceptedFinding {
  file: string;
  line: number;
  column: number;
  rule: string;
  /** The message the finding would have had. */
  message: string;
  /** The exception's words of the sentence, and its reason, as written. */
  sentence: string;
  reason: string;
}

/** How each entry of `exceptions` fared, for `exceptions/unmatched` (which runs after every other rule). */
export interface ExceptionOutcome {
  index: number;
  rule: string;
  /** Distinct reported sentences the entry's words are found in (1: accepted). */
  matched: number;
  /** The rule does not exist, or its findings cannot be accepted. */
  unsupported: boolean;
  /** The rule is off for this file, so there is nothing to match. */
  off: boolean;
}

/**
 * A documented example: a fixture under `test/rules/fixtures/<area>-<name>/`,
 * run by the rule harness (`test/rules/harness.ts`), which fails when an `ok`
 * example reports anything or a `notOk` one does not report exactly `message`.
 */
export interface RuleExample {
  /** The fixture's file or folder name. */
  fixture: string;
  /** For a not-ok example: the rule's first message on it, word for word. */
  message?: string;
}

/** A rule's documentation, the way a remark-lint rule package carries it: meaning, fix and examples that are its tests. */
export interface RuleDocs {
  /** What it means, in full (the one-line `description` is its summary). */
  meaning: string;
  /** How to fix it. */
  fix: string;
  /** A short example of what triggers it. */
  trigger: string;
  /** Fixtures the rule accepts. */
  ok: readonly RuleExample[];
  /** Fixtures the rule reports, with the message. */
  notOk: readonly (RuleExample & { message: string })[];
}

export interface RepositoryIndex {
  /** Every id known in the repository, with the files that carry it. */
  ids: ReadonlyMap<string, readonly string[]>;
}

export interface Section {
  /** Heading text as written, trimmed. */
  title: string;
  /** Lower-cased, whitespace-folded, for matching. */
  key: string;
  heading: RootContent;
  /** Root-level nodes until the next heading of depth ≤ 2. */
  content: RootContent[];
  start: Point;
}

export interface RuleContext {
  file: ParsedFile;
  /** The MDX tree; rules that read the body run only when it parsed. */
  tree: Root | null;
  config: PostmortemConfig;
  repository: RepositoryIndex;
  /** `YYYY-MM-DD`, for overdue checks. */
  today: string;
  /** The repository's root folder, when the file is checked in place (rules that look at files beside it need it). */
  root: string | undefined;
  /** Frontmatter that passed the schema, or `undefined`. */
  data: Frontmatter | undefined;
  /** Result of the schema check (`undefined` when the frontmatter is missing or is not YAML). */
  validation: { issues: z.core.$ZodIssue[] } | undefined;
  /** The frontmatter as written (an object when it is a YAML map), for rules that still apply when other fields are wrong. */
  raw: Record<string, unknown> | undefined;
  /** Root-level level-2 sections, in document order. */
  sections(): Section[];
  /** Every node of `tree`, depth first (`nodesOf`), listed once for all the rules; none when the body did not parse. */
  nodes(): readonly Node[];
  /** `sentence`: the sentence the finding is about, as the reader sees it, so that an exception can accept it. */
  report(point: Point | undefined, message: string, detail?: { sentence: string }): void;
  /** The file's `exceptions`, each with the findings it accepted so far (complete for the last rule). */
  exceptions: readonly ExceptionOutcome[];
}

export function normalizeHeading(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Backticked value for messages. */
export function code(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `\`${String(text).replaceAll('`', "'")}\``;
}

/** The anchor of a rule's heading in `docs/rules.md`, as GitHub makes it: `sections/missing` → `sectionsmissing`. */
export function ruleAnchor(id: string): string {
  return slug(id);
}

/**
 * A rule's documentation with its Markdown links as plain text (`check --explain`, the dev server's problems page):
 * `label (https://…)` for a web address, the label alone for a page of docs/ (`format.md`, `#anchor`, `../test/…`),
 * which an organisation's repository does not have. Code spans (`` `[text](url)` ``, an example) stay as written.
 */
export function plainLinks(text: string): string {
  return text
    .split(/(`+[^`]*`+)/)
    .map((part, i) =>
      i % 2
        ? part
        : part.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_link, label: string, target: string) =>
            /^https?:\/\//.test(target) ? `${label} (${target})` : label,
          ),
    )
    .join('');
}
