/** The three output formats of `check` (contract §6). Runs in a browser too (the writing page prints `text`, uncoloured). */
import { fileTimeLimit } from '../file-problems.ts';
import { countLevels, type LintMessage } from '../messages.ts';
import type { AcceptedFinding } from '../rule.ts';
import { plural } from '../utils/text.ts';
import { githubPlainText } from '../github-markdown.ts';
import { displayJson, displayText } from '../terminal-text.ts';

export type Format = 'text' | 'json' | 'github';
export const FORMATS: readonly Format[] = ['text', 'json', 'github'];

export interface Report {
  files: number;
  messages: readonly LintMessage[];
  /** Warnings counted as errors. */
  strict: boolean;
  /** Findings accepted by the files' `exceptions` (counted in the summary, listed in JSON, noticed on GitHub). */
  accepted?: readonly AcceptedFinding[];
}

export function effective(report: Report): LintMessage[] {
  return report.strict ? report.messages.map((m) => ({ ...m, severity: 'error' as const })) : [...report.messages];
}

export function formatJson(report: Report): string {
  const messages = effective(report);
  const { errors, warnings } = countLevels(messages);
  return displayJson({
    files: report.files,
    errors,
    warnings,
    messages: messages.map(({ file, line, column, rule, severity, message }) => ({ file, line, column, rule, severity, message })),
    // `accepted` and `unchecked` extend the contract's object, after its own fields (docs/format.md).
    accepted: (report.accepted ?? []).map(({ file, line, column, rule, message, sentence, reason }) => ({
      file,
      line,
      column,
      rule,
      message,
      sentence,
      reason,
    })),
    unchecked: uncheckedFiles(report.messages),
  });
}

/** GitHub's workflow-command escaping for properties and data (the runner's `UnescapeData`, `UnescapeProperty`). */
function escapeData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * One workflow command that annotates a file: `::error file=…,line=…,col=…,title=…::message`. The title and message
 * are shown as GitHub shows them (plain text, one line, no mention or reference: `githubPlainText`), then escaped as
 * the runner unescapes them. The file is given exactly, so GitHub can place the annotation on the diff, unless it
 * holds characters a log cannot show as they are (a line break, a control, a bidi override): then the annotation
 * names the file, shown, in its message.
 */
export function annotation(
  kind: 'error' | 'warning' | 'notice',
  at: { file?: string; line?: number; column?: number; title?: string },
  message: string,
): string {
  const placed = at.file !== undefined && displayText(at.file) === at.file;
  const where = at.file !== undefined && !placed ? `${displayText(at.file)}:${at.line ?? 1}:${at.column ?? 1} ` : '';
  const properties = [
    ...(placed
      ? [
          `file=${escapeProperty(at.file!)}`,
          ...(at.line !== undefined ? [`line=${at.line}`] : []),
          ...(at.column !== undefined ? [`col=${at.column}`] : []),
        ]
      : []),
    ...(at.title !== undefined ? [`title=${escapeProperty(githubPlainText(at.title))}`] : []),
  ];
  return `::${kind}${properties.length ? ` ${properties.join(',')}` : ''}::${escapeData(githubPlainText(`${where}${message}`))}`;
}

export function formatGithub(report: Report): string {
  const messages = effective(report);
  const lines = messages.map((m) => annotation(m.severity, { file: m.file, line: m.line, column: m.column, title: m.rule }, m.message));
  lines.push(...acceptedNotices(report.accepted ?? []));
  lines.push(summary(report.files, messages, report.accepted?.length));
  return lines.join('\n');
}

/** An accepted finding stays visible on the pull request's diff, with its reason. */
function acceptedNotices(accepted: readonly AcceptedFinding[]): string[] {
  return accepted.map((a) =>
    annotation(
      'notice',
      { file: a.file, line: a.line, column: a.column, title: `${a.rule} (accepted exception)` },
      `Accepted: ${a.reason}`,
    ),
  );
}

/**
 * GitHub annotations for the files a pull request changed only; the problems of every other file are
 * summarised in one notice, so a content pull request shows its author's problems and nobody else's.
 */
export function formatGithubChanged(report: Report, changed: ReadonlySet<string>): string {
  const messages = effective(report);
  const mine = messages.filter((m) => changed.has(m.file));
  const others = messages.filter((m) => !changed.has(m.file));
  const lines = formatGithub({
    ...report,
    messages: mine,
    strict: false,
    accepted: (report.accepted ?? []).filter((a) => changed.has(a.file)),
  })
    .split('\n')
    .slice(0, -1);
  if (others.length) {
    const { errors, warnings } = countLevels(others);
    const files = new Set(others.map((m) => m.file)).size;
    lines.push(
      annotation(
        'notice',
        { title: 'Other postmortems' },
        `${plural(errors, 'error')} and ${plural(warnings, 'warning')} in ${plural(files, 'file')} this pull request did not change (run \`npm run check\` to list them)`,
      ),
    );
  }
  lines.push(summary(report.files, messages, report.accepted?.length));
  return lines.join('\n');
}

export function formatText(report: Report, color = false): string {
  const messages = effective(report);
  const paint = painter(color);
  const lines = messages.map((m) =>
    messageLine(m, {
      level: m.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warning'),
      rule: paint('dim', displayText(m.rule)),
    }),
  );
  lines.push(
    paint(
      messages.some((m) => m.severity === 'error') ? 'red' : messages.length ? 'yellow' : 'green',
      summary(report.files, messages, report.accepted?.length),
    ),
  );
  return lines.join('\n');
}

type Style = 'red' | 'yellow' | 'green' | 'dim';

/** Colours only on a terminal, through Node's `styleText`, loaded then: the uncoloured format needs no Node module. */
function painter(color: boolean): (style: Style, s: string) => string {
  if (!color) return (_style, s) => s;
  const { styleText } = process.getBuiltinModule('node:util') as typeof import('node:util');
  return (style, s) => styleText(style, s);
}

/**
 * One problem on one line, `file:line:column  [level  ]message  rule`, file and message shown with `displayText`:
 * what `check` prints and the build logs. `level` and `rule` (already shown) let the text format colour them.
 */
export function messageLine(m: LintMessage, shown: { level?: string; rule?: string } = {}): string {
  return `${displayText(m.file)}:${m.line}:${m.column}  ${shown.level !== undefined ? `${shown.level}  ` : ''}${displayText(m.message)}  ${shown.rule ?? displayText(m.rule)}`;
}

/**
 * Files whose check ran out of time or was never started (`file/time-limit`): counted among the files, but not
 * checked, so no summary may call them checked.
 */
export function uncheckedFiles(messages: readonly LintMessage[]): number {
  return new Set(messages.filter((m) => m.rule === fileTimeLimit.id).map((m) => m.file)).size;
}

export function summary(files: number, messages: readonly LintMessage[], accepted = 0): string {
  const { errors, warnings } = countLevels(messages);
  const unchecked = uncheckedFiles(messages);
  const checked = unchecked
    ? `${plural(files - unchecked, 'postmortem')} checked, ${unchecked} not (\`${fileTimeLimit.id}\`)`
    : `${plural(files, 'postmortem')} checked`;
  const exceptions = accepted ? `; ${plural(accepted, 'accepted exception')} (\`exceptions\` in the frontmatter)` : '';
  if (!messages.length) return `✔ ${checked}, no problems${exceptions}`;
  return `${errors ? '✖' : '⚠'} ${checked}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${exceptions}`;
}
