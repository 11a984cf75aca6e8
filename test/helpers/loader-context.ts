/**
 * A fake of the context Astro hands a content loader (`LoaderContext`): a data store, a logger that keeps what it is
 * told, and a watcher the test drives by hand, over a real folder. The loader's reuse, check and store logic runs on
 * it as in `astro build` and `astro dev`, without an Astro process. `fire` waits for the loader's handlers (each
 * returns its work's promise), so a test waits for a condition, never for time.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoaderContext } from 'astro/loaders';
import type { PostmortemConfig } from '../../packages/astro-postmortems/src/core/config.ts';
import { schemaFor } from '../../packages/astro-postmortems/src/core/lint.ts';

export interface StoredEntry {
  id: string;
  data: Record<string, unknown>;
  filePath?: string;
  digest?: string | number;
  rendered?: { html: string; metadata?: Record<string, unknown> };
}

export type WatchEvent = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir';

export interface FakeLoader {
  ctx: LoaderContext;
  entries: Map<string, StoredEntry>;
  /** Every line logged, as `level: message`. */
  logs: string[];
  /** The folders the loader asked the watcher to watch. */
  watched: string[];
  /** Calls the loader's handlers of `event` for the absolute path `abs`, and waits for them. */
  fire(event: WatchEvent, abs: string): Promise<void>;
}

export function fakeLoaderContext(
  root: string,
  config: PostmortemConfig,
  options: { watch?: boolean; site?: string; base?: string } = {},
): FakeLoader {
  const entries = new Map<string, StoredEntry>();
  const logs: string[] = [];
  const watched: string[] = [];
  const handlers = new Map<string, ((abs: string) => unknown)[]>();
  const log = (level: string) => (message: string) => void logs.push(`${level}: ${message}`);
  const logger = {
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    debug: log('debug'),
    label: 'postmortems',
    fork: () => logger,
  };
  const store = {
    get: (id: string) => entries.get(id),
    set: (entry: StoredEntry) => (entries.set(entry.id, entry), true),
    delete: (id: string) => void entries.delete(id),
    has: (id: string) => entries.has(id),
    keys: () => [...entries.keys()],
    values: () => [...entries.values()],
    entries: () => [...entries],
    clear: () => entries.clear(),
    addModuleImport: () => undefined,
  };
  const watcher = {
    add: (path: string) => void watched.push(path),
    on: (event: string, handler: (abs: string) => unknown) => {
      handlers.set(event, [...(handlers.get(event) ?? []), handler]);
      return watcher;
    },
  };
  const schema = schemaFor(config);
  const ctx = {
    collection: 'postmortems',
    store,
    logger,
    config: { root: pathToFileURL(`${root}/`), base: options.base ?? '/', ...(options.site ? { site: options.site } : {}) },
    ...(options.watch ? { watcher } : {}),
    parseData: async ({ data }: { data: Record<string, unknown> }) => schema.parseAsync(data),
    generateDigest: (value: unknown) =>
      createHash('sha256')
        .update(typeof value === 'string' ? value : JSON.stringify(value))
        .digest('hex'),
    meta: new Map<string, string>(),
  } as unknown as LoaderContext;
  return {
    ctx,
    entries,
    logs,
    watched,
    fire: async (event, abs) => {
      await Promise.all((handlers.get(event) ?? []).map((handler) => handler(abs)));
    },
  };
}

/** A temporary project folder with `files` (repository-relative path → content); `remove` when done. */
export function tempProject(files: Record<string, string | Uint8Array>): {
  root: string;
  write(path: string, content: string | Uint8Array): string;
  remove(): void;
} {
  const root = mkdtempSync(join(tmpdir(), 'loader-'));
  const write = (path: string, content: string | Uint8Array) => {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    return file;
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  return { root, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}
