/**
 * `virtual:postmortems/user-config`: the organisation's `postmortems.config.ts`, for the pages and the content
 * collection, which Vite loads (it is the same file `check` and the other commands import with Node). Without the
 * file, the defaults.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';
import { CONFIG_FILE } from '../core/config.ts';

export const USER_CONFIG = 'virtual:postmortems/user-config';
const RESOLVED = `\0${USER_CONFIG}`;

export function userConfigModule(root: string): Plugin {
  const file = join(root, CONFIG_FILE);
  return {
    name: 'postmortems:user-config',
    resolveId(id) {
      return id === USER_CONFIG ? RESOLVED : null;
    },
    load(id) {
      if (id !== RESOLVED) return null;
      return existsSync(file) ? `export { default } from ${JSON.stringify(file)};` : 'export default {};';
    },
  };
}
