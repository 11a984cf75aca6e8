/**
 * Where the loader keeps what it writes between runs (rendered articles, counted words, the check cache), and the
 * only ways anything there is read, written or removed.
 *
 * Nothing of it lives in the repository's folders. A pull request can commit anything there: `git add -f` ignores
 * `.gitignore`, `npm install` leaves unknown entries in `node_modules/` alone, and `git checkout` replaces ignored
 * files without a word. A committed link then turns a write into one outside the repository, a prune into a
 * deletion there, and a read into one of `/dev/zero`. So the caches live in the user's cache folder, beside the
 * check cache's signing key: `$XDG_CACHE_HOME/postmortem-repository/projects/<hash of the project's real path>/`
 * (`~/.cache/…` by default). Each folder on that path from `postmortem-repository` down is created by the loader
 * (mode 700) and verified with `lstat`: a real folder, not a link, owned by this user, writable by no one else.
 * Where that is not possible (no writable home), a folder made with `mkdtemp` in the system's temp folder serves
 * this process only and is removed when it exits; no check cache is kept then.
 *
 * Inside those folders:
 * - a file is read through one descriptor opened with O_NOFOLLOW and O_NONBLOCK, after `lstat` and then `fstat` on
 *   that descriptor say it is a regular file under a size cap: a link, a device, a FIFO or an oversized file is
 *   refused before a byte is read (`readCacheFile`);
 * - a file is written under a temporary name unique to its writer (process, thread, call and random bytes), created
 *   exclusively, then renamed over the final name: two writers (worker threads rendering identical postmortems, two
 *   processes) never share a temporary file, and a file is never changed in place, so a hard link to it never sees
 *   a write (`writeCacheFile`);
 * - pruning removes only finished names of the cache's own shape that no running loader of the project may still
 *   read: older than the start of every loader running on it (`running/`, one lease file per process, refreshed
 *   while it runs), never a temporary file being written, never following a link (`pruneFolder`, `pruneBefore`).
 * A project folder whose recorded project no longer exists is removed, so deleted checkouts leave nothing behind.
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  existsSync,
  fstatSync,
  lstatSync,
  lutimesSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  realpathSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { readEnvironment } from '../core/environment.ts';
import { threadId } from 'node:worker_threads';
import { sha256 } from '../core/utils/hash.ts';
import { ToolError } from '../core/utils/tool-error.ts';

/** The folder of this tool in the user's cache folder; the check cache's signing key is kept there too. */
export const CACHE_NAME = 'postmortem-repository';
const PROJECTS = 'projects';
const RUNNING = 'running';
const PROJECT_NAME = /^[0-9a-f]{32}$/;
const LEASE_NAME = /^\d+-[0-9a-f]{12}\.lease$/;
/** `<final name>.<pid>-<thread>-<call>-<random>.tmp`, as `writeCacheFile` names what it is writing. */
const TEMP_SUFFIX = /\.\d+-\d+-\d+-[0-9a-f]{12}\.tmp$/;

/** A running loader refreshes its lease this often, and one not refreshed for `LEASE_STALE` has ended without removing it. */
const LEASE_REFRESH_MS = 5 * 60_000;
const LEASE_STALE_MS = 30 * 60_000;
/** A temporary file this old is what a crashed writer left. */
const TEMP_STALE_MS = 24 * 60 * 60_000;
/** Clocks of file times and of the process differ by less than this. */
const CLOCK_SLACK_MS = 2_000;

/** A cache file or folder the loader cannot use as it must: the machine's problem, named with what to do. */
export class CacheError extends ToolError {
  override name = 'CacheError';
}

export interface ProjectCache {
  /** The project's cache folder. */
  dir: string;
  /** Rendered articles and counted words (`article-cache.ts`). */
  articles: string;
  /** The check cache (`check-cache.ts`), when results are kept between runs; `undefined` in a per-process folder. */
  checks: string | undefined;
}

/** `$XDG_CACHE_HOME/postmortem-repository` (an absolute XDG_CACHE_HOME only, as the XDG specification says), else `~/.cache/…`. */
export function cacheHome(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = readEnvironment('XDG_CACHE_HOME', env);
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), CACHE_NAME);
}

