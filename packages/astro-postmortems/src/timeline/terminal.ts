/**
 * Text bound for a terminal. Every value this command prints that it did not
 * write itself (file names, channel names, people, message text) goes through
 * `shown()`, so a message cannot move the cursor, recolour the screen, fake a
 * line of the report or reorder text with bidirectional controls; and the
 * whole output goes through `terminalSafe()` once more before it is written.
 *
 * This is the only place the timeline command escapes terminal output: when
 * the project's shared terminal escaping lands in src/cli/, these two
 * functions become calls to it.
 */

// C0 controls but tab, DEL, C1 controls, bidi embeddings/overrides/isolates, line and paragraph separators.
const UNSAFE_IN_VALUE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;
const UNSAFE_IN_OUTPUT = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

const escape = (c: string) => `\\u{${c.codePointAt(0)!.toString(16)}}`;

/** One value, on one line, with every control character visible as `\u{1b}`. */
export function shown(value: string): string {
  return value.replace(UNSAFE_IN_VALUE, escape);
}

/** A whole block of output: line breaks kept, every other control character made visible. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE_IN_OUTPUT, escape);
}

/** JSON for a terminal or a pipe: `JSON.stringify` escapes C0 controls; bidi and separators are escaped too. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
