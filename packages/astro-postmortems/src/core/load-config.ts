/** Reads `postmortems.config.ts` from the repository root (plain Node strips its types). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONFIG_FILE, resolveConfig, type PostmortemConfig, type PostmortemConfigInput } from './config.ts';
import { withAudienceFromEnvironment } from './publishing.ts';

export async function loadConfig(root: string): Promise<PostmortemConfig> {
  const file = join(root, CONFIG_FILE);
  if (!existsSync(file)) return resolveConfig(withEnvironment({}));
  const mod = (await import(pathToFileURL(file).href)) as { default?: PostmortemConfigInput };
  return resolveConfig(withEnvironment(mod.default ?? {}));
}

/** The audience `POSTMORTEMS_AUDIENCE` names wins over the file's (the pages' `site-config.ts` reads it the same way). */
const withEnvironment = (input: PostmortemConfigInput): PostmortemConfigInput => withAudienceFromEnvironment(input, process.env) as PostmortemConfigInput;
