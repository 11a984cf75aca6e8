/** The three output formats of `check` (contract §6). */
import { styleText } from 'node:util';
import { countLevels, type LintMessage } from '../messages.ts';
import type { AcceptedFinding } from '../rule.ts';
import { plural } from '../utils/text.ts';

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
  return JSON.stringify({
    files: report.files,
    errors,
    warnings,
    messages: messages.map(({ file, line, column, rule, severity, message }) => ({ file, line, column, rule, severity, message })),
    accepted: (report.accepted ?? []).map(({ file, line, column, rule, message, sentence, reason }) => ({ file, line, column, rule, message, sentence, reason })),
  });
}

/** GitHub's workflow-command escaping for properties and data. */
function escapeData(s: string): string {
  return s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}
function escapeProperty(s: string): string {
  return escapeData(s).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

export function formatGithub(report: Report): string {
  const messages = effective(report);
  const lines = messages.map(
    (m) => `::${m.severity === 'error' ? 'error' : 'warning'} file=${escapeProperty(m.file)},line=${m.line},col=${m.column},title=${escapeProperty(m.rule)}::${escapeData(m.message)}`,
  );
  lines.push(...acceptedNotices(report.accepted ?? []));
  lines.push(summary(report.files, messages, report.accepted?.length));
  return lines.join('\n');
}

/** An accepted finding stays visible on the pull request's diff, with its reason. */
function acceptedNotices(accepted: readonly AcceptedFinding[]): string[] {
  return accepted.map((a) => `::notice file=${escapeProperty(a.file)},line=${a.line},col=${a.column},title=${escapeProperty(`${a.rule} (accepted exception)`)}::${escapeData(`Accepted: ${a.reason}`)}`);
}

/**
 * GitHub annotations for the files a pull request changed only; the problems of every other file are
 * summarised in one notice, so a content pull request shows its author's problems and nobody else's.
 */
export function formatGithubChanged(report: Report, changed: ReadonlySet<string>): string {
  const messages = effective(report);
  const mine = messages.filter((m) => changed.has(m.file));
  const others = messages.filter((m) => !changed.has(m.file));
  const lines = formatGithub({ ...report, messages: mine, strict: false, accepted: (report.accepted ?? []).filter((a) => changed.has(a.file)) }).split('\n').slice(0, -1);
  if (others.length) {
    const { errors, warnings } = countLevels(others);
    const files = new Set(others.map((m) => m.file)).size;
    lines.push(
      `::notice title=Other postmortems::${escapeData(`${plural(errors, 'error')} and ${plural(warnings, 'warning')} in ${plural(files, 'file')} this pull request did not change (run \`npm run check\` to list them)`)}`,
    );
  }
  lines.push(summary(report.files, messages, report.accepted?.length));
  return lines.join('\n');
}

export function formatText(report: Report, color = false): string {
  const messages = effective(report);
  const paint = (style: Parameters<typeof styleText>[0], s: string) => (color ? styleText(style, s) : s);
  const lines = messages.map((m) => {
    const level = m.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warning');
    return `${m.file}:${m.line}:${m.column}  ${level}  ${m.message}  ${paint('dim', m.rule)}`;
  });
  lines.push(paint(messages.some((m) => m.severity === 'error') ? 'red' : messages.length ? 'yellow' : 'green', summary(report.files, messages, report.accepted?.length)));
  return lines.join('\n');
}

export function summary(files: number, messages: readonly LintMessage[], accepted = 0): string {
  const { errors, warnings } = countLevels(messages);
  const checked = `${plural(files, 'postmortem')} checked`;
  const exceptions = accepted ? `; ${plural(accepted, 'accepted exception')} (\`exceptions\` in the frontmatter)` : '';
  if (!messages.length) return `✔ ${checked}, no problems${exceptions}`;
  return `${errors ? '✖' : '⚠'} ${checked}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${exceptions}`;
}
