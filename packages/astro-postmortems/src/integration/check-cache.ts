/**
 * Each postmortem's check kept between runs of the loader (an `astro dev` restart, the next build on the same
 * machine), so a start re-checks and re-renders only the files that changed instead of every file: at 5,000
 * postmortems that is the difference between ~20 s of CPU and a walk and a read of each file.
 *
 * A file's result is reused only when everything that made it is the same:
 * - the file's bytes (its digest);
 * - the engine: the source of the format core, the loader and the renderer, the lockfile (the parser, the highlighter and every rule come from
 *   there), the resolved configuration and the render step's options (the site's origin and base path);
 * - the day (two rules, `review/overdue` and `action-items/overdue`, read the clock);
 * - the other postmortems it depends on: the paths that share its id (`id/duplicate`) and whether each id in its
 *   `related` exists (`related/unknown`); a file whose check named an unknown id, or whose frontmatter did not
 *   validate, depends on the whole set of ids, as the suggestion it prints does;
 * - each image it shows or asks for reading as it did: the same bytes, or the same problem (a file refused for a
 *   missing image is checked again once the image is there);
 * - for a file that was published: its article and counted words still there (pages verify their hash) and each
 *   image it shows still the same file, hashing to the name it is published under. Its data store entry is kept
 *   here too and put back if Astro's store no longer has it.
 * Anything else is checked again, exactly as on a first start. The cache is a JSON file in the project's cache
 * folder, outside the repository (`cache-folder.ts`), read only when it is a regular file under `MAX_BYTES` and
 * signed with a key kept beside it (`signingKey`); a missing, refused, unreadable or unsigned one is a first start.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, linkSync, lstatSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LintMessage } from '../core/messages.ts';
import type { RepositoryIndex } from '../core/rule.ts';
import { sha256 } from '../core/utils/hash.ts';
import { cacheHome, ownedFolder, readCacheFile, writeCacheFile } from './cache-folder.ts';

/** Bumped when the cache's own shape changes. */
const FORMAT = 4;
/**
 * The largest check cache read: about 3.7 KB a postmortem (5.6 MB at 1,500, measured), so some 130,000 postmortems,
 * and within the longest string V8 holds (512 MB).
 */
const MAX_BYTES = 500 * 1024 * 1024;

export interface CachedCheck {
  /** Digest of the file's bytes. */
  digest: string;
  /** What the file's result depends on besides its bytes (`dependencyKey`). */
  dependencies: string;
  /** Every message of the file's check, at their configured levels. */
  messages: LintMessage[];
  /**
   * The data store entry of a published file (no error), as the loader stored it: put back when Astro's own store
   * lost it (dev saves its store 500 ms after the last change, so a server stopped sooner starts with an old one).
   */
  entry?: CachedEntry;
  /** Its `related` ids; absent when its frontmatter did not validate. */
  related?: string[];
  /** Each image URL it was checked against and what that read (`imageReads`); absent when none. */
  images?: [url: string, read: string][];
}

export interface CachedEntry {
  data: Record<string, unknown>;
  digest: string;
  rendered: { html: string; metadata: Record<string, unknown> };
}

export interface CheckCache {
  format: number;
  /** `engineKey`: code, dependencies, configuration and day. */
  engine: string;
  files: Record<string, CachedCheck>;
}

const SRC = fileURLToPath(new URL('..', import.meta.url));

/** What a check and a render run: the format core, the loader and renderer, the words similar incidents counts. */
const ENGINE = ['core', 'integration'];

/** Larger than any lockfile (this repository's: 0.35 MB). */
const MAX_LOCKFILE_BYTES = 64 * 1024 * 1024;

/** Lockfiles of the package managers an organisation may use, as each names it. */
const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb'];

/**
 * The lockfile of the project the engine is installed in: the nearest one in the engine's folder or above it
 * (`<project>/node_modules/astro-postmortems` in an organisation's repository, `packages/astro-postmortems` in the
 * engine's own). It pins the parser, the highlighter and every package a rule uses.
 */
