/** The three output formats of `check` (contract §6). */
import { styleText } from 'node:util';
import { countLevels, type LintMessage } from '../messages.ts';

export type Format = 'text' | 'json' | 'github';
export const FORMATS: readonly Format[] = ['text', 'json', 'github'];

export interface Report {
  files: number;
  messages: readonly LintMessage[];
  /** Warnings counted as errors. */
  strict: boolean;
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
  lines.push(summary(report.files, messages));
  return lines.join('\n');
}

export function formatText(report: Report, color = false): string {
  const messages = effective(report);
  const paint = (style: Parameters<typeof styleText>[0], s: string) => (color ? styleText(style, s) : s);
  const lines = messages.map((m) => {
    const level = m.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warning');
    return `${m.file}:${m.line}:${m.column}  ${level}  ${m.message}  ${paint('dim', m.rule)}`;
  });
  lines.push(paint(messages.some((m) => m.severity === 'error') ? 'red' : messages.length ? 'yellow' : 'green', summary(report.files, messages)));
  return lines.join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function summary(files: number, messages: readonly LintMessage[]): string {
  const { errors, warnings } = countLevels(messages);
  const checked = `${plural(files, 'postmortem')} checked`;
  if (!messages.length) return `✔ ${checked}, no problems`;
  return `${errors ? '✖' : '⚠'} ${checked}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}
