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
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const FOLDER = 'postmortem-articles';

export function articleFolder(cacheDir: URL): string {
  return join(fileURLToPath(cacheDir), FOLDER);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Writes `html` (if not there already) and returns the file's absolute path. */
export function writeArticle(folder: string, html: string): string {
  const file = join(folder, `${sha256(html)}.html`);
  mkdirSync(folder, { recursive: true });
  // Written aside and renamed, so a page never reads half a file.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, html);
  renameSync(temp, file);
  return file;
}

/** The HTML of an article, refusing a file whose content no longer matches its name. */
export function readArticle(file: string): string {
  const html = readFileSync(file, 'utf8');
  const name = file.slice(file.lastIndexOf('/') + 1).replace(/\.html$/, '');
  if (sha256(html) !== name) throw new Error(`The rendered article ${file} changed after it was checked; build again`);
  return html;
}

/** Removes articles no entry points at any more (after a full load). */
export function pruneArticles(folder: string, keep: ReadonlySet<string>): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) if (!keep.has(join(folder, name))) rmSync(join(folder, name), { force: true });
}
