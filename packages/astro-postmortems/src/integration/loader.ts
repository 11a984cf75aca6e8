/**
 * The content loader for `postmortems/`. Each file is split once, parsed
 * once and checked by the same rules as `check`; a file with no error
 * is rendered to HTML from that same tree (`render-step.ts`, `render.ts`), the HTML written to
 * an article file and the frontmatter stored. No postmortem ever becomes a
 * JavaScript module: Astro's MDX compiler never sees `postmortems/`. A file
 * unchanged since the last run, with nothing it depends on changed, keeps its
 * last result (`check-cache.ts`).
 * In `astro build` any error fails the build listing every problem; in
 * `astro dev` bad files are reported and left out until they are fixed.
 */
import { AstroError } from 'astro/errors';
import type { Loader, LoaderContext } from 'astro/loaders';
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { relative, resolve, sep } from 'node:path';
import type { PostmortemConfig } from '../core/config.ts';
import type { RepositoryIndex } from '../core/rule.ts';
import { schemaFor } from '../core/lint.ts';
import { idFromPath } from '../core/parse.ts';
import { compareMessages, countLevels, type LintMessage } from '../core/messages.ts';
import { checkOne, checkPaths, collectResults, findPostmortems, indexRepository, POSTMORTEMS_DIR, type CheckedFile, type RenderStep } from '../core/repository.ts';
import { IMAGE_FILE } from '../core/images.ts';
import { isPublishedAs } from '../core/image-files.ts';
import { todayIso } from '../core/utils/time.ts';
import { formatText, messageLine } from '../core/format/index.ts';
import { displayLine, displayLogger, displayText } from '../core/terminal-text.ts';
import { atConfiguredLevel } from '../core/file-problems.ts';
import type { RenderedPostmortem, RenderStepOptions } from './render.ts';
import { keepArticle, pruneArticles } from './article-cache.ts';
import { projectCache, pruneBefore, type ProjectCache } from './cache-folder.ts';
import { recordAll, recordFile } from './dev-problems.ts';
import { publishEntry, resetLiveEntries } from '../lib/live-entries.ts';
import { dependencyKey, engineKey, fileDigest, readCheckCache, writeCheckCache, type CachedCheck, type CheckCache } from './check-cache.ts';
import { engineModule } from '../core/utils/module-url.ts';
import { frontmatterFor, isOnSite } from '../core/publishing.ts';

export const DOCS_URL = 'README.md#the-postmortem-format';

const RENDER_MODULE = engineModule('./render-step.ts', import.meta.url).href;

export function postmortemLoader(config: PostmortemConfig): Loader {
  return {
    name: 'postmortem-loader',
    schema: schemaFor(config),
    async load(ctx) {
      const started = Date.now();
      const root = fileURLToPath(ctx.config.root);
      if (ctx.watcher) resetLiveEntries();
      // Outside the repository, created and verified by the loader (cache-folder.ts): never a path a pull request chose.
      const folder = projectCache(root, (message) => ctx.logger.warn(displayText(message)));
      const options: RenderStepOptions = { base: ctx.config.base.replace(/\/?$/, '/'), ...(ctx.config.site ? { site: ctx.config.site } : {}), articles: folder.articles, audience: config.audience };
      const render: RenderStep = { module: RENDER_MODULE, options };
      const admit = admission(ctx, config);
      const today = todayIso();
      const found = await findPostmortems(root, POSTMORTEMS_DIR);
      const repository = indexRepository(found.files);
      // Only files whose result could differ from the last run's are checked and rendered again (check-cache.ts).
      const last = readCheckCache(folder.checks, engineKey(config, today, options.base));
      const { cache, stale, reusedMessages, keep, leftOut, articles, digests } = reuseUnchanged(ctx, root, folder, found.files, last, repository, admit);
      const result = collectResults(found.problems, stale.length ? await toolFailure(() => checkPaths(root, stale, found.files, { config, render, today })) : [], config);
      result.messages.push(...reusedMessages);
      result.messages.sort(compareMessages);
      for (const checked of result.checked) {
        const entry = await entryOf(ctx, checked, config);
        if (entry) {
          // A left-out draft's files are kept too: `astro dev` shows it from the same cache.
          articles.add(entry.rendered.metadata.article);
          articles.add(entry.rendered.metadata.terms);
          if (admit(entry.data)) {
            putEntry(ctx, entry);
            keep.add(checked.id);
          } else leftOut.push(checked.id);
        }
        const digest = digests.get(checked.path);
        if (digest) cache.files[checked.path] = cached(checked, digest, entry, repository);
      }
      for (const id of ctx.store.keys()) if (!keep.has(id)) ctx.store.delete(id);
      if (!keep.size) keepEmptyCollection(ctx);
      reportLeftOut(ctx, config, leftOut);
      pruneArticles(folder.articles, articles, pruneBefore(folder, started));
      saveCheckCache(ctx, folder.checks, cache);
      const fileCount = result.fileCount + found.files.length - stale.length;
      const reused = found.files.length - stale.length;
      if (found.files.length) ctx.logger.info(`Checked ${stale.length} postmortem${stale.length === 1 ? '' : 's'}${reused ? `; ${reused} unchanged since the last run reused` : ''}.`);
      const { errors } = countLevels(result.messages);
      if (errors && !ctx.watcher) {
        const failing = result.messages.filter((m) => m.severity === 'error');
        logMessages(ctx, result.messages.filter((m) => m.severity !== 'error'));
        throw buildError(failing, fileCount);
      }
      logMessages(ctx, result.messages);
      if (ctx.watcher) {
        recordAll(result.messages); // dev: the 404 page shows a left-out file's problems
        watch(ctx, root, config, render, { path: folder.checks, cache });
      }
    },
  };
}