/** The cache folder of the project at `root` (whether or not it exists yet). */
export function projectCacheDir(root: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(cacheHome(env), PROJECTS, projectKey(root));
}

function projectKey(root: string): string {
  let real = root;
  try {
    real = realpathSync(root);
  } catch {
    // A root that cannot be resolved is named as given.
  }
  return sha256(real.replace(/(?<![\\/])[\\/]+$/, '')).slice(0, 32);
}

const opened = new Map<string, ProjectCache>();

/**
 * The cache folder of the project at `root`, created and verified (see the module's comment); the same one for the
 * rest of the process. `warn` is told once why, when only a per-process folder could be had.
 */
export function projectCache(root: string, warn: (message: string) => void): ProjectCache {
  let cache = opened.get(root);
  if (!cache) {
    try {
      cache = persistentCache(root);
    } catch (error) {
      cache = processCache();
      warn(
        `The loader's cache folder could not be used (${reason(error)}): this run keeps its articles in ${cache.dir}, removed when it ends, and the next run checks every postmortem again. ` +
          `Make ${cacheHome()} a folder of your own that only you can write (chmod 700), or set XDG_CACHE_HOME to one.`,
      );
    }
    opened.set(root, cache);
  }
  return cache;
}

function persistentCache(root: string): ProjectCache {
  const home = cacheHome();
  mkdirSync(join(home, '..'), { recursive: true, mode: 0o700 });
  ownedFolder(home);
  const projects = ownedFolder(join(home, PROJECTS));
  const dir = ownedFolder(join(projects, projectKey(root)));
  const articles = ownedFolder(join(dir, 'articles'));
  ownedFolder(join(dir, RUNNING));
  recordRoot(dir, root);
  holdLease(dir);
  removeAbandonedProjects(projects, dir);
  return { dir, articles, checks: join(dir, 'checks.json') };
}

let processFolder: ProjectCache | undefined;
const PROCESS_FOLDER = 'postmortem-cache-';
/** `postmortem-cache-<pid>-<mkdtemp's six characters>`. */
const PROCESS_FOLDER_NAME = /^postmortem-cache-(\d+)-[A-Za-z0-9]{6}$/;

/**
 * A folder only this process uses, made by `mkdtemp` (a new name, mode 700) and removed when the process exits. A
 * process stopped by a signal Node leaves to its default (Ctrl-C on `astro dev`) runs no exit handler: its folder is
 * removed by the next process that needs one (`removeDeadProcessFolders`).
 */
function processCache(): ProjectCache {
  if (!processFolder) {
    removeDeadProcessFolders(tmpdir());
    const dir = ownedFolder(mkdtempSync(join(tmpdir(), `${PROCESS_FOLDER}${process.pid}-`)));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    processFolder = { dir, articles: ownedFolder(join(dir, 'articles')), checks: undefined };
  }
  return processFolder;
}

/**
 * Removes the per-process folders in `temp` that belong to this user and to a process no longer running. The temp
 * folder is shared with other users: only a real folder (not a link) owned by this user is removed, and `rm` removes
 * what is inside as names, never following a link.
 */
