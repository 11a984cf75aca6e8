/**
 * The content loader for `postmortems/`. Each file is split once, parsed once and checked by the same rules as
 * `check`; a file with no error is rendered to HTML from that same tree (`render-step.ts`, `render.ts`), the HTML
 * written to an article file and the frontmatter stored (`rendered-entry.ts` says what an entry holds). No postmortem
 * ever becomes a JavaScript module: Astro's MDX compiler never sees `postmortems/`.
 *
 * One function, `sync`, serves the first load and every watcher event, as Astro's `glob()` loader does: for each file
 * it asks, reuse the last result when nothing it depends on changed (`check-cache.ts`), else check and render it; then
 * store the entries, forget the files that are gone, and keep the results for the next run. In `astro build` any error
 * fails the build listing every problem; in `astro dev` bad files are reported and left out until they are fixed, and
 * what the pages must see at once goes through `dev-session.ts`.
 */
import { AstroError } from 'astro/errors';
import type { Loader, LoaderContext } from 'astro/loaders';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { relative, resolve, sep } from 'node:path';
import type { PostmortemConfig } from '../core/config.ts';
import type { RepositoryIndex } from '../core/rule.ts';
import { schemaFor } from '../core/lint.ts';
import { idFromPath } from '../core/parse.ts';
import { compareMessages, countLevels, type LintMessage } from '../core/messages.ts';
import {
  checkPaths,
  collectResults,
  findPostmortems,
  indexRepository,
  POSTMORTEMS_DIR,
  type CheckedFile,
  type FoundFiles,
  type RenderStep,
} from '../core/repository.ts';
import { IMAGE_FILE, resolveImagePath } from '../core/images.ts';
import { imagesReadTheSame, isPublishedAs } from '../core/image-files.ts';
import { todayIso } from '../core/utils/time.ts';
import { formatText, messageLine } from '../core/format/index.ts';
import { displayLine, displayLogger, displayText } from '../core/terminal-text.ts';
import { engineModule } from '../core/utils/module-url.ts';
import { frontmatterFor, isOnSite } from '../core/publishing.ts';
import type { RenderedPostmortem, RenderStepOptions } from './render.ts';
import { keepArticle, pruneArticles } from './article-cache.ts';
import { projectCache, pruneBefore, type ProjectCache } from './cache-folder.ts';
import { dependencyKey, engineKey, fileDigest, readCheckCache, writeCheckCache, type CachedCheck, type CheckCache } from './check-cache.ts';
import { afterQuiet, logDevSessionTo, publishEntry, recordAll, recordFile, resetLiveEntries } from './dev-session.ts';
import { renderedOf, storeEntry } from './rendered-entry.ts';

const RENDER_MODULE = engineModule('./render-step.ts', import.meta.url).href;

/**
 * How many times `astro dev` checks a file that changes while it is being checked (an editor's save is a truncate then
 * a write, and the watcher may report only the first) before it keeps the last result and waits for the next save.
 */
export const MAX_CHECKS = 3;

/** How long edits must pause before `astro dev` writes the check cache (MBs at thousands of postmortems). */
const SAVE_AFTER_MS = 1000;
/** How long edits pause before the files they named are compared with what was checked (`watch`). */
const VERIFY_AFTER_MS = 500;
const MTIME_SLACK_MS = 1000;

/** What one load of the collection works with; `astro dev` keeps it for every watcher event after the first load. */
export interface LoaderSession {
  ctx: LoaderContext;
  config: PostmortemConfig;
  root: string;
  /** `<root>/postmortems/`, ending with the separator. */
  dir: string;
  /** Outside the repository, created and verified by the loader (cache-folder.ts): never a path a pull request chose. */
  folder: ProjectCache;
  render: RenderStep<RenderedPostmortem | null, RenderStepOptions>;
  /** Whether an entry with this frontmatter goes in the store, that is on the site (`isOnSite`). */
  admit: (data: Record<string, unknown>) => boolean;
  /** `astro dev` (a watcher): problems are reported, not fatal. */
  dev: boolean;
  /** Each file's last result (`check-cache.ts`), the first load's replaced by each event's. */
  cache: CheckCache;
  /** The last walk of `postmortems/`: an edit reuses it, an added or removed file or folder walks again. */
  walk: Promise<FoundFiles> | undefined;
  /** Writes `cache` once edits pause. */
  saveSoon: () => void;
  /** When the last full load began (`Date.now()`): a file not modified since was read by it. */
  loadStarted: number;
}

/** What a watcher event asks `sync` for: these files (present or gone), checked again even if unchanged when `force`. */
export interface Change {
  paths: readonly string[];
  force?: boolean;
}

