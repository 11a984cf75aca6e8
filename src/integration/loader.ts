/**
 * The content loader for `postmortems/`. Each file is read once, split once,
 * parsed once and checked by the same rules as `check`; a file with no error
 * is rendered to HTML from that same tree (`render.ts`) and stored with its
 * body and its HTML. Nothing re-reads the file and no postmortem ever becomes
 * a JavaScript module: Astro's MDX compiler never sees `postmortems/`.
 * In `astro build` any error fails the build listing every problem; in
 * `astro dev` bad files are reported and left out until they are fixed.
 */
import { AstroError } from 'astro/errors';
import type { Loader, LoaderContext } from 'astro/loaders';
import { fileURLToPath } from 'node:url';
import { relative, sep } from 'node:path';
import type { PostmortemConfig } from '../core/config.ts';
import type { RepositoryIndex } from '../core/rule.ts';
import { schemaFor } from '../core/lint.ts';
import { idFromPath } from '../core/parse.ts';
import { compareMessages, countLevels, type LintMessage } from '../core/messages.ts';
import { checkOne, checkRepository, findPostmortems, indexRepository, POSTMORTEMS_DIR, type CheckedFile, type RenderStep } from '../core/repository.ts';
import { formatText } from '../core/format/index.ts';
import { atConfiguredLevel } from '../core/file-problems.ts';
import type { RenderedPostmortem, RenderStepOptions } from './render.ts';
import { articleFolder, pruneArticles } from './article-cache.ts';
import { recordAll, recordFile } from './dev-problems.ts';
import { publishEntry, resetLiveEntries } from '../lib/live-entries.ts';

export const DOCS_URL = 'README.md#the-postmortem-format';

const RENDER_MODULE = new URL('./render.ts', import.meta.url).href;

export function postmortemLoader(config: PostmortemConfig): Loader {
  return {
    name: 'postmortem-loader',
    schema: schemaFor(config),
    async load(ctx) {
      const root = fileURLToPath(ctx.config.root);
      if (ctx.watcher) resetLiveEntries();
      const render: RenderStep = { module: RENDER_MODULE, options: { base: ctx.config.base.replace(/\/?$/, '/'), articles: articleFolder(ctx.config.cacheDir) } satisfies RenderStepOptions };
      const result = await checkRepository({ root, config, render });
      const { errors } = countLevels(result.messages);
      if (errors && !ctx.watcher) {
        const failing = result.messages.filter((m) => m.severity === 'error');
        logMessages(ctx, result.messages.filter((m) => m.severity !== 'error'));
        throw buildError(failing, result.fileCount);
      }
      logMessages(ctx, result.messages);
      if (ctx.watcher) recordAll(result.messages); // dev: the 404 page shows a left-out file's problems
      const keep = new Set<string>();
      const articles = new Set<string>();
      for (const checked of result.checked) {
        const article = await store(ctx, checked);
        if (article) {
          keep.add(checked.id);
          articles.add(article);
        }
      }
      for (const id of ctx.store.keys()) if (!keep.has(id)) ctx.store.delete(id);
      pruneArticles(articleFolder(ctx.config.cacheDir), articles);
      if (ctx.watcher) watch(ctx, root, config, render);
    },
  };
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

function logMessages(ctx: LoaderContext, messages: readonly LintMessage[]): void {
  for (const m of messages) {
    const line = `${m.file}:${m.line}:${m.column}  ${m.message}  ${m.rule}`;
    if (m.severity === 'error') ctx.logger.error(line);
    else ctx.logger.warn(line);
  }
}

/** Stores a file that has no error, with the HTML rendered from the tree its rules checked; returns its article file, if stored. */
async function store(ctx: LoaderContext, checked: CheckedFile): Promise<string | undefined> {
  const { id, path, source, data, messages } = checked;
  const rendered = checked.rendered as RenderedPostmortem | undefined;
  if (!data || !rendered || messages.some((m) => m.severity === 'error')) return undefined;
  const parsed = await ctx.parseData({ id, data: data as unknown as Record<string, unknown>, filePath: path });
  ctx.store.set(storeEntry(ctx, { id, path, source, data: parsed, rendered }));
  return rendered.article;
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
    digest: ctx.generateDigest(source),
    // The HTML itself is in `article` (see article-cache.ts), read by the page; the store keeps what is small. No
    // `imagePaths`, so Astro's image pipeline (which imports each image as a module) is not involved; `images` are
    // published by the site's own route.
    rendered: { html: '', metadata: { headings: rendered.headings, images: rendered.images, article: rendered.article, summary: rendered.summary, terms: rendered.terms } },
  };
}

/** In dev, re-check a changed file against the current set of ids and store it only when it has no error. */
function watch(ctx: LoaderContext, root: string, config: PostmortemConfig, render: RenderStep): void {
  const watcher = ctx.watcher!;
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
    const result = await checkOne(root, path, { config, repository: await known, render });
    const checked = 'rule' in result ? undefined : result;
    const messages: LintMessage[] = checked ? [...checked.messages] : [atConfiguredLevel(result as LintMessage, config) ?? []].flat();
    messages.sort(compareMessages);
    logMessages(ctx, messages);
    recordFile(path, messages); // dev: the 404 page shows a left-out file's problems
    const id = idFromPath(path);
    if (!checked || !(await store(ctx, checked))) {
      ctx.store.delete(id);
      publishEntry(id, null);
      ctx.logger.error(`${path} is left out of the site until its errors are fixed.`);
    } else {
      // Pages see it now, before Astro's store file does (`live-entries.ts`).
      const entry = ctx.store.get(id);
      if (entry) publishEntry(id, { ...entry, collection: ctx.collection });
      ctx.logger.info(`Reloaded ${path}`);
    }
  };
  watcher.add(dir);
  watcher.on('change', onChange);
  watcher.on('add', (abs: string) => {
    forget(abs);
    return onChange(abs);
  });
  watcher.on('addDir', forget);
  watcher.on('unlinkDir', forget);
  watcher.on('unlink', (abs: string) => {
    forget(abs);
    if (!abs.startsWith(dir) || !/\.mdx$/i.test(abs)) return;
    recordFile(relative(root, abs).split(sep).join('/'), []);
    const id = idFromPath(relative(root, abs).split(sep).join('/'));
    ctx.store.delete(id);
    publishEntry(id, null);
  });
}