/** Splits the files into those whose last result still holds (kept, their entries in the store) and the stale ones. */
function reuseUnchanged(ctx: LoaderContext, root: string, folder: ProjectCache, files: readonly string[], last: CheckCache, repository: RepositoryIndex, admit: Admission) {
  const cache: CheckCache = { ...last, files: {} };
  const stale: string[] = [];
  const reusedMessages: LintMessage[] = [];
  const keep = new Set<string>();
  const leftOut: string[] = [];
  const articles = new Set<string>();
  const digests = new Map<string, string>();
  for (const path of files) {
    const digest = digestOf(root, path);
    if (digest) digests.set(path, digest);
    const known = last.files[path];
    const article = known && known.digest === digest ? reusable(ctx, root, folder, path, known, repository, admit) : undefined;
    if (article === undefined) {
      stale.push(path);
      continue;
    }
    cache.files[path] = known!;
    reusedMessages.push(...known!.messages);
    if (article) {
      if (admit(known!.entry!.data)) keep.add(idFromPath(path));
      else leftOut.push(idFromPath(path));
      articles.add(article);
      articles.add(String(known!.entry!.rendered.metadata['terms']));
    }
  }
  return { cache, stale, reusedMessages, keep, leftOut, articles, digests };
}

/** Digest of a file's bytes, or `undefined` when it cannot be read (the check reports why). */
function digestOf(root: string, path: string): string | undefined {
  try {
    return fileDigest(readFileSync(resolve(root, path)));
  } catch {
    return undefined;
  }
}

/**
 * Whether the last run's result for an unchanged file still holds (see check-cache.ts): the article file of a
 * published one, `''` for one left out for its errors, `undefined` when it must be checked again.
 */
function reusable(ctx: LoaderContext, root: string, folder: ProjectCache, path: string, known: CachedCheck, repository: RepositoryIndex, admit: Admission): string | undefined {
  const id = idFromPath(path);
  if (known.dependencies !== dependencyKey(id, known.related, known.messages, repository)) return undefined;
  if (!known.entry) return '';
  const metadata = known.entry.rendered.metadata as Partial<RenderedPostmortem>;
  // Each still a file of the loader's own in the cache folder, and marked as in use so that no loader prunes it now.
  if (!keepArticle(folder.articles, metadata.article) || !keepArticle(folder.articles, metadata.terms)) return undefined;
  for (const image of metadata.images ?? []) {
    try {
      if (realpathSync(resolve(root, image.path)) !== image.file) return undefined;
      if (!isPublishedAs(readFileSync(image.file), image.name)) return undefined;
    } catch {
      return undefined;
    }
  }
  if (admit(known.entry.data)) putEntry(ctx, { id, filePath: path, ...known.entry });
  return metadata.article;
}

