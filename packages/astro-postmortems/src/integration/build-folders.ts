/**
 * The folders Astro and Vite write in the project, checked before anything writes there.
 *
 * They are caches and build output, never part of a repository, yet a pull request can commit anything in them
 * (`git add -f`), and what Astro does there follows links: it empties `dist/` by listing it and removing each entry
 * (a `dist` that is a link to the home folder empties the home folder), writes its data store as
 * `data-store.json.tmp` before renaming it (a link there overwrites its target), writes `.astro/*.d.ts` in place,
 * reads `data-store.json` whole (a link to `/dev/zero` never ends, a FIFO never answers), and Vite replaces
 * `node_modules/.vite/deps`. So each folder, and each folder on the way to it inside the project, must be a real
 * folder, and nothing inside the cache folders may be a link, a device, a FIFO, a socket or a file with a second
 * name (a hard link, which a write in place would change): otherwise the run stops, naming each entry, before
 * Astro reads or writes any of them. `dist/`'s own entries need no check: Astro removes them as names (`rm` never
 * follows a link) before it writes. The loader's own caches are elsewhere (`cache-folder.ts`).
 */
import { lstatSync, readdirSync, readlinkSync, type Stats } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { displayText } from '../core/terminal-text.ts';

export interface BuildFolders {
  root: string;
  /** `dist/`: emptied and written by `astro build`, indexed by Pagefind. */
  outDir: string;
  /** Caches read back on the next run: `node_modules/.astro` (the build's data store), `.astro` (dev's data store and types), `node_modules/.vite`. */
  caches: string[];
}

/** The folders of an Astro project as Astro 7 places them (`.astro/` and Vite's cache are not configurable by Astro). */
export function buildFolders(root: string, outDir: string, cacheDir: string): BuildFolders {
  return { root, outDir, caches: [cacheDir, join(root, '.astro'), join(root, 'node_modules', '.vite')] };
}

/** Entries a cache folder may hold before the walk gives up (Vite's dependency cache holds a few hundred). */
const MAX_ENTRIES = 100_000;

/** Each entry that would make the build write, delete or read outside the project, described; empty when none. */
export function unsafeBuildEntries(folders: BuildFolders): string[] {
  const problems = pathProblems(folders.root, folders.outDir);
  for (const folder of folders.caches) {
    const onTheWay = pathProblems(folders.root, folder);
    // A folder reached through a link is not walked: its contents are not the project's.
    problems.push(...(onTheWay.length ? onTheWay : contentProblems(folders.root, folder)));
  }
  return [...new Set(problems)];
}

/** Each folder from the project root down to `folder` (or `folder` alone, when the configuration puts it elsewhere) must be a real folder where it exists. */
function pathProblems(root: string, folder: string): string[] {
  const inside = relative(root, folder);
  const steps =
    inside && !inside.startsWith('..') && !isAbsolute(inside)
      ? inside.split(sep).map((_, i, parts) => join(root, ...parts.slice(0, i + 1)))
      : [folder];
  for (const path of steps) {
    const stat = lstatOrUndefined(path);
    if (!stat) return [];
    if (stat.isSymbolicLink()) return [`${shown(root, path)} is a symbolic link (to ${displayText(readlinkSync(path))}), not a folder`];
    if (!stat.isDirectory()) return [`${shown(root, path)} is not a folder`];
  }
  return [];
}

function contentProblems(root: string, folder: string): string[] {
  const problems: string[] = [];
  let seen = 0;
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (++seen > MAX_ENTRIES) {
        problems.push(`${shown(root, folder)} holds more than ${MAX_ENTRIES} entries`);
        return;
      }
      const path = join(dir, name);
      const stat = lstatOrUndefined(path);
      if (!stat) continue;
      if (stat.isDirectory()) walk(path);
      else {
        const problem = entryProblem(stat);
        if (problem)
          problems.push(
            `${shown(root, path)} ${problem === 'a symbolic link' ? `is a symbolic link (to ${displayText(readlinkSync(path))})` : `is ${problem}`}`,
          );
      }
      if (seen > MAX_ENTRIES) return;
    }
  };
  if (isRealFolder(folder)) walk(folder);
  return problems;
}

function entryProblem(stat: Stats): string | undefined {
  if (stat.isSymbolicLink()) return 'a symbolic link';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isFile() && stat.nlink > 1) return `a file with ${stat.nlink} names (a hard link)`;
  return undefined;
}

function isRealFolder(path: string): boolean {
  return lstatOrUndefined(path)?.isDirectory() ?? false;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** A path for the message, relative to the project, its characters shown (file names are a pull request's to choose). */
function shown(root: string, path: string): string {
  const inside = relative(root, path);
  return displayText(inside && !inside.startsWith('..') ? inside : path);
}

/** The message of a refused run: what was found and what to do. */
export function unsafeBuildMessage(problems: readonly string[]): { message: string; hint: string } {
  return {
    message: `Refusing to run: ${problems.length === 1 ? 'an entry' : `${problems.length} entries`} in the folders the build writes would make it write, delete or read outside the project:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    hint:
      'These folders hold caches and build output, never part of a repository: a pull request may have committed these entries (git add -f). ' +
      'Remove each one (rm on a link removes the link, not what it points to), or delete the folders (rm -rf dist .astro node_modules/.astro node_modules/.vite), then run again.',
  };
}
