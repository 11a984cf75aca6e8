/**
 * Text for a terminal or a CI log: the one way user-derived text (file names, titles, owners, messages that quote
 * them, error messages that carry paths) is printed by any command, the build's loader and the search step.
 *
 * A value is shown as written, on one line, and can do nothing but be read:
 * - line breaks (`\n`, `\r`, U+2028, U+2029) cannot start a line of their own, which in GitHub Actions would be a
 *   workflow command (`::error …`, `::add-mask::`, `::stop-commands::`), nor fake a line of a report;
 * - C0 and C1 controls (ESC, CSI, BEL…) cannot move the cursor, recolour the screen, set the window title or
 *   write a hyperlink; bidirectional controls cannot reorder what is read;
 * - GitHub's runner reads a workflow command at the start of a line after white space (`::`) and, in its legacy
 *   form, anywhere in a line (`##[name]`); both are broken in every value. The runner compares with .NET's
 *   culture-aware `StartsWith`/`IndexOf`, which skip default-ignorable characters (a soft hyphen, a zero-width
 *   space), so `#\u00AD#[` counts as `##[` and is broken too.
 * Every such character is written as an escape a reader understands (`\n`, `\t`, `\u{1b}`, `\u{202e}`); a value
 * without any is printed unchanged. Backslashes are left alone, so the rules' own messages (which quote Markdown
 * such as `\*`) read as written; the display is for people, not a serialisation to decode.
 *
 * `displayText` is for one value (or one whole message); `displayLine` is the tagged template that builds a
 * message from trusted words and escaped values; `displayBlock` is the last guard on a whole output (line breaks
 * kept); `displayJson` is JSON that a terminal or log cannot misread and a JSON reader decodes unchanged.
 */

/** C0 and C1 controls (tab and line feed included), DEL, line and paragraph separators, bidi controls, lone surrogates. */
const UNSAFE = /[\p{Cc}\u2028\u2029\p{Bidi_Control}]|[\ud800-\udfff]/gu;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** What the runner skips when it compares: white space at a line's start (.NET `TrimStart`), default-ignorables anywhere. */
// One class, not `(?:\s|\p{…})*`: U+FEFF is both, and the alternation tried 2ⁿ ways to split a run of them (30 took
// seconds, on the function every printed value goes through).
const WORKFLOW_COMMAND_START = /^([\s\p{Default_Ignorable_Code_Point}]*):(?=\p{Default_Ignorable_Code_Point}*:)/u;
const LEGACY_COMMAND = /(#\p{Default_Ignorable_Code_Point}*#\p{Default_Ignorable_Code_Point}*)\[/gu;

const codePoint = (c: string) => `\\u{${c.codePointAt(0)!.toString(16)}}`;
const escapeChar = (c: string) => NAMED[c] ?? codePoint(c);

/** Controls escaped and every `##[` broken: what holds for any piece of a line. */
function escapePiece(text: string): string {
  return text.replace(UNSAFE, escapeChar).replace(LEGACY_COMMAND, '$1\\u{5b}');
}

/**
 * One value (or one message) on one line, shown as written but for the characters above, escaped. Idempotent:
 * a shown value is shown unchanged.
 */
export function displayText(value: unknown): string {
  return escapePiece(String(value)).replace(WORKFLOW_COMMAND_START, '$1\\u{3a}');
}

/**
 * A message built from trusted words and shown values: `displayLine\`could not read ${path}\``. Only the literal
 * parts can break a line, so a message is single-line by construction whatever it quotes.
 */
export function displayLine(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0]!;
  values.forEach((value, i) => (out += displayText(value) + strings[i + 1]!));
  return out;
}

/** An SGR sequence (colour, bold, dim): what `styleText` writes, and the only escape sequence a terminal's output keeps. */
const SGR = /(\x1b\[[0-9;]*m)/;

export interface BlockOptions {
  /** Lines starting with `::` are workflow commands the caller built itself (`check --format github`): kept. */
  workflowCommands?: boolean;
  /** Colour sequences (SGR) are kept: output to a terminal, which `check` colours. Elsewhere every escape is shown. */
  colour?: boolean;
}

/**
 * The last guard on a whole output before it is written: its own line breaks (`\n`) are kept; anything a value
 * should already have escaped is escaped here, line by line, with `displayText` (colour sequences aside, on a
 * terminal). Output built with `displayText` passes unchanged; a value some path forgot cannot run a workflow command.
 */
export function displayBlock(text: string, options: BlockOptions = {}): string {
  return text
    .split('\n')
    .map((line) => {
      if (options.workflowCommands && /^::[a-z]/.test(line)) return line;
      if (!options.colour) return displayText(line);
      const parts = line.split(SGR);
      // `split` with a capturing group: odd indexes are the colour sequences themselves.
      return parts.map((part, i) => (i === 0 ? displayText(part) : i % 2 ? part : escapePiece(part))).join('');
    })
    .join('\n');
}

/** In JSON text, characters `JSON.stringify` leaves raw that a terminal or the runner would act on. */
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029\p{Bidi_Control}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * JSON for a terminal, a log or a pipe: `JSON.stringify`'s text with DEL, C1 controls, separators, bidi controls and
 * default-ignorables escaped as `\uXXXX`, and the `[` of every `##[` too; a reader decodes the same value. JSON's
 * structure is ASCII and holds no `#`, so each of them is inside a string, and no line can start with `::`.
 */
export function displayJson(value: unknown, indent?: number): string {
  return JSON.stringify(value, null, indent)
    .replace(LEGACY_COMMAND, '$1\\u005b')
    .replace(JSON_UNSAFE, (c) => [...Array(c.length).keys()].map((i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}

interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A logger (Astro's, the integration's) whose every message is one shown line, whoever builds it. */
export function displayLogger(logger: Logger): Logger {
  return {
    info: (message) => logger.info(displayText(message)),
    warn: (message) => logger.warn(displayText(message)),
    error: (message) => logger.error(displayText(message)),
  };
}
