/** What every command shares: its I/O, and loading the configuration with a usage error (exit 2) instead of a stack trace. */
import { ConfigError, type PostmortemConfig } from '../core/config.ts';
import { loadConfig } from '../core/load-config.ts';

export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  isTTY: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The resolved configuration, or `undefined` after telling the user what is wrong with `postmortems.config.ts`. */
export async function loadCliConfig(command: string, io: CliIo): Promise<PostmortemConfig | undefined> {
  try {
    return await loadConfig(io.cwd);
  } catch (error) {
    io.stderr(error instanceof ConfigError ? error.message : `${command}: could not load postmortems.config.ts: ${(error as Error).message}`);
    return undefined;
  }
}
