/**
 * Everything `astro dev` coordinates between the content loader and the pages, in one place: the entries the loader
 * re-checked after an edit (seen by pages before Astro's store file catches up), the problems of the files it left out
 * (shown at their URL instead of "Page not found"), "similar incidents" computed in a worker thread, the values kept
 * across module reloads, and the debounced write of the check cache.
 *
 * **Single-process assumption.** The loader runs in Astro's process and the pages in Vite's module runner of the same
 * process, so they share `globalThis`: every value here lives in one of the slots named by `Slot`, under a registered
 * symbol, and outlives a module's reloads (an edited postmortem makes Vite evaluate every module that reads the
 * collection again). Nothing here is shared between processes: two dev servers of one project each have their own,
 * and a build (one process, each module evaluated once) publishes nothing, so its content version never moves.
 */
import { Worker } from 'node:worker_threads';
import { fileProblems } from '../core/file-problems.ts';
import type { LintMessage } from '../core/messages.ts';
import { idFromPath } from '../core/parse.ts';
import { plainLinks } from '../core/rule.ts';
import { rules } from '../core/rules/index.ts';
import { displayLine } from '../core/terminal-text.ts';
import { engineModule } from '../core/utils/module-url.ts';
import { readTerms } from './article-cache.ts';
import type { StoredRendered } from './rendered-entry.ts';
import { similarFor, type SimilarityInput, type SimilarMatch } from './similarity.ts';

// ---------------------------------------------------------------------------------------------------------------------
// The slots on globalThis

/** Every value kept on `globalThis`, by name: the loader's and the pages' (module-level caches that must survive reloads). */
export type Slot = 'live-entries' | 'dev-problems' | 'similar' | 'derived' | 'git-dates' | 'dev-logger';

/** The value of a slot, created on first use. In a build each module is evaluated once, so this is a module-level value. */
export function globalMemo<T>(slot: Slot, create: () => T): T {
  const key = Symbol.for(`postmortem-repository:${slot}`);
  const slots = globalThis as unknown as Record<symbol, T | undefined>;
  return (slots[key] ??= create());
}

// ---------------------------------------------------------------------------------------------------------------------
// Live entries: an edit shows as soon as its file is checked

/**
 * A data store entry as `getCollection` returns it (`storeEntry` of rendered-entry.ts plus its collection). Astro hands
 * a changed entry to pages through its data store file: a save debounced by 500 ms, a serialisation of the whole store,
 * a file watcher, then the store module evaluated again (over a second at 1,000 postmortems). Pages read the collection
 * with these entries laid over it; the store catches up on its own, with the same entries.
 */
export interface LiveEntry {
  id: string;
  collection: string;
  data: Record<string, unknown>;
  filePath?: string | undefined;
  digest?: string | number | undefined;
  rendered?: StoredRendered | undefined;
}

const live = globalMemo('live-entries', () => ({ version: 0, entries: new Map<string, LiveEntry | null>() }));

/** The loader's new version of an entry, or `null` when the file was removed or left out for its errors. */
export function publishEntry(id: string, entry: LiveEntry | null): void {
  live.entries.set(id, entry);
  live.version++;
}

/** A full load of the collection (a dev server start or restart): the store holds everything again. */
export function resetLiveEntries(): void {
  if (!live.entries.size) return;
  live.entries.clear();
  live.version++;
}

/** The collection with the published entries laid over it, in the collection's order (new entries last). */
export function withLiveEntries<T extends { id: string }>(entries: readonly T[]): T[] {
  if (!live.entries.size) return [...entries];
  const seen = new Set<string>();
  const out: T[] = [];
  for (const entry of entries) {
    seen.add(entry.id);
    const newer = live.entries.get(entry.id);
    if (newer === undefined) out.push(entry);
    else if (newer) out.push(newer as unknown as T);
  }
  for (const [id, entry] of live.entries) if (entry && !seen.has(id)) out.push(entry as unknown as T);
  return out;
}

/**
 * `compute()` once per version of the content: once in a build; in `astro dev` again after each published edit (a
 * module-level cache would otherwise keep serving the collection as it was before the edit).
 */