function cached(checked: CheckedFile, digest: string, stored: StoreEntry | undefined, repository: RepositoryIndex): CachedCheck {
  const related = checked.data ? (checked.data.related ?? []) : undefined;
  const entry = stored ? { data: stored.data, digest: stored.digest, rendered: { html: '', metadata: stored.rendered.metadata } } : undefined;
  return { digest, dependencies: dependencyKey(checked.id, related, checked.messages, repository), messages: checked.messages, ...(entry ? { entry } : {}), ...(related ? { related } : {}) };
}

/**
 * Runs the check of the stale files, turning a failure of the tool itself (a cache that cannot be written, in any
 * thread) into the build's own error, which names the cache and what to do: never a problem of an author's file.
 */
async function toolFailure<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toolError(error);
  }
}

function toolError(error: unknown): AstroError {
  const message = error instanceof Error ? error.message : String(error);
  const failure = new AstroError(
    displayLine`The postmortem loader stopped on a failure of its own, not of any postmortem: ${message}`,
    'Nothing in postmortems/ needs to change. Fix what the message names on this machine (its cache folder, disk space, permissions), then run again.',
  );
  failure.stack = error instanceof Error ? (error.stack ?? '') : '';
  return failure;
}

/** Writes the check cache; one that cannot be written costs the next run its reuse, so it is a warning, not a failure. */
function saveCheckCache(ctx: LoaderContext, path: string | undefined, cache: CheckCache): void {
  try {
    writeCheckCache(path, cache);
  } catch (error) {
    ctx.logger.warn(displayLine`${(error as Error).message} The next run checks every postmortem again.`);
  }
}

/** The build's failure: every error, in the `check` text format, without a stack trace (the problem is in content, not code). */
function buildError(failing: LintMessage[], files: number): AstroError {
  const fileCount = new Set(failing.map((m) => m.file)).size;
  const error = new AstroError(
    `${failing.length} postmortem error${failing.length === 1 ? '' : 's'} in ${fileCount} file${fileCount === 1 ? '' : 's'}, so the site was not built:\n${formatText({ files, messages: failing, strict: false })}`,
    `Fix each problem above (\`npm run check\` prints the same list), then build again. Format and rules: ${DOCS_URL}`,
  );
  error.stack = '';
  return error;
}

/** Each problem on one line through Astro's logger (which writes it as given): file and message shown, never raw. */
function logMessages(ctx: LoaderContext, messages: readonly LintMessage[]): void {
  const log = displayLogger(ctx.logger);
  for (const m of messages) (m.severity === 'error' ? log.error : log.warn)(messageLine(m));
}

/**
 * The data store entry of a file that has no error, with the HTML rendered from the tree its rules checked and the
 * frontmatter its audience gets (core/publishing.ts: an external build's entry holds no internal field, so no page,
 * feed, JSON file or search index can show one); `undefined` for a file left out for its errors.
 */
async function entryOf(ctx: LoaderContext, checked: CheckedFile, config: PostmortemConfig): Promise<StoreEntry | undefined> {
  const { id, path, source, data, messages } = checked;
  const rendered = checked.rendered as RenderedPostmortem | undefined;
  if (!data || !rendered || messages.some((m) => m.severity === 'error')) return undefined;
  const parsed = await ctx.parseData({ id, data: data as unknown as Record<string, unknown>, filePath: path });
  return storeEntry(ctx, { id, path, source, data: frontmatterFor(parsed, config.audience), rendered });
}

/** Whether an entry with this frontmatter goes in the store, that is on the site (`isOnSite`). */
type Admission = (data: Record<string, unknown>) => boolean;

function admission(ctx: LoaderContext, config: PostmortemConfig): Admission {
  const dev = Boolean(ctx.watcher);
  return (data) => isOnSite(String(data['status']), config, dev);
}

/**
 * Says what a production build left out and why: drafts (nowhere in the output), and the links to them that
 * published postmortems' `related` lists therefore do not show. The ids are the repository's own file names.
 */
