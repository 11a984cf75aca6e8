/** Reads `postmortems.config.ts` from the repository root (plain Node strips its types). */
import { existsSync, statSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONFIG_FILE, ConfigError, resolveConfig, type PostmortemConfig, type PostmortemConfigInput } from './config.ts';
import { explainMissingModule } from './migrations.ts';
import { withAudienceFromEnvironment } from './environment.ts';

export interface LoadOptions {
  /** Read the file as it is now, not as this process first imported it (`astro dev` restarts in the same process). */
  fresh?: boolean;
}

export async function loadConfig(root: string, options: LoadOptions = {}): Promise<PostmortemConfig> {
  const file = join(root, CONFIG_FILE);
  if (!existsSync(file)) return resolveConfig(withEnvironment({}));
  const url = pathToFileURL(file);
  if (options.fresh) url.searchParams.set('t', String(statSync(file).mtimeMs));
  let mod: { default?: PostmortemConfigInput };
  try {
    mod = (await importConfig(url)) as { default?: PostmortemConfigInput };
  } catch (error) {
    // A module that a newer version moved (a copy of the repository importing its own former source): say how to migrate.
    const migrated =
      (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' ? explainMissingModule((error as Error).message) : undefined;
    if (migrated) throw new ConfigError(migrated);
    throw error;
  }
  return resolveConfig(withEnvironment(mod.default ?? {}));
}

/** The audience `POSTMORTEMS_AUDIENCE` names wins over the file's (the pages' `site-config.ts` reads it the same way). */
const withEnvironment = (input: PostmortemConfigInput): PostmortemConfigInput =>
  withAudienceFromEnvironment(input) as PostmortemConfigInput;

/** Set by a configuration served as JavaScript as its body starts: its imports loaded, it parsed, and it ran. */
const STARTED = Symbol.for('astro-postmortems.config-started');

/**
 * Imports the configuration as plain JavaScript when it is that (most are: an import and a `defineConfig({…})`
 * call), else with Node's type stripping, in an ES-module package (`"type": "module"`, as `create` makes; elsewhere
 * Node strips a `.ts` file anyway, to tell which kind of module it is). Stripping costs every command ~90 ms of CPU
 * on these machines, most of it loading Node's stripper (amaro, a WebAssembly build of SWC), against about 0.5 s
 * for a whole one-file `check`.
 *
 * Without type syntax, a TypeScript file means what it means as JavaScript, with one exception: a call with type
 * arguments (`f<T>(x)`) also parses as comparisons. So a file with a `<` anywhere, or one that does not parse as
 * JavaScript (a type annotation, `satisfies`, `interface`…), is stripped as before; a configuration that starts and
 * then fails is not imported twice.
 */
async function importConfig(url: URL): Promise<unknown> {
  const href = url.href;
  // Node 22.15 and later (the engine supports 22.12): before, every configuration is stripped, as it always was.
  const { registerHooks } = nodeModule as Partial<typeof nodeModule>;
  if (!registerHooks) return import(href);
  let served = false;
  const hooks = registerHooks({
    load(target, context, nextLoad) {
      const loaded = nextLoad(target, context);
      if (target !== href || loaded.format !== 'module-typescript' || loaded.source === undefined) return loaded;
      const source = typeof loaded.source === 'string' ? loaded.source : new TextDecoder().decode(loaded.source);
      if (source.includes('<')) return loaded;
      served = true;
      // On the first line, so the line of every error is the file's own.
      return { ...loaded, format: 'module', source: `globalThis[Symbol.for(${JSON.stringify(STARTED.description)})] = true;${source}` };
    },
  });
  const global = globalThis as Record<symbol, unknown>;
  delete global[STARTED];
  try {
    return await import(href);
  } catch (error) {
    if (!served || global[STARTED] || !(error instanceof SyntaxError)) throw error;
    // It did not parse as JavaScript: the same file under another URL (a module that failed stays failed under its own).
    const typed = new URL(href);
    typed.searchParams.set('typescript', '');
    return await import(typed.href);
  } finally {
    hooks.deregister();
    delete global[STARTED];
  }
}
