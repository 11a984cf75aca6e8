/** Reads `postmortems.config.ts` from the repository root (plain Node strips its types). */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONFIG_FILE, resolveConfig, type PostmortemConfig, type PostmortemConfigInput } from './config.ts';

export interface LoadOptions {
  /** Read the file as it is now, not as this process first imported it (`astro dev` restarts in the same process). */
  fresh?: boolean;
}

export async function loadConfig(root: string, options: LoadOptions = {}): Promise<PostmortemConfig> {
  const file = join(root, CONFIG_FILE);
  if (!existsSync(file)) return resolveConfig({});
  const url = pathToFileURL(file);
  if (options.fresh) url.searchParams.set('t', String(statSync(file).mtimeMs));
  const mod = (await import(url.href)) as { default?: PostmortemConfigInput };
  return resolveConfig(mod.default ?? {});
}