function reportLeftOut(ctx: LoaderContext, config: PostmortemConfig, drafts: readonly string[]): void {
  if (!drafts.length) return;
  const why = config.publishDrafts ? 'an external build never publishes drafts' : 'drafts are published only with `publishDrafts: true`';
  ctx.logger.info(displayLine`Left out ${drafts.length} draft${drafts.length === 1 ? '' : 's'} (${why}): ${drafts.join(', ')}.`);
  const out = new Set(drafts);
  for (const entry of ctx.store.values()) {
    const hidden = ((entry.data['related'] as string[] | undefined) ?? []).filter((id) => out.has(id));
    if (hidden.length) ctx.logger.info(displayLine`${entry.id} lists the draft${hidden.length === 1 ? '' : 's'} ${hidden.join(', ')} in \`related\`: no link is shown until ${hidden.length === 1 ? 'it is' : 'they are'} published.`);
  }
}

/**
 * Stores an entry, replacing whatever the store held for its id. Astro's `set` keeps an existing entry with the
 * same digest, and the store is read back from a file in the project (`.astro/`, `node_modules/.astro/`) that a pull
 * request can commit with `git add -f`: an entry the loader did not write in this run is never kept.
 */
function putEntry(ctx: LoaderContext, entry: Parameters<LoaderContext['store']['set']>[0]): void {
  ctx.store.delete(entry.id);
  ctx.store.set(entry);
}

type StoreEntry = ReturnType<typeof storeEntry>;

/**
 * Leaves the collection in the store, empty. Astro's `getCollection` warns that a collection it never stored "does
 * not exist or is empty. Please check your content config file for errors": wrong and alarming for a repository
 * with no postmortem yet (a first day, after `init`) or only drafts, whose home page invites the first one instead.
 * An entry set then deleted leaves the collection's (empty) map, which the store file keeps.
 */
function keepEmptyCollection(ctx: LoaderContext): void {
  const id = '\0empty';
  ctx.store.set({ id, data: {} });
  ctx.store.delete(id);
}

/** What the data store keeps of a rendered postmortem (the bench's unchecked loader stores the same). */
export function storeEntry(ctx: LoaderContext, entry: { id: string; path: string; source: string; data: Record<string, unknown>; rendered: RenderedPostmortem }) {
  const { id, path, source, data, rendered } = entry;
  return {
    id,
    data,
    // No `body`: nothing reads it, and Astro serialises the whole store on every change in dev and bundles it into
    // the build; "similar incidents" reads the `terms` counted by the renderer instead.
    filePath: path,
    // Astro keeps an entry whose digest did not change, so the digest covers what was made from the file too: the
    // article (its HTML names each image by its hash) and the data (the configuration can change its defaults).
    digest: ctx.generateDigest(`${source}\0${rendered.article}\0${JSON.stringify(data)}`),
    // The HTML itself is in `article` (see article-cache.ts), read by the page; the store keeps what is small. No
    // `imagePaths`, so Astro's image pipeline (which imports each image as a module) is not involved; `images` are
    // published by the site's own route.
    rendered: { html: '', metadata: { headings: rendered.headings, images: rendered.images, article: rendered.article, summary: rendered.summary, terms: rendered.terms, places: rendered.places, timeline: rendered.timeline } },
  };
}