export function perContentVersion<T>(compute: () => T): () => T {
  let version = -1;
  let value: T;
  return () => {
    if (version !== live.version) {
      version = live.version;
      value = compute();
    }
    return value;
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// Problems of the files left out: the 404 page (components/dev-problems.astro) shows them at the postmortem's URL

export interface FileProblems {
  id: string;
  path: string;
  /** Every message of the file, errors and warnings, in file order. */
  messages: LintMessage[];
}

const problems = globalMemo('dev-problems', () => new Map<string, FileProblems>());

/** Replaces what is known with one full check of the repository: files with at least one error are kept. */
export function recordAll(messages: readonly LintMessage[]): void {
  problems.clear();
  const byFile = new Map<string, LintMessage[]>();
  for (const m of messages) byFile.set(m.file, [...(byFile.get(m.file) ?? []), m]);
  for (const [path, list] of byFile) recordFile(path, list);
}

/** The latest messages of one file (none: it was fixed or deleted). */
export function recordFile(path: string, messages: readonly LintMessage[]): void {
  const id = idFromPath(path);
  if (messages.some((m) => m.severity === 'error')) problems.set(id, { id, path, messages: [...messages] });
  else if (problems.get(id)?.path === path || !messages.length) problems.delete(id);
}

/** The problems of the postmortem a URL path points to (`<base>postmortems/<id>/`), if it was left out. */
export function problemsAt(pathname: string, base = '/'): FileProblems | undefined {
  const prefix = `${base.replace(/\/?$/, '/')}postmortems/`;
  if (!pathname.startsWith(prefix)) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(pathname.slice(prefix.length).replace(/\/$/, ''));
  } catch {
    return undefined;
  }
  if (!id || id.includes('/')) return undefined;
  return problems.get(id);
}

/** Rule id → how to fix it, from the rule modules and file problems (the "How to fix" of `docs/rules.md`); `root` is not read. */
export function ruleFixes(_root?: string): Map<string, string> {
  return new Map([...rules, ...fileProblems].map((p) => [p.id, plainLinks(p.docs.fix)]));
}

// ---------------------------------------------------------------------------------------------------------------------
// Similar incidents, off the server's thread

type Similar = Map<string, SimilarMatch[]>;

/** The last result, and the content it was computed for (`key`) or is being computed for (`pending`). */
const similar = globalMemo('similar', () => ({ key: '', value: undefined as Promise<Similar> | undefined, pending: '' }));

/**
 * Similar incidents for the content `key` names, computed in a worker thread (~0.3 ms per postmortem, which would hold
 * every request up). Pages never wait for it: after an edit the last result is served until the new one is ready, and
 * right after the server starts there is none yet (3 s at 5,000 postmortems).
 */
export function similarInBackground(key: string, input: () => SimilarityInput): Promise<Similar> {
  if (similar.key !== key && similar.pending !== key) {
    similar.pending = key;
    const next = similarInWorker(input());
    void next.then(() => {
      if (similar.pending !== key) return;
      Object.assign(similar, { key, value: next, pending: '' });
    });
  }
  return similar.value ?? Promise.resolve(new Map());
}

// A variable, not a literal: Vite would otherwise bundle the worker as an asset of the build, which never uses it.
const WORKER = './similarity-worker.ts';

/** The start of the warning logged when similar incidents fall back to the server's thread. */
export const SIMILAR_ON_SERVER_THREAD = "Similar incidents are computed on the dev server's thread";

/**
 * Where the dev session's warnings go: the content loader's logger (Astro's, set by `logDevSessionTo` when the loader
 * first loads; the pages run in the same process), the console until then. `warned` keeps a warning to once a run.
 */
const devLog = globalMemo('dev-logger', () => ({ warn: (message: string) => console.warn(message), warned: false }));

export function logDevSessionTo(logger: { warn(message: string): void }): void {
  devLog.warn = (message) => logger.warn(message);
}

function similarInWorker(input: SimilarityInput): Promise<Similar> {
  return new Promise<Similar>((resolve, reject) => {
    const worker = new Worker(engineModule(WORKER, import.meta.url), { workerData: input });
    worker.once('message', (entries: [string, SimilarMatch[]][]) => {
      resolve(new Map(entries));
      void worker.terminate();
    });
    worker.once('error', reject);
  }).catch((error: unknown) => {
    // Where no worker can start, the same result on this thread; but every request waits for it meanwhile, so say why.
    if (!devLog.warned) {
      devLog.warned = true;
      devLog.warn(
        displayLine`${SIMILAR_ON_SERVER_THREAD}, which holds requests up while it runs: its worker thread could not start or failed (${error instanceof Error ? error.message : error}).`,
      );
    }
    return similarFor(input, readTerms);
  });
}

// ---------------------------------------------------------------------------------------------------------------------
// Debounced work

/**
 * `run()` once `ms` have passed without another call: the loader writes its check cache (MBs at thousands of
 * postmortems) once edits pause, not on each one. The timer never keeps the process alive.
 */
export function afterQuiet(ms: number, run: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
    timer.unref();
  };
}
