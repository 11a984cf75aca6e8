/**
 * "Last updated" dates from git history: one `git log` over the postmortems
 * folder per build (not one process per file), cached per repository root.
 *
 * Returns nothing, rather than a wrong date, when there is no usable history:
 * no `git`, no repository (a source archive), or a shallow clone (where every
 * file would seem to date from the one fetched commit).
 */
import { execFileSync } from 'node:child_process';
import { globalMemo } from '../integration/dev-session.ts';

/** `git log --format=%x00%cI --name-only`: a NUL line start, the commit date, then the files it touched. */
export const GIT_LOG_FORMAT = '%x00%cI';

/**
 * Parses `git log --name-only --format=%x00%cI` output, newest commit first,
 * into the date of the latest commit that touched each path.
 */
export function parseNameOnlyLog(output: string): Map<string, string> {
  const dates = new Map<string, string>();
  for (const chunk of output.split('\0')) {
    const lines = chunk.split('\n');
    const date = lines[0]!.trim();
    if (!date) continue;
    for (const line of lines.slice(1)) {
      const path = line.trim();
      if (path && !dates.has(path)) dates.set(path, date);
    }
  }
  return dates;
}

// Kept across `astro dev` reloads: the dates change only with commits, not with edits to the working tree.
const cache = globalMemo('git-dates', () => new Map<string, Map<string, string> | undefined>());

function git(root: string, args: string[]): string {
  return execFileSync('git', ['-C', root, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 512 * 1024 * 1024,
  });
}

/**
 * The last commit date (ISO 8601, committer's offset) of every file under
 * `dir`, keyed by path relative to `root`; `undefined` when the history is
 * missing or shallow. Never throws.
 */
export function lastCommitDates(root: string, dir = 'postmortems'): Map<string, string> | undefined {
  const key = `${root}\0${dir}`;
  if (cache.has(key)) return cache.get(key);
  let dates: Map<string, string> | undefined;
  try {
    if (git(root, ['rev-parse', '--is-shallow-repository']).trim() !== 'false') dates = undefined;
    else dates = parseNameOnlyLog(git(root, ['log', '--name-only', '--relative', `--format=${GIT_LOG_FORMAT}`, '--', dir]));
  } catch {
    dates = undefined;
  }
  cache.set(key, dates);
  return dates;
}

/** The last commit date of one file (path relative to `root`, `/`-separated), or `undefined`. */
export function lastUpdated(root: string, path: string, dir = 'postmortems'): string | undefined {
  return lastCommitDates(root, dir)?.get(path);
}
