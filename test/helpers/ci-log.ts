/**
 * What GitHub's runner would act on in a step's output, read as the runner reads it (actions/runner,
 * src/Runner.Common/ActionCommand.cs and src/Runner.Worker/ActionCommandManager.cs): lines split on `\n`, `\r`
 * and `\r\n` (.NET `ReadLine`); a workflow command is a line that starts with `::` after white space (`TrimStart`),
 * or holds `##[` anywhere (the legacy form). The runner compares with .NET's culture-aware `StartsWith` and
 * `IndexOf`, which skip default-ignorable characters, so they are skipped here too. A terminal would act on any
 * other control character (escape sequences), and bidi controls reorder what is read.
 *
 * Written from the runner's rules, not from core/terminal-text.ts, so that the tests check the module against an
 * independent reading.
 */
const IGNORABLE = '\\p{Default_Ignorable_Code_Point}';
const COMMAND_START = new RegExp(`^(?:\\s|${IGNORABLE})*:${IGNORABLE}*:`, 'u');
const LEGACY = new RegExp(`#${IGNORABLE}*#${IGNORABLE}*\\[`, 'u');
/** Raw characters no output may hold: controls but the line feed, separators, bidi controls, lone surrogates. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|[\ud800-\udfff]/u;

export interface LogProblem {
  line: string;
  why: string;
}

/**
 * Every line of `output` the runner would run as a command or a terminal would act on. `annotations`: lines that
 * are the tool's own annotations (`::error file=…`, `::warning …`, `::notice …`) are expected, once each per
 * message, and are checked to hold one command and no raw line break instead.
 */
export function ciLogProblems(output: string, options: { annotations?: boolean } = {}): LogProblem[] {
  const problems: LogProblem[] = [];
  const raw = RAW.exec(output);
  if (raw)
    problems.push({
      line: output.slice(Math.max(0, raw.index - 40), raw.index + 40),
      why: `raw U+${raw[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
    });
  for (const line of output.split(/\r\n|\r|\n/)) {
    if (
      COMMAND_START.test(line) &&
      !(options.annotations && /^::(?:error|warning|notice) (?:file=[^,:]*,line=\d+,col=\d+,)?title=[^:,]*::[^\r\n]*$/.test(line))
    ) {
      problems.push({ line, why: 'starts a workflow command' });
    }
    if (LEGACY.test(line)) problems.push({ line, why: 'holds a legacy workflow command (##[)' });
  }
  return problems;
}