export function removeDeadProcessFolders(temp: string): void {
  let names: string[];
  try {
    names = readdirSync(temp);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = PROCESS_FOLDER_NAME.exec(name)?.[1];
    if (!pid || Number(pid) === process.pid || isRunning(Number(pid))) continue;
    const dir = join(temp, name);
    try {
      const stat = lstatSync(dir);
      const uid = process.getuid?.();
      if (stat.isDirectory() && (uid === undefined || stat.uid === uid)) rmSync(dir, { recursive: true, force: true });
    } catch {
      // Removed by its owner meanwhile, or not ours: left alone.
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: running, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Creates `path` (mode 700) unless it exists, and verifies it with `lstat`: a folder, not a link to one, owned by this
 * user and writable by no one else. Returns the path; throws a `CacheError` saying what is wrong.
 */
export function ownedFolder(path: string): string {
  try {
    mkdirSync(path, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stat = lstatSync(path);
  if (stat.isSymbolicLink()) throw new CacheError(`${path} is a symbolic link, not a folder of the loader's own`);
  if (!stat.isDirectory()) throw new CacheError(`${path} is not a folder`);
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) throw new CacheError(`${path} belongs to user ${stat.uid}, not to this user (${uid})`);
  // (Windows reports no such bits: its folders are the user's by their access lists.)
  if (process.platform !== 'win32' && stat.mode & 0o022)
    throw new CacheError(`${path} can be written by other users (mode ${(stat.mode & 0o777).toString(8)})`);
  return path;
}

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
const O_NONBLOCK = constants.O_NONBLOCK ?? 0;

/**
 * The bytes of a cache file, refused before any is read when it is a link, not a regular file (a device, a FIFO, a
 * folder) or larger than `maxBytes`. Throws ENOENT as it comes (a missing file is an ordinary cache miss), and a
 * `CacheError` for a refused one.
 */
export function readCacheFile(file: string, maxBytes: number): Buffer {
  // lstat first, so a device is never even opened (opening some has effects); O_NOFOLLOW and fstat then hold if the
  // entry changes in between.
  refuseUnlessRegular(file, lstatSync(file), maxBytes);
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | O_NOFOLLOW | O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw new CacheError(`${file} is a symbolic link; cache files never are`);
    throw error;
  }
  try {
    const stat = fstatSync(fd);
    refuseUnlessRegular(file, stat, maxBytes);
    const bytes = Buffer.allocUnsafe(stat.size);
    let length = 0;
    while (length < stat.size) {
      const read = readSync(fd, bytes, length, stat.size - length, length);
      if (read === 0) break;
      length += read;
    }
    return bytes.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

function refuseUnlessRegular(file: string, stat: { isFile(): boolean; isSymbolicLink(): boolean; size: number }, maxBytes: number): void {
  if (stat.isSymbolicLink()) throw new CacheError(`${file} is a symbolic link; cache files never are`);
  if (!stat.isFile()) throw new CacheError(`${file} is not a regular file (a device, a FIFO or a folder); cache files never are`);
  if (stat.size > maxBytes)
    throw new CacheError(`${file} is ${stat.size} bytes, more than the ${maxBytes} a cache file of its kind can be`);
}

let writes = 0;

/**
 * Writes `data` to `file` (in a folder of the cache) under a temporary name no other writer can have, created
 * exclusively (never through an existing entry), then renamed over `file`: a reader sees the old file or the whole
 * new one, and whatever `file` was (a hard link, a link) is replaced, never written through. A failure is a
 * `CacheError` naming the file and what to do.
 */
export function writeCacheFile(file: string, data: string | Uint8Array): void {
  const temp = `${file}.${process.pid}-${threadId}-${++writes}-${randomBytes(6).toString('hex')}.tmp`;
  let fd: number | undefined;
  try {
    fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW, 0o600);
    writeFileSync(fd, data);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // Not created, or already renamed.
    }
    throw new CacheError(
      `Could not write the cache file ${file} (${reason(error)}). This is the build machine's cache, not a postmortem: make sure its folder is writable and its disk has space, or delete the folder (the next run starts cold), then run again.`,
    );
  }
}

/**
 * Removes the files of `folder` named like `finished` (the cache's own finished names) that are not in `keep`
 * (absolute paths) and were last written or kept before `before` (`pruneBefore`), and temporary files of that shape
 * a crashed writer left a day ago or more. Anything else is left alone; a link is removed as a name, never
 * followed; folders are never removed.
 */
export function pruneFolder(folder: string, keep: ReadonlySet<string>, finished: RegExp, before: number): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  const now = Date.now();
  for (const name of names) {
    const path = join(folder, name);
    let limit: number;
    if (finished.test(name)) {
      if (keep.has(path)) continue;
      limit = before;
    } else if (TEMP_SUFFIX.test(name) && finished.test(name.replace(TEMP_SUFFIX, ''))) {
      limit = now - TEMP_STALE_MS;
    } else {
      continue;
    }
    try {
      const stat = lstatSync(path);
      if (!stat.isDirectory() && stat.mtimeMs < limit) unlinkSync(path);
    } catch {
      // Gone already, or not ours to remove: pruning is best effort.
    }
  }
}

/**
 * The time before which a cache file of the project may be pruned: the start of the oldest loader still running on
 * it, this one included (`loadStart`, when this load began). Every file a loader uses was written or kept (its time
 * set) after it started, so no running loader loses a file it may still read. Leases not refreshed for
 * `LEASE_STALE_MS` are from loaders that ended without removing theirs, and are removed.
 */
export function pruneBefore(cache: ProjectCache, loadStart: number): number {
  let oldest = loadStart;
  const running = join(cache.dir, RUNNING);
  let names: string[] = [];
  try {
    names = readdirSync(running);
  } catch {
    // No other loader has registered.
  }
  const now = Date.now();
  for (const name of names) {
    if (!LEASE_NAME.test(name)) continue;
    const path = join(running, name);
    try {
      if (lstatSync(path).mtimeMs < now - LEASE_STALE_MS) {
        unlinkSync(path);
        continue;
      }
      const start = Number(readCacheFile(path, 64).toString('utf8'));
      if (Number.isFinite(start)) oldest = Math.min(oldest, start);
    } catch {
      // Removed by its loader meanwhile.
    }
  }
  return oldest - CLOCK_SLACK_MS;
}

/** Marks a file the loader keeps using as in use now, so that no loader prunes it (see `pruneBefore`); false when it is not a regular file of at most `maxBytes`. */
export function keepCacheFile(file: string, maxBytes: number): boolean {
  try {
    const stat = lstatSync(file);
    // One name only: a hard link elsewhere means it is not the file the loader wrote.
    if (!stat.isFile() || stat.nlink !== 1 || stat.size > maxBytes) return false;
    const now = new Date();
    lutimesSync(file, now, now);
    return true;
  } catch {
    return false;
  }
}

/** The leases this process holds (one per project it opened), each removed at its exit by one handler. */
const leases = new Set<() => void>();

function releaseLeases(): void {
  for (const release of leases) release();
  leases.clear();
}

/** This process's lease on a project folder: created with the process's start on it, refreshed while it runs, removed at exit. */
function holdLease(dir: string): void {
  const lease = join(dir, RUNNING, `${process.pid}-${randomBytes(6).toString('hex')}.lease`);
  writeCacheFile(lease, String(Date.now()));
  const refresh = setInterval(() => {
    try {
      const now = new Date();
      lutimesSync(lease, now, now);
    } catch {
      // Removed by a loader that took it for a dead one after a long pause (a suspended machine): written again.
      try {
        writeCacheFile(lease, String(Date.now()));
      } catch {
        // The folder is gone; nothing to protect.
      }
    }
  }, LEASE_REFRESH_MS);
  refresh.unref();
  // One exit handler for every lease: a process that opens many projects (the test suite) adds one listener, not one each.
  if (!leases.size) process.once('exit', releaseLeases);
  leases.add(() => {
    clearInterval(refresh);
    try {
      unlinkSync(lease);
    } catch {
      // Already gone.
    }
  });
}

const ROOT_FILE = 'root';

/** Records which project a folder belongs to, so that one whose project is gone can be recognised. */
function recordRoot(dir: string, root: string): void {
  const file = join(dir, ROOT_FILE);
  try {
    if (readCacheFile(file, 64 * 1024).toString('utf8') === root) return;
  } catch {
    // Not recorded yet.
  }
  writeCacheFile(file, root);
}

let swept = false;

/** Removes, once per process, the project folders whose project folder no longer exists (a checkout deleted, a test site gone). */
function removeAbandonedProjects(projects: string, own: string): void {
  if (swept) return;
  swept = true;
  let names: string[];
  try {
    names = readdirSync(projects);
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(projects, name);
    if (!PROJECT_NAME.test(name) || dir === own) continue;
    try {
      if (!lstatSync(dir).isDirectory()) continue;
      const root = readCacheFile(join(dir, ROOT_FILE), 64 * 1024).toString('utf8');
      // rm never follows a link it finds inside: it removes the link.
      if (root && isAbsolute(root) && !existsSync(root)) rmSync(dir, { recursive: true, force: true });
    } catch {
      // No record (a loader is creating it now) or unreadable: left alone.
    }
  }
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, '')}` : String((error as Error)?.message ?? error);
}
