/** Reads `postmortems.config.ts` from the repository root (plain Node strips its types). */
import { existsSync, statSync } from 'node:fs';
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
    mod = (await import(url.href)) as { default?: PostmortemConfigInput };
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
