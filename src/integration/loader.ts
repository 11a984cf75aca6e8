/**
 * The content loader for `postmortems/`. It runs the same rules as `check`
 * before anything is stored, so no file with an error is ever compiled or
 * rendered: in `astro build` any error fails the build listing every problem;
 * in `astro dev` bad files are reported and left out until they are fixed.
 * Astro 7's default Markdown engine skips remark plugins, which is why the
 * validation lives here and not in a remark plugin.
 */
import { AstroError } from 'astro/errors';
import type { Loader, LoaderContext } from 'astro/loaders';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { PostmortemConfig } from '../core/config.ts';
import type { RepositoryIndex } from '../core/rule.ts';
import { schemaFor } from '../core/lint.ts';
import { frontmatterBlock, frontmatterLength, idFromPath } from '../core/parse.ts';
import { compareMessages, countLevels, type LintMessage } from '../core/messages.ts';
import { checkOne, checkRepository, findPostmortems, indexRepository, POSTMORTEMS_DIR, type CheckedFile } from '../core/repository.ts';
import { formatText } from '../core/format/index.ts';
import { recordAll, recordFile } from './dev-problems.ts';

export const DOCS_URL = 'README.md#the-postmortem-format';

/**
 * Benchmark only (`npm run bench`, stage e): build without validation, to measure what validation adds to the same
 * build. Files are read and their frontmatter parsed, as Astro's own `glob()` loader does; no rule runs, so a
 * postmortem with errors, or with MDX code, would be compiled. Never set it anywhere else.
 */
export const SKIP_VALIDATION_ENV = 'POSTMORTEMS_BENCH_SKIP_VALIDATION';

export function postmortemLoader(config: PostmortemConfig): Loader {
  return {
    name: 'postmortem-loader',
    schema: schemaFor(config),
    async load(ctx) {
      const root = fileURLToPath(ctx.config.root);
      if (process.env[SKIP_VALIDATION_ENV] === '1' && !ctx.watcher) {
        ctx.logger.warn(`${SKIP_VALIDATION_ENV}=1: postmortems are NOT validated (benchmark only)`);
        for (const file of await readUnchecked(root)) await store(ctx, file);
        return;
      }
      const result = await checkRepository({ root, config });
      const { errors } = countLevels(result.messages);
      if (errors && !ctx.watcher) {
        const failing = result.messages.filter((m) => m.severity === 'error');
        logMessages(ctx, result.messages.filter((m) => m.severity !== 'error'));
        throw buildError(failing, result.fileCount);
      }
      logMessages(ctx, result.messages);
      if (ctx.watcher) recordAll(result.messages); // dev: the 404 page shows a left-out file's problems
      const keep = new Set<string>();
      for (const checked of result.checked) {
        if (await store(ctx, checked)) keep.add(checked.id);
      }
      for (const id of ctx.store.keys()) if (!keep.has(id)) ctx.store.delete(id);
      if (ctx.watcher) watch(ctx, root, config);
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

/** Every postmortem with its frontmatter and no check: the benchmark's build without validation. */
async function readUnchecked(root: string): Promise<CheckedFile[]> {
  const { files } = await findPostmortems(root, POSTMORTEMS_DIR);
  return files.map((path) => {
    const source = readFileSync(join(root, path), 'utf8');
    return { id: idFromPath(path), path, source, data: parseYaml(frontmatterBlock(source)?.yaml ?? '') as CheckedFile['data'], messages: [] };
  });
}

/** Stores a file that has no error; returns whether it was stored. */
async function store(ctx: LoaderContext, checked: CheckedFile): Promise<boolean> {
  const { id, path, source, data, messages } = checked;
  if (!data || messages.some((m) => m.severity === 'error')) return false;
  const parsed = await ctx.parseData({ id, data: data as unknown as Record<string, unknown>, filePath: path });
  ctx.store.set({
    id,
    data: parsed,
    body: source.slice(frontmatterLength(source)),
    filePath: path,
    digest: ctx.generateDigest(source),
    deferredRender: true,
  });
  return true;
}

/** In dev, re-check a changed file against the current set of ids and store it only when it has no error. */
function watch(ctx: LoaderContext, root: string, config: PostmortemConfig): void {
  const watcher = ctx.watcher!;
  const dir = `${root.replace(/[\\/]$/, '')}${sep}${POSTMORTEMS_DIR}${sep}`;
  // The files that exist only change on add/unlink events: an edit reuses the last walk of the folder
  // (a walk of thousands of files costs a few hundred ms on the dev server's busy event loop).
  let known: Promise<RepositoryIndex> | undefined;
  const forget = (abs: string) => {
    if (abs.startsWith(dir) || `${abs}${sep}` === dir) known = undefined;
  };
  const onChange = async (abs: string) => {
    if (!abs.startsWith(dir) || !abs.endsWith('.mdx')) return;
    const path = relative(root, abs).split(sep).join('/');
    known ??= findPostmortems(root, POSTMORTEMS_DIR).then((all) => indexRepository(all.files));
    const result = await checkOne(root, path, config, await known);
    const checked = 'rule' in result ? undefined : result;
    const messages: LintMessage[] = checked ? [...checked.messages] : [result as LintMessage];
    messages.sort(compareMessages);
    logMessages(ctx, messages);
    recordFile(path, messages); // dev: the 404 page shows a left-out file's problems
    const id = path.slice(path.lastIndexOf('/') + 1).replace(/\.mdx$/, '');
    if (!checked || !(await store(ctx, checked))) {
      ctx.store.delete(id);
      ctx.logger.error(`${path} is left out of the site until its errors are fixed.`);
    } else {
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
    if (!abs.startsWith(dir) || !abs.endsWith('.mdx')) return;
    recordFile(relative(root, abs).split(sep).join('/'), []);
    ctx.store.delete(abs.slice(abs.lastIndexOf(sep) + 1).replace(/\.mdx$/, ''));
  });
}
