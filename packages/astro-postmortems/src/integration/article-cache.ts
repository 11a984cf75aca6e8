/**
 * Where a postmortem's rendered HTML is kept between the loader and the page:
 * a content-addressed file (`<sha256>.html`) in the project's cache folder
 * (`cache-folder.ts`: outside the repository, created and verified by the
 * loader), not the data store. Astro bundles the whole data store into one
 * JavaScript module of the build, so HTML kept there is held several times
 * over in the bundler's memory (1.3 GB more at 5,000 postmortems, measured); a
 * file per article is written once and read once, when its page is rendered.
 * The page checks the file still hashes to its name, so a cache changed after
 * the check is never published. The HTML is data, never a module.
 */
import { unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import { sha256 } from '../core/utils/hash.ts';
import { CacheError, keepCacheFile, pruneFolder, readCacheFile, writeCacheFile } from './cache-folder.ts';

/** An article or counted-words file, as `writeCached` names it. */
export const CACHED_NAME = /^[0-9a-f]{64}\.(?:html|terms)$/;

/**
 * The largest article or counted-words file there can be: a postmortem is at most 64 K characters
 * (`PARSE_LIMITS`), and its HTML, highlighted code and all, a few times that.
 */
export const MAX_CACHED_BYTES = 32 * 1024 * 1024;

/** Writes `html` and returns the file's absolute path. */
export function writeArticle(folder: string, html: string): string {
  return writeCached(folder, html, 'html');
}

/**
 * Writes the words "similar incidents" compares (`termCounts`) beside the article: a few KB per postmortem that
 * would otherwise be 45 % of the data store (11 MB of 25 MB at 5,000), which Astro serialises on every change in
 * dev and bundles into the build.
 */
export function writeTerms(folder: string, terms: string): string {
  return writeCached(folder, terms, 'terms');
}

function writeCached(folder: string, text: string, extension: string): string {
  const file = join(folder, `${sha256(text)}.${extension}`);
  // Written aside and renamed, under a name no other writer has (`writeCacheFile`): identical postmortems rendered
  // at once by two worker threads write the same file, and a page never reads half of one.
  writeCacheFile(file, text);
  return file;
}

/** The HTML of an article, refusing a file whose content no longer matches its name. */
export function readArticle(file: string): string {
  return readCached(file);
}

/** The counted words written by `writeTerms`, checked like an article. */
export function readTerms(file: string): string {
  return readCached(file);
}

function readCached(file: string): string {
  const name = basename(file);
  if (!CACHED_NAME.test(name)) throw new CacheError(`${file} is not a file the loader writes; build again`);
  let text: string;
  try {
    text = readCacheFile(file, MAX_CACHED_BYTES).toString('utf8');
  } catch (error) {
    throw new CacheError(
      `The rendered file ${file} could not be read (${(error as Error).message}); build again (the loader renders it anew)`,
    );
  }
  if (sha256(text) !== name.replace(/\.[a-z]+$/, '')) {
    // Removed, so that the next run renders it again instead of reusing it.
    try {
      unlinkSync(file);
    } catch {
      // Already gone.
    }
    throw new CacheError(`The rendered file ${file} changed after it was checked; build again (the loader renders it anew)`);
  }
  return text;
}

/**
 * Whether a file the last run wrote is still there to be reused: a regular file with one name, which is marked as in
 * use now, so that no loader prunes it while this one runs (`pruneBefore`). Its content is verified where it is read.
 */
export function keepArticle(folder: string, file: unknown): file is string {
  return (
    typeof file === 'string' &&
    file === join(folder, basename(file)) &&
    CACHED_NAME.test(basename(file)) &&
    keepCacheFile(file, MAX_CACHED_BYTES)
  );
}

/** Removes articles and terms files no entry points at any more and no running loader may read (`pruneFolder`). */
export function pruneArticles(folder: string, keep: ReadonlySet<string>, before: number): void {
  pruneFolder(folder, keep, CACHED_NAME, before);
}