export function postmortemLoader(config: PostmortemConfig): Loader {
  return {
    name: 'postmortem-loader',
    schema: schemaFor(config),
    async load(ctx) {
      if (ctx.watcher) {
        resetLiveEntries();
        logDevSessionTo(ctx.logger);
      }
      const session = startSession(ctx, config);
      await sync(session);
      // The catch-up after the first load runs on its own; Astro need not wait for it.
      if (ctx.watcher) void watch(session, ctx.watcher);
    },
  };
}

export function startSession(ctx: LoaderContext, config: PostmortemConfig): LoaderSession {
  const root = fileURLToPath(ctx.config.root);
  const folder = projectCache(root, (message) => ctx.logger.warn(displayText(message)));
  const options: RenderStepOptions = {
    base: ctx.config.base.replace(/\/?$/, '/'),
    ...(ctx.config.site ? { site: ctx.config.site } : {}),
    articles: folder.articles,
    audience: config.audience,
  };
  const dev = Boolean(ctx.watcher);
  const session: LoaderSession = {
    ctx,
    config,
    root,
    dir: `${root.replace(/[\\/]$/, '')}${sep}${POSTMORTEMS_DIR}${sep}`,
    folder,
    render: { module: RENDER_MODULE, options },
    admit: (data) => isOnSite(String(data['status']), config, dev),
    dev,
    // Replaced by the first load's.
    cache: { format: 0, engine: '', files: {} },
    walk: undefined,
    loadStarted: 0,
    saveSoon: afterQuiet(SAVE_AFTER_MS, () => saveCheckCache(ctx, folder.checks, session.cache)),
  };
  return session;
}

/**
 * Brings the store up to date: with every file on the first load (no `change`), with the files a watcher event names
 * otherwise. Each file's last result is reused when nothing it depends on changed; the others are checked and
 * rendered (in worker threads when there are many), stored when they have no error, and their results kept.
 */
export async function sync(s: LoaderSession, change?: Change): Promise<void> {
  const { ctx, config, root } = s;
  const full = change === undefined;
  const started = Date.now();
  if (full) s.loadStarted = started;
  const today = todayIso();
  if (full) s.walk = findPostmortems(root, POSTMORTEMS_DIR);
  const found = await (s.walk ??= findPostmortems(root, POSTMORTEMS_DIR));
  const repository = indexRepository(found.files);
  const present = new Set(found.files);
  const targets = full ? found.files : change.paths.filter((path) => present.has(path));
  const removed = full ? [] : change.paths.filter((path) => !present.has(path));
  // Only files whose result could differ from the last run's are checked and rendered again (check-cache.ts). The
  // render step's options are part of the key: the site's origin and base path are in every URL decision and image.
  const last = full ? readCheckCache(s.folder.checks, engineKey(config, today, s.render.options)) : s.cache;
  const cache: CheckCache = full ? { ...last, files: {} } : last;

  const stored = new Set<string>();
  const leftOut: string[] = [];
  const articles = new Set<string>();
  const reusedMessages: LintMessage[] = [];
  const digests = new Map<string, string | undefined>();
  const stale: string[] = [];
  for (const path of targets) {
    const digest = digestOf(root, path);
    digests.set(path, digest);
    const known = last.files[path];
    const kept = known && !change?.force && known.digest === digest ? reusable(s, path, known, repository) : undefined;
    if (kept === undefined) {
      stale.push(path);
      continue;
    }
    cache.files[path] = known!;
    reusedMessages.push(...known!.messages);
    if (kept) {
      if (s.admit(known!.entry!.data)) stored.add(idFromPath(path));
      else leftOut.push(idFromPath(path));
      articles.add(kept.article).add(kept.terms);
    }
  }

  // A file the walk refuses (a name a log cannot show, a link out of the folder) is never checked: its problems are
  // reported on every load and on the events that name it.
  const result = collectResults(
    full ? found.problems : found.problems.filter((m) => change.paths.includes(m.file)),
    stale.length ? await checkSettled(s, stale, found.files, digests, today, s.dev && !full) : [],
    config,
  );
  const messages = [...result.messages, ...reusedMessages].sort(compareMessages);
  const checkedPaths = new Set<string>();
  for (const checked of result.checked) {
    checkedPaths.add(checked.path);
    const entry = await entryOf(ctx, checked, config);
    if (entry) {
      // A left-out draft's files are kept too: `astro dev` shows it from the same cache.
      articles.add(entry.rendered.metadata.article).add(entry.rendered.metadata.terms);
      if (s.admit(entry.data)) {
        putEntry(ctx, entry);
        stored.add(checked.id);
      } else leftOut.push(checked.id);
    }
    const digest = digests.get(checked.path);
    if (digest) cache.files[checked.path] = cached(checked, digest, entry, repository);
    else delete cache.files[checked.path];
  }
  for (const path of stale) if (!checkedPaths.has(path)) delete cache.files[path];
  s.cache = cache;

  if (full) {
    for (const id of ctx.store.keys()) if (!stored.has(id)) ctx.store.delete(id);
    if (!stored.size) keepEmptyCollection(ctx);
    reportLeftOut(ctx, config, leftOut);
    pruneArticles(s.folder.articles, articles, pruneBefore(s.folder, started));
    saveCheckCache(ctx, s.folder.checks, cache);
    const reused = found.files.length - stale.length;
    if (found.files.length)
      ctx.logger.info(
        `Checked ${stale.length} postmortem${stale.length === 1 ? '' : 's'}${reused ? `; ${reused} unchanged since the last run reused` : ''}.`,
      );
    const { errors } = countLevels(messages);
    if (errors && !s.dev) {
      logMessages(
        ctx,
        messages.filter((m) => m.severity !== 'error'),
      );
      throw buildError(
        messages.filter((m) => m.severity === 'error'),
        result.fileCount + reused,
      );
    }
    logMessages(ctx, messages);
    if (s.dev) recordAll(messages); // dev: the 404 page shows a left-out file's problems
    return;
  }

  logMessages(ctx, messages);
  s.saveSoon();
  for (const path of removed) {
    const problems = messages.filter((m) => m.file === path);
    recordFile(path, problems);
    delete cache.files[path];
    forgetEntry(ctx, idFromPath(path));
    if (problems.length) ctx.logger.error(displayLine`${path} is left out of the site until its errors are fixed.`);
  }
  for (const path of targets) {
    const id = idFromPath(path);
    recordFile(
      path,
      messages.filter((m) => m.file === path),
    ); // dev: the 404 page shows a left-out file's problems
    const entry = stored.has(id) ? ctx.store.get(id) : undefined;
    if (entry) {
      // Pages see it now, before Astro's store file does (`dev-session.ts`).
      publishEntry(id, { ...entry, collection: ctx.collection });
      ctx.logger.info(displayLine`Reloaded ${path}`);
    } else {
      forgetEntry(ctx, id);
      ctx.logger.error(displayLine`${path} is left out of the site until its errors are fixed.`);
    }
  }
}

