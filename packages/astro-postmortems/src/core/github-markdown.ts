/**
 * GitHub Markdown out: the one way text from a postmortem (titles, owners, paths, messages that quote them) is put
 * into what GitHub renders: issue and pull-request bodies (`postmortems sync`), the weekly report (`postmortems
 * report`), the job summary (`postmortems pr-summary`), and the plain-text surfaces beside them (issue titles,
 * commit messages, annotations).
 *
 * Two layers make a value inert:
 * 1. Markdown: a value is one line (white space folded, so it never starts a block, a list or a table row) whose
 *    every character that could open or close an inline construct is backslash-escaped (CommonMark §2.4: a
 *    backslash before ASCII punctuation makes it literal, in table cells too, GFM §4.10): no emphasis, code, link,
 *    image, HTML, autolink `<…>`, entity, footnote, strikethrough, math or cell break.
 * 2. GitHub's text processing, which runs on the rendered text, after Markdown, so a backslash cannot stop it:
 *    `@user` and `@org/team` mentions (which notify), `#123`, `GH-123`, `owner/repo#123` and commit SHAs
 *    (references, which link and add a "mentioned" event to the target), `:emoji:` shortcodes, and the literal
 *    autolinks `https://…`, `www.…` and `a@b.example`. A zero-width space (U+200B) is put where each would match
 *    (after `@`, after `#`, inside a hex run, after the first `:`…), as Dependabot and Renovate do for mentions:
 *    the text reads and copies the same, and nothing matches.
 * White space, line breaks (U+2028 too) and control characters fold to one space; bidi controls and lone
 * surrogates are shown as escapes (`\u{202e}`), as in terminal output (terminal-text.ts).
 *
 * What is meant to notify or link (the configured owners' handles, the postmortem's address, an item's ticket)
 * goes through `mention` and `markdownHref`, which accept only a GitHub handle and an absolute http(s) URL.
 */
import { displayText } from './terminal-text.ts';

/** White space of any kind (line breaks, tabs, U+2028, no-break spaces) and controls: one space. */
const BREAKS = /[\s\p{Cc}]+/gu;

const ZWSP = '\u200B';

/**
 * Where GitHub's post-Markdown filters would match, and where a zero-width space stops each. `@`: mentions, team
 * mentions, e-mail autolinks and `user@sha`. `#` before a digit: issue references, also `owner/repo#1`. `GH-1`.
 * `:name:`: emoji shortcodes. `scheme://` and `www.`: literal autolinks. A run of 7 or more hex digits (any case):
 * a commit SHA or a prefix of one, cut into pieces of 6.
 */
function defuseReferences(text: string): string {
  return text
    .replaceAll('@', `@${ZWSP}`)
    .replace(/#(?=\d)/g, `#${ZWSP}`)
    .replace(/\b(GH-)(?=\d)/gi, `$1${ZWSP}`)
    .replace(/:(?=[\w+-]+:)/g, `:${ZWSP}`)
    .replace(/:(?=\/\/)/g, `:${ZWSP}`)
    .replace(/(www)\./gi, `$1${ZWSP}.`)
    .replace(/[0-9a-f]{7,}/gi, (run) => run.replace(/[0-9a-f]{6}(?=[0-9a-f])/gi, `$&${ZWSP}`));
}

/** One line, controls shown as escapes: the common start of every value. */
function oneLine(value: unknown): string {
  return displayText(
    String(value ?? '')
      .replace(BREAKS, ' ')
      .trim(),
  );
}

/**
 * Text for a GitHub surface that is not Markdown but still finds mentions and references in what it shows: issue
 * and pull-request titles, commit messages, annotations (`::error …::message`, shown as plain text).
 */
export function githubPlainText(value: unknown): string {
  return defuseReferences(oneLine(value));
}

/**
 * Characters that start or end an inline construct in GitHub Flavored Markdown: escapes, code, emphasis and
 * strikethrough, links and images, HTML and autolinks `<…>`, entities `&…;` (`&#64;` would become an `@`), table
 * cells `|`, and GitHub's math `$…$`.
 */
const MARKDOWN_SPECIAL = /[\\`*_~[\]<>!&|$]/g;

/** What makes a line a block when it starts one: a heading, quote, list item, thematic break or setext underline. */
const BLOCK_START = /^(?:[#>+=-]|\d+(?=[.)]))/;

/** Plain text in Markdown (a paragraph, a table cell, a heading, a list item): shown exactly as written, never as markup. */
export function markdownText(value: unknown): string {
  const text = defuseReferences(oneLine(value)).replace(MARKDOWN_SPECIAL, '\\$&');
  const start = BLOCK_START.exec(text);
  if (!start) return text;
  // `1. x` stays a number: only the `.` or `)` after it is escaped.
  return /^\d/.test(start[0]) ? `${start[0]}\\${text.slice(start[0].length)}` : `\\${text}`;
}

/**
 * A code span (for file paths and ids): Markdown, HTML, mentions and references are not read inside one. The fence
 * is one backtick longer than the longest run inside, so no backtick in the value can close it; in a table, `|` is
 * escaped (GFM reads `\|` as a pipe even inside code), elsewhere it is left alone (a backslash would show).
 */
export function markdownCode(value: unknown, options: { inTable: boolean }): string {
  let body = oneLine(value);
  if (options.inTable) body = body.replaceAll('|', '\\|');
  const fence = '`'.repeat(Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length)) + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || body === '' ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/**
 * A link destination, or `undefined` when `url` is not an absolute http(s) URL (`javascript:`, `data:`, relative or
 * unparsable): such a value is shown as text, never linked. The URL is WHATWG-serialised, then what could end the
 * destination or the table cell (parentheses, brackets, `<>`, `|`, backslash, backtick, white space) is
 * percent-encoded, and `&` is backslash-escaped so that no entity in it is decoded.
 */
export function markdownHref(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  return parsed.href
    .replace(/[()[\]<>|\\`\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
    .replaceAll('&', '\\&');
}

/** `[text](url)` when `url` is an http(s) address, else the text alone. */
export function markdownLink(text: unknown, url: string | undefined): string {
  const href = url === undefined ? undefined : markdownHref(url);
  return href ? `[${markdownText(text)}](${href})` : markdownText(text);
}

/** A GitHub login (what `github.owners` accepts, and a repository's owner): letters, digits and single hyphens, at most 39 characters. */
export const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/**
 * The one mention this module writes: configured handles, each `@handle`, to notify an item's owners. Anything
 * that is not a GitHub login is shown as inert text instead.
 */
export function mention(handles: readonly string[]): string {
  return handles.map((h) => (GITHUB_LOGIN.test(h) ? `@${h}` : markdownText(`@${h}`))).join(' ');
}