/** In dev, re-check a changed file against the current set of ids and store it only when it has no error. */
function watch(ctx: LoaderContext, root: string, config: PostmortemConfig, render: RenderStep, persisted: { path: string | undefined; cache: CheckCache }): void {
  const watcher = ctx.watcher!;
  // The cache holds every entry (MBs at thousands of postmortems): written once edits pause, not on each one. A server
  // stopped before that re-checks the edited files on its next start, as their bytes no longer match.
  let saving: ReturnType<typeof setTimeout> | undefined;
  const save = () => {
    clearTimeout(saving);
    saving = setTimeout(() => saveCheckCache(ctx, persisted.path, persisted.cache), 1000);
    saving.unref();
  };
  const dir = `${root.replace(/[\\/]$/, '')}${sep}${POSTMORTEMS_DIR}${sep}`;
  // The files that exist only change on add/unlink events: an edit reuses the last walk of the folder
  // (a walk of thousands of files costs a few hundred ms on the dev server's busy event loop).
  let known: Promise<RepositoryIndex> | undefined;
  const forget = (abs: string) => {
    if (abs.startsWith(dir) || `${abs}${sep}` === dir) known = undefined;
  };
  const onChange = async (abs: string) => {
    if (!abs.startsWith(dir) || !/\.mdx$/i.test(abs)) return;
    const path = relative(root, abs).split(sep).join('/');
    known ??= findPostmortems(root, POSTMORTEMS_DIR).then((all) => indexRepository(all.files));
    const repository = await known;
    const digest = digestOf(root, path);
    let result: Awaited<ReturnType<typeof checkOne>>;
    try {
      result = await checkOne(root, path, { config, repository, render });
    } catch (error) {
      // The tool's own failure (its cache): the server keeps running and the page its last checked version.
      ctx.logger.error(displayLine`${toolError(error).message} ${path} keeps its last checked version until it is saved again.`);
      return;
    }
    // The file changed while it was checked (an editor's save is a truncate then a write, and the watcher may report
    // only the first): check it again rather than keep what was read half-written.
    if (digestOf(root, path) !== digest) return onChange(abs);
    const checked = 'rule' in result ? undefined : result;
    const messages: LintMessage[] = checked ? [...checked.messages] : [atConfiguredLevel(result as LintMessage, config) ?? []].flat();
    messages.sort(compareMessages);
    logMessages(ctx, messages);
    recordFile(path, messages); // dev: the 404 page shows a left-out file's problems
    const id = idFromPath(path);
    const entry = checked ? await entryOf(ctx, checked, config) : undefined;
    // `astro dev` shows drafts (`isOnSite`), so every entry is on its site.
    if (entry) putEntry(ctx, entry);
    const article = entry?.rendered.metadata.article;
    // The next start reuses this result (check-cache.ts).
    if (checked && digest) persisted.cache.files[path] = cached(checked, digest, entry, repository);
    else delete persisted.cache.files[path];
    save();
    if (!article) {
      ctx.store.delete(id);
      publishEntry(id, null);
      ctx.logger.error(displayLine`${path} is left out of the site until its errors are fixed.`);
    } else {
      // Pages see it now, before Astro's store file does (`live-entries.ts`).
      const entry = ctx.store.get(id);
      if (entry) publishEntry(id, { ...entry, collection: ctx.collection });
      ctx.logger.info(displayLine`Reloaded ${path}`);
    }
  };
  // An image changed, added or removed: the postmortems that show it, or failed for want of it, are checked again
  // (their page would otherwise point at bytes the image route now refuses).
  const onImage = async (abs: string) => {
    if (!abs.startsWith(dir) || !IMAGE_FILE.test(abs)) return;
    const image = relative(root, abs).split(sep).join('/');
    const showing = new Set<string>();
    for (const entry of ctx.store.values()) {
      const images = (entry.rendered?.metadata?.['images'] as { path: string }[] | undefined) ?? [];
      if (entry.filePath && images.some((i) => i.path === image)) showing.add(entry.filePath);
    }
    for (const [path, known] of Object.entries(persisted.cache.files)) {
      if (!known.entry && known.messages.some((m) => m.rule === 'image/source')) showing.add(path);
    }
    for (const path of showing) await onChange(resolve(root, path));
  };
  watcher.add(dir);
  watcher.on('change', (abs: string) => (IMAGE_FILE.test(abs) ? onImage(abs) : onChange(abs)));
  watcher.on('add', (abs: string) => {
    forget(abs);
    return IMAGE_FILE.test(abs) ? onImage(abs) : onChange(abs);
  });
  watcher.on('addDir', forget);
  watcher.on('unlinkDir', forget);
  watcher.on('unlink', (abs: string) => {
    forget(abs);
    if (IMAGE_FILE.test(abs)) {
      void onImage(abs);
      return;
    }
    if (!abs.startsWith(dir) || !/\.mdx$/i.test(abs)) return;
    const path = relative(root, abs).split(sep).join('/');
    recordFile(path, []);
    delete persisted.cache.files[path];
    save();
    const id = idFromPath(path);
    ctx.store.delete(id);
    publishEntry(id, null);
  });
}