/**
 * Checks the stale files. After an edit in `astro dev` (`settle`), a file whose bytes changed while it was checked is
 * checked again, at most `MAX_CHECKS` times in all; one still changing then is not cached, so its next event checks it
 * afresh. A load reads each file once: nothing saves into a build, and in dev a save during the first load is an
 * event of its own.
 */
async function checkSettled(
  s: LoaderSession,
  stale: readonly string[],
  all: readonly string[],
  digests: Map<string, string | undefined>,
  today: string,
  settle: boolean,
) {
  const results = new Map<string, CheckedFile<RenderedPostmortem | null> | LintMessage>();
  let pending = stale;
  for (let attempt = 1; pending.length; attempt++) {
    const checked = pending;
    const out = await toolFailure(() => checkPaths(s.root, checked, all, { config: s.config, render: s.render, today }));
    checked.forEach((path, i) => results.set(path, out[i]!));
    if (!settle) break;
    const moved = checked.filter((path) => {
      const now = digestOf(s.root, path);
      if (now === digests.get(path)) return false;
      digests.set(path, attempt < MAX_CHECKS ? now : undefined);
      return true;
    });
    if (moved.length && attempt >= MAX_CHECKS) {
      s.ctx.logger.warn(
        displayLine`${moved.join(', ')} kept changing while it was checked (${MAX_CHECKS} times); the last check stands until the file is saved again.`,
      );
      break;
    }
    pending = moved;
  }
  return stale.map((path) => results.get(path)!);
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
 * Whether the last run's result for an unchanged file still holds (see check-cache.ts): the article and counted words
 * of a published one (its entry put back in the store), `null` for one left out for its errors, `undefined` when it
 * must be checked again.
 */
function reusable(
  s: LoaderSession,
  path: string,
  known: CachedCheck,
  repository: RepositoryIndex,
): { article: string; terms: string } | null | undefined {
  const id = idFromPath(path);
  if (known.dependencies !== dependencyKey(id, known.related, known.messages, repository)) return undefined;
  if (known.images && !imagesReadTheSame(s.root, path, known.images)) return undefined;
  if (!known.entry) return null;
  const { article, terms, images } = renderedOf(known.entry);
  // Each still a file of the loader's own in the cache folder, and marked as in use so that no loader prunes it now.
  if (!keepArticle(s.folder.articles, article) || !keepArticle(s.folder.articles, terms)) return undefined;
  for (const image of images) {
    try {
      if (realpathSync(resolve(s.root, image.path)) !== image.file) return undefined;
      if (!isPublishedAs(readFileSync(image.file), image.name)) return undefined;
    } catch {
      return undefined;
    }
  }
  if (s.admit(known.entry.data)) putEntry(s.ctx, { id, filePath: path, ...known.entry });
  return { article, terms };
}

function cached(checked: CheckedFile, digest: string, stored: StoreEntry | undefined, repository: RepositoryIndex): CachedCheck {
  const related = checked.data ? (checked.data.related ?? []) : undefined;
  const entry = stored ? { data: stored.data, digest: stored.digest, rendered: stored.rendered } : undefined;
  return {
    digest,
    dependencies: dependencyKey(checked.id, related, checked.messages, repository),
    messages: checked.messages,
    ...(entry ? { entry } : {}),
    ...(related ? { related } : {}),
    ...(checked.images.length ? { images: checked.images } : {}),
  };
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
    'Fix each problem above (`npm run check` prints the same list; `npm run check -- --explain <rule>` says what a rule asks for and why), then build again.',
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
async function entryOf(
  ctx: LoaderContext,
  checked: CheckedFile<RenderedPostmortem | null>,
  config: PostmortemConfig,
): Promise<StoreEntry | undefined> {
  const { id, path, source, data, messages, rendered } = checked;
  if (!data || !rendered || messages.some((m) => m.severity === 'error')) return undefined;
  const parsed = await ctx.parseData({ id, data, filePath: path });
  return storeEntry(ctx, { id, path, source, data: frontmatterFor(parsed, config.audience), rendered });
}

type StoreEntry = ReturnType<typeof storeEntry>;

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
    const related: unknown = entry.data['related'];
    const hidden = (Array.isArray(related) ? related : []).filter((id): id is string => out.has(id as string));
    if (hidden.length)
      ctx.logger.info(
        displayLine`${entry.id} lists the draft${hidden.length === 1 ? '' : 's'} ${hidden.join(', ')} in \`related\`: no link is shown until ${hidden.length === 1 ? 'it is' : 'they are'} published.`,
      );
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

/** Takes an entry off the site (`astro dev`): out of the store, and out of the pages at once (`dev-session.ts`). */
function forgetEntry(ctx: LoaderContext, id: string): void {
  ctx.store.delete(id);
  publishEntry(id, null);
}

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

/** What a failed sync leaves: the files it was syncing, by name (at most five), keep their last checked version. */
export function keptVersions(files: readonly string[]): string {
  const named = files.length > 5 ? `${files.slice(0, 5).join(', ')} and ${files.length - 5} more` : files.join(', ');
  return files.length > 1
    ? `${named} keep their last checked version until they are saved again.`
    : `${named} keeps its last checked version until it is saved again.`;
}

/** The repository-relative path of a file the watcher names, when it is one of `postmortems/`. */
function inFolder(s: LoaderSession, abs: string, pattern: RegExp): string | undefined {
  return abs.startsWith(s.dir) && pattern.test(abs) ? relative(s.root, abs).split(sep).join('/') : undefined;
}

/**
 * `astro dev`: every event of `postmortems/` goes through `sync`, one after another (each sees the last one's cache),
 * and each returns its promise, which never rejects: whatever fails is reported and the server keeps the last
 * checked version of the files concerned. Resolves once the files saved while the site started are synced.
 */
export function watch(s: LoaderSession, watcher: NonNullable<LoaderContext['watcher']>): Promise<void> {
  let queue: Promise<void> = Promise.resolve();
  // `what`: the files the event is about, named when a failure stops it before it knows which it syncs.
  const run = (what: string | readonly string[], change: () => Change | undefined | Promise<Change | undefined>): Promise<void> => {
    let asked: Change | undefined;
    queue = queue
      .then(async () => {
        asked = await change();
        if (asked?.paths.length) {
          await sync(s, asked);
          for (const path of asked.paths) recent.add(path);
          verifySoon();
        }
      })
      .catch((error: unknown) => {
        const message = error instanceof AstroError ? error.message : toolError(error).message;
        s.ctx.logger.error(
          displayLine`${message} ${keptVersions(asked?.paths.length ? asked.paths : typeof what === 'string' ? [what] : what)}`,
        );
      });
    return queue;
  };
  // The files that exist only change on add/unlink events: an edit reuses the last walk of the folder (a walk of
  // thousands of files costs a few hundred ms on the dev server's busy event loop).
  const forget = (abs: string) => {
    if (abs.startsWith(s.dir) || `${abs}${sep}` === s.dir) s.walk = undefined;
  };
  const onPostmortem = (abs: string) => {
    const path = inFolder(s, abs, /\.mdx$/i);
    return path ? run(path, () => ({ paths: [path] })) : undefined;
  };
  // An image changed, added or removed: the postmortems that show it, or failed for want of it, are checked again
  // (their page would otherwise point at bytes the image route now refuses).
  const onImage = (abs: string) => {
    const image = inFolder(s, abs, IMAGE_FILE);
    return image ? run(image, () => ({ paths: imageUsers(s, image), force: true })) : undefined;
  };
  const onFile = (abs: string) => (IMAGE_FILE.test(abs) ? onImage(abs) : onPostmortem(abs));
  // The watcher can miss a save: a file saved between the first load's walk and this point, or saved again so soon
  // after an edit that the watcher reports one event for both (chokidar drops a change within 50 ms of the last, and
  // compares against file stats it may take after the second write). Once now, and once edits pause, the files whose
  // bytes differ from what was checked are synced again.
  const recent = new Set<string>();
  const verifySoon = afterQuiet(VERIFY_AFTER_MS, () => {
    const paths = [...recent];
    recent.clear();
    void run(paths, async () => ({ paths: await drifted(s, paths) }));
  });
  const caughtUp = run('A file saved while the site started', async () => ({ paths: await drifted(s) }));
  watcher.add(s.dir);
  watcher.on('change', onFile);
  watcher.on('add', (abs: string) => {
    forget(abs);
    return onFile(abs);
  });
  watcher.on('addDir', forget);
  watcher.on('unlinkDir', forget);
  watcher.on('unlink', (abs: string) => {
    forget(abs);
    return onFile(abs);
  });
  return caughtUp;
}

/**
 * Files whose bytes differ from what was last checked (or that appeared or went since): the given paths, or with none
 * every file of a fresh walk of the folder and every file the cache holds.
 */
async function drifted(s: LoaderSession, paths?: readonly string[]): Promise<string[]> {
  const before = paths ? undefined : await s.walk;
  if (!paths) s.walk = undefined;
  const found = await (s.walk ??= findPostmortems(s.root, POSTMORTEMS_DIR));
  const present = new Set(found.files);
  // After the first load, only files modified since it began can differ: the others are not read again.
  const candidates = paths ?? [
    ...found.files.filter((path) => modifiedSince(s, path)),
    ...Object.keys(s.cache.files).filter((path) => !present.has(path)),
  ];
  // Files the walk refuses (their names) are never cached: a new one is one the last walk did not report.
  const reported = new Set(before?.problems.map((m) => m.file));
  const refused = before ? found.problems.map((m) => m.file).filter((file) => !reported.has(file)) : [];
  return [
    ...candidates.filter((path) => (present.has(path) ? digestOf(s.root, path) !== s.cache.files[path]?.digest : path in s.cache.files)),
    ...new Set(refused),
  ];
}

/** Whether `path` may have changed since the last full load began (a second's slack for coarse file-system clocks). */
function modifiedSince(s: LoaderSession, path: string): boolean {
  try {
    return statSync(resolve(s.root, path)).mtimeMs >= s.loadStarted - MTIME_SLACK_MS;
  } catch {
    return true;
  }
}

/** Whether an image URL of the postmortem at `postmortemPath` names the file `image` (repository-relative). */
function resolvesTo(postmortemPath: string, url: string, image: string): boolean {
  const found = resolveImagePath(postmortemPath, url);
  return found.ok && found.path === image;
}

/** The postmortems that show `image` or asked for it, and those that failed `image/source` (perhaps for want of it). */
function imageUsers(s: LoaderSession, image: string): string[] {
  const showing = new Set<string>();
  for (const entry of s.ctx.store.values())
    if (entry.filePath && renderedOf(entry).images.some((i) => i.path === image)) showing.add(entry.filePath);
  for (const [path, known] of Object.entries(s.cache.files)) {
    if (!known.entry && known.messages.some((m) => m.rule === 'image/source')) showing.add(path);
    // A file held back by another problem still shows its images: were one to go bad, its messages would miss it.
    if (known.images?.some(([url]) => resolvesTo(path, url, image))) showing.add(path);
  }
  return [...showing];
}
