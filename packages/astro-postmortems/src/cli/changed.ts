/** The files a pull request changed, as CI lists them (`git diff --name-only` into a file), narrowed to postmortems. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { POSTMORTEMS_DIR } from '../core/paths.ts';

/** Repository-relative paths of the changed postmortems in a newline-separated list file, in order, without duplicates. */
export function readChangedList(cwd: string, listFile: string): string[] {
  const text = readFileSync(resolve(cwd, listFile), 'utf8');
  return changedPostmortems(text.split(/\r?\n/));
}

export function changedPostmortems(paths: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of paths) {
    const path = raw.trim().replace(/^\.\//, '');
    if (path.startsWith(`${POSTMORTEMS_DIR}/`) && path.endsWith('.mdx')) out.add(path);
  }
  return [...out];
}

/** Changed postmortems that still exist (a deleted file has nothing to check or show). */
export function existing(cwd: string, paths: readonly string[]): string[] {
  return paths.filter((p) => existsSync(resolve(cwd, p)));
}