export function projectLockfile(engineDir: string): string | undefined {
  for (let dir = engineDir; ; dir = dirname(dir)) {
    for (const name of LOCKFILES) {
      const file = join(dir, name);
      if (existsSync(file)) return file;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/**
 * The engine's compiled or source files (`src`: its `dist/` or `src/` folder) and the project's lockfile, hashed by
 * path and content: a new engine, or an update of any package it uses, checks every file again.
 */
export function engineFingerprint(src: string): string {
  const hash = createHash('sha256');
  const files = ENGINE.flatMap((part) => {
    const path = join(src, part);
    if (!existsSync(path)) return [];
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name));
  }).sort();
  for (const file of files) hash.update(relative(src, file)).update('\0').update(readFileSync(file)).update('\0');
  // Read as the cache's own files are (`readCacheFile`): a pull request can commit a link to `/dev/zero` in its place.
  const lockfile = projectLockfile(dirname(src.replace(/[\\/]$/, '')));
  let locked: Buffer | string = `no lockfile read (${lockfile ?? 'none found'})`;
  try {
    if (lockfile) locked = readCacheFile(lockfile, MAX_LOCKFILE_BYTES);
  } catch {
    // Refused or unreadable: the key says so, and changes when it becomes readable.
  }
  hash.update(locked);
  return hash.digest('hex');
}

let fingerprint: string | undefined;

/**
 * What every file's result depends on: the engine's code and packages, the resolved configuration, the day and all
 * of the render step's options: the site's origin (`site`, every link is decided against the page's URL) and base path
 * (in every image's address), both of which can come from the environment, the audience and the articles' folder.
 */
export function engineKey(config: unknown, today: string, render: unknown): string {
  fingerprint ??= engineFingerprint(SRC);
  return sha256(JSON.stringify([FORMAT, fingerprint, config, today, render ?? null]));
}

/** What a file's result depends on among the other postmortems (see the module's comment). */
export function dependencyKey(
  id: string,
  related: readonly string[] | undefined,
  messages: readonly LintMessage[],
  repository: RepositoryIndex,
): string {
  const wholeSet = related === undefined || messages.some((m) => m.rule === 'related/unknown');
  return sha256(
    JSON.stringify([
      repository.ids.get(id) ?? [],
      (related ?? []).map((other) => repository.ids.has(other)),
      wholeSet ? idSetKey(repository) : '',
    ]),
  );
}

const idSetKeys = new WeakMap<RepositoryIndex, string>();

function idSetKey(repository: RepositoryIndex): string {
  let key = idSetKeys.get(repository);
  if (key === undefined) idSetKeys.set(repository, (key = sha256([...repository.ids.keys()].sort().join('\n'))));
  return key;
}

export function fileDigest(bytes: Uint8Array): string {
  return sha256(bytes);
}

/**
 * The key the cache is signed with, kept in the user's cache folder (`cacheHome`) and created on first use. The
 * cache itself is outside the repository too (`cache-folder.ts`); the signature is a second lock: only a cache this
 * machine wrote is read, whatever reached the folder. No key (no writable home): no cache.
 */
function signingKey(): Buffer | undefined {
  try {
    const folder = ownedFolder(cacheHome());
    const file = join(folder, 'check-cache.key');
    try {
      lstatSync(file);
    } catch {
      // Written whole under a name of its own, then given the key's name only if it has none yet (link() never
      // replaces an entry): two first runs at once keep one key, and neither reads a half-written one.
      const temp = `${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
      writeCacheFile(temp, randomBytes(32));
      try {
        linkSync(temp, file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        unlinkSync(temp);
      }
    }
    const key = readCacheFile(file, 64);
    return key.length === 32 ? key : undefined;
  } catch {
    return undefined;
  }
}

const signature = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest('hex');

/** The cache written by the last run for this engine key, if signed on this machine; otherwise an empty one. */
export function readCheckCache(file: string | undefined, engine: string): CheckCache {
  const empty: CheckCache = { format: FORMAT, engine, files: {} };
  const key = file ? signingKey() : undefined;
  if (!file || !key) return empty;
  try {
    // Refused before reading when it is a link (to /dev/zero, say), a device, a FIFO or too large.
    const text = readCacheFile(file, MAX_BYTES).toString('utf8');
    const newline = text.indexOf('\n');
    const body = text.slice(newline + 1);
    const expected = Buffer.from(signature(key, body));
    const given = Buffer.from(text.slice(0, newline));
    if (newline < 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) return empty;
    const cache = JSON.parse(body) as CheckCache;
    if (cache.format === FORMAT && cache.engine === engine && cache.files && typeof cache.files === 'object') return cache;
  } catch {
    // No cache yet, or one that cannot or must not be read: every file is checked.
  }
  return empty;
}

/**
 * Writes the cache with its signature on the first line (nothing is written without a key). A cache that cannot be
 * written costs the next run its reuse, nothing else: the `CacheError` says where and why, for the caller to warn.
 */
export function writeCheckCache(file: string | undefined, cache: CheckCache): void {
  const key = file ? signingKey() : undefined;
  if (!file || !key) return;
  const body = JSON.stringify(cache);
  writeCacheFile(file, `${signature(key, body)}\n${body}`);
}
