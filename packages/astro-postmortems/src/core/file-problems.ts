/**
 * Problems reported by the repository walk and the reader (`repository.ts`)
 * rather than by a rule module: documented like the rules (`docs/rules.md` is
 * generated from here too) and, like them, set to another level or turned off
 * with `rules` in `postmortems.config.ts`. Two rule ids are also reported from
 * there: `filename/pattern` for a Markdown file that is not `.mdx`, and
 * `mdx/syntax` for a file over the size limit; their modules document them.
 */
import type { PostmortemConfig } from './config.ts';
import type { LintMessage } from './messages.ts';
import type { DocumentedProblem } from './rule.ts';

export const fileUnexpected: DocumentedProblem = {
  id: 'file/unexpected',
  level: 'error',
  description: 'Something under `postmortems/` is neither a postmortem nor an image one shows.',
  docs: {
    meaning:
      'Something under `postmortems/` is neither a postmortem (`.mdx`) nor an image one shows: another file, a hidden file or folder (`.gitkeep` aside), a symbolic link that points outside the repository (never followed), or a file or folder whose name holds a line break, a control or bidirectional character or `##[` (a name becomes a page address that Astro prints in its log, where such characters could run a CI workflow command; never a postmortem, even with `filename/pattern` turned off). Reported so that nothing is skipped silently.',
    fix: 'Move the file out of `postmortems/` or delete it; copy what a link points at into the repository; rename a file whose name holds control characters.',
    trigger: '`postmortems/notes.txt`, `postmortems/.draft.mdx`, `postmortems/logs -> /var/log`',
    ok: [],
    notOk: [
      {
        fixture: 'postmortems/notes.txt',
        message:
          'Unexpected file `notes.txt` in `postmortems/`, expected only postmortems (`.mdx`) and the images they show (.png, .jpg, .jpeg, .gif, .webp, .avif); move it out of `postmortems/` or delete it',
      },
    ],
  },
};

export const renderRefused: DocumentedProblem = {
  id: 'render/refused',
  level: 'error',
  description: 'The renderer refused something the rules should have refused.',
  docs: {
    meaning:
      'The renderer met something the rules should have refused (an expression, ESM, raw HTML, an element or attribute off the allow-list, an unsafe link or image): it stops rather than render a guess. Never expected; it means a gap in the rules.',
    fix: 'Remove the construct the message names, and please report it.',
    trigger: '—',
    ok: [],
    notOk: [],
  },
};

export const fileUnreadable: DocumentedProblem = {
  id: 'file/unreadable',
  level: 'error',
  description: 'A file or folder under `postmortems/` cannot be read.',
  docs: {
    meaning:
      'A file or folder under `postmortems/` cannot be read, a symbolic link is broken or loops, or a `.mdx` entry is a named pipe, socket or device (reported, never read).',
    fix: 'Fix the permissions or the link; replace a special file with a regular one.',
    trigger: 'a link to a deleted file',
    ok: [],
    notOk: [],
  },
};

export const fileEncoding: DocumentedProblem = {
  id: 'file/encoding',
  level: 'error',
  description: 'The file is not UTF-8.',
  docs: {
    meaning: 'The file is not UTF-8.',
    fix: 'Re-save it as UTF-8.',
    trigger: 'a file saved as Latin-1',
    ok: [],
    // The documentation test writes a Latin-1 `é` into the file.
    notOk: [
      {
        fixture: 'postmortems/2025-03-04-latin-1.mdx',
        message: 'Unexpected bytes that are not UTF-8, expected a UTF-8 text file; re-save the file as UTF-8',
      },
    ],
  },
};

export const fileTimeLimit: DocumentedProblem = {
  id: 'file/time-limit',
  level: 'error',
  description: "A file's check ran out of time; it was not checked, so it cannot pass.",
  docs: {
    meaning:
      'Reading, parsing and checking the file took longer than the limit (20 s unless `POSTMORTEMS_FILE_TIME_LIMIT` says otherwise), where a 64 KB file of the worst shapes known takes under a second: some text in it makes the parser, a rule or a pattern of `postmortems.config.ts` (a custom `blamelessPhrases` entry, say) slow. The check of that file is stopped, so a pull request cannot hold CI until its timeout; the file is never published. After three such files the rest of the run is left unchecked, each file reported so. Unlike the other rules it cannot be turned off or lowered: a file that was not checked cannot pass.',
    fix: 'Remove or split the unusual part (a very long run of one character, deep nesting, a huge table), or fix the configured pattern, and please report the file. On a slow or busy machine, raise `POSTMORTEMS_FILE_TIME_LIMIT` (seconds).',
    trigger: 'a configured blameless phrase `(a+)+b` and a line of `a`s',
    ok: [],
    notOk: [],
  },
};

/** Seconds one file's check may take unless `POSTMORTEMS_FILE_TIME_LIMIT` says otherwise (time-limit.ts; the writing page's checker too). */
export const DEFAULT_FILE_TIME_LIMIT = 20;

/** Files that may run out of time in one run before the rest are left unchecked (each costs the whole limit). */
export const MAX_TIMED_OUT_FILES = 3;

function seconds(ms: number): string {
  return `${(ms / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} s`;
}

/** A `file/time-limit` error: at the top of the file, since no part of it was found to blame. */
function timeLimitError(file: string, message: string): LintMessage {
  return { file, line: 1, column: 1, rule: fileTimeLimit.id, severity: 'error', message };
}

/** The message of a file whose check ran out of time: `check`, the build, `astro dev` and the writing page. */
export function outOfTime(file: string, limitMs: number): LintMessage {
  return timeLimitError(
    file,
    `Unexpected check still running after ${seconds(limitMs)}, expected a file to be checked in well under a second; something in this file makes the parser, a rule or a pattern of postmortems.config.ts slow (a long run of one character, deep nesting): remove or split that part, and please report the file. On a slow machine, raise POSTMORTEMS_FILE_TIME_LIMIT (seconds)`,
  );
}

/** The message of a file left unchecked because too many before it ran out of time. */
export function leftUnchecked(file: string, limitMs: number): LintMessage {
  return timeLimitError(
    file,
    `Unexpected file left unchecked: the check stopped after ${MAX_TIMED_OUT_FILES} files each took over ${seconds(limitMs)}, expected every file checked; fix the files reported with \`${fileTimeLimit.id}\` first, then check again`,
  );
}

/** Rule ids the configuration cannot turn off or lower: what they report was not checked, so it must not pass. */
export const UNCHANGEABLE_RULES: ReadonlySet<string> = new Set([fileTimeLimit.id]);

/** In the order `docs/rules.md` lists them. */
export const fileProblems: readonly DocumentedProblem[] = [fileUnexpected, renderRefused, fileUnreadable, fileEncoding, fileTimeLimit];

/**
 * A problem found outside the rule modules at the level the configuration gives its id (`undefined` when it is
 * turned off); rule modules' messages get theirs in `lintFile`.
 */
export function atConfiguredLevel(message: LintMessage, config: PostmortemConfig): LintMessage | undefined {
  if (UNCHANGEABLE_RULES.has(message.rule)) return message;
  // Found before or without the frontmatter: a level per status does not apply, only a single configured level.
  const setting = config.rules[message.rule];
  const level = typeof setting === 'string' ? setting : undefined;
  if (level === 'off') return undefined;
  return level && level !== message.severity ? { ...message, severity: level } : message;
}
