/** What every consumer of the rules (CLI, build, editor) receives. */
export type Level = 'error' | 'warning';

export interface LintMessage {
  /** Path relative to the repository root, `/`-separated. */
  file: string;
  line: number;
  column: number;
  /** Stable rule id, e.g. `sections/missing`. */
  rule: string;
  severity: Level;
  /** A sentence saying what is wrong and how to fix it. */
  message: string;
}

export function compareMessages(a: LintMessage, b: LintMessage): number {
  return a.file < b.file
    ? -1
    : a.file > b.file
      ? 1
      : a.line - b.line || a.column - b.column || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

export function countLevels(messages: readonly LintMessage[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const m of messages) if (m.severity === 'error') errors++;
  return { errors, warnings: messages.length - errors };
}
