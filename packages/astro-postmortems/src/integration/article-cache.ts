/**
 * Where a postmortem's rendered HTML is kept between the loader and the page:
 * a content-addressed file (`<sha256>.html`) in Astro's cache folder, not the
 * data store. Astro bundles the whole data store into one JavaScript module of
 * the build, so HTML kept there is held several times over in the bundler's
 * memory (1.3 GB more at 5,000 postmortems, measured); a file per article is
 * written once and read once, when its page is rendered. The page checks the
 * file still hashes to its name, so a cache changed after the check is never
 * published. The HTML is data, never a module.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '../core/utils/hash.ts';

const FOLDER = 'postmortem-articles';

export function articleFolder(cacheDir: URL): string {
  return join(fileURLToPath(cacheDir), FOLDER);
}

/** Writes `html` (if not there already) and returns the file's absolute path. */
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
  mkdirSync(folder, { recursive: true });
  // Written aside and renamed, so a page never reads half a file.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, file);
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
  const text = readFileSync(file, 'utf8');
  const name = file.slice(file.lastIndexOf('/') + 1).replace(/\.[a-z]+$/, '');
  if (sha256(text) !== name) throw new Error(`The rendered file ${file} changed after it was checked; build again`);
  return text;
}

/** Removes articles and terms files no entry points at any more (after a full load). */
export function pruneArticles(folder: string, keep: ReadonlySet<string>): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) if (!keep.has(join(folder, name))) rmSync(join(folder, name), { force: true });
}
