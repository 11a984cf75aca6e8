/**
 * `astro dev` only: the loader's latest version of each postmortem it re-checked after an edit, seen by pages at
 * once. Astro hands a changed entry to pages through its data store file: a save debounced by 500 ms, a
 * serialisation of the whole store, a file watcher, then the store module parsed and evaluated again, which took
 * over a second at 1,000 postmortems and grows with every one. Pages read the collection with these entries laid
 * over it, so an edit shows as soon as its file is checked; the store catches up on its own, with the same entries.
 *
 * Kept on `globalThis` (`globalMemo`): the loader runs in Astro's process and pages in Vite's module runner of the
 * same process. In a build nothing is published and the version never moves.
 */
import { globalMemo } from './global-memo.ts';

/** A data store entry as `getCollection` returns it (the loader's `storeEntry` plus its collection). */
export interface LiveEntry {
  id: string;
  collection: string;
  data: Record<string, unknown>;
  filePath?: string;
  digest?: string | number;
  rendered?: { html: string; metadata?: Record<string, unknown> };
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
