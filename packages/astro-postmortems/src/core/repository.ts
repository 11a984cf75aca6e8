/**
 * Finding, reading and checking the postmortems of a repository. Problems with
 * the files themselves (unreadable, not UTF-8, wrong extension, link loops) are
 * reported like rule messages so nothing is skipped silently.
 */
import { readFileSync } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { isToolError } from './utils/tool-error.ts';
import type { PostmortemConfig } from './config.ts';
import type { Frontmatter } from './frontmatter-schema.ts';
import { lintFile } from './lint.ts';
import { compareMessages, type LintMessage } from './messages.ts';
import { idFromPath, parsePostmortem, type ParsedFile } from './parse.ts';
import { PARSE_LIMITS } from './parse-limits.ts';
import type { AcceptedFinding, RepositoryIndex } from './rule.ts';
import { LineIndex } from './utils/lines.ts';
import { POSTMORTEMS_DIR } from './paths.ts';
import { IMAGE_EXTENSIONS, IMAGE_FILE, setImageFileReader } from './images.ts';
import { imageReads, readFileImage } from './image-files.ts';
import { atConfiguredLevel, DEFAULT_FILE_TIME_LIMIT, leftUnchecked, MAX_TIMED_OUT_FILES, outOfTime } from './file-problems.ts';
import { defaultWorkers, startCheckWorker, type CheckWorker } from './check-workers.ts';
import { readEnvironment } from './environment.ts';
import { threadTainted, withinTimeLimit } from './time-limit.ts';
import { displayText } from './terminal-text.ts';

export { POSTMORTEMS_DIR };

// Checking in place reads the images a file shows: the rules read them through the file system's reader.
setImageFileReader(readFileImage);

export interface FoundFiles {
  /** Repository-relative `/` paths of `.mdx` files. */
  files: string[];
  problems: LintMessage[];
}

const MARKDOWN_LIKE = /\.(md|markdown|mdown|mkd)$/i;

function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

function fileProblem(file: string, rule: string, message: string): LintMessage {
  return { file, line: 1, column: 1, rule, severity: 'error', message };
}

interface FileKind {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}

function specialKind(entry: FileKind): string {
  if (entry.isFIFO()) return 'named pipe (FIFO)';
  if (entry.isSocket()) return 'socket';
  if (entry.isCharacterDevice() || entry.isBlockDevice()) return 'device file';
  return 'special file';
}

function specialProblem(file: string, kind: string): LintMessage {
  return fileProblem(
    file,
    'file/unreadable',
    `Unexpected ${kind} where a postmortem should be, expected a regular file; replace it with the file itself`,
  );
}

function unexpectedFile(file: string, what: string): LintMessage {
  return fileProblem(
    file,
    'file/unexpected',
    `Unexpected ${what} in \`${POSTMORTEMS_DIR}/\`, expected only postmortems (\`.mdx\`) and the images they show (${IMAGE_EXTENSIONS.map((e) => `.${e}`).join(', ')}); move it out of \`${POSTMORTEMS_DIR}/\` or delete it`,
  );
}

/**
 * Walks `dir` for `.mdx` files, following no link twice and none that leaves the repository. Everything else found
 * there is reported, never skipped silently: hidden files and folders, files that are neither postmortems nor
 * images, links that point outside the repository (they are not followed: a link to `/proc` or a home folder must
 * not be read, published or walked for minutes).
 */
export async function findPostmortems(root: string, dir: string): Promise<FoundFiles> {
  const files: string[] = [];
  const problems: LintMessage[] = [];
  const seenDirs = new Set<string>();
  const realRoot = await realpath(root).catch(() => resolve(root));
  const insideRoot = (real: string) => real === realRoot || real.startsWith(realRoot + sep);
  async function visit(abs: string): Promise<void> {
    let real: string;
    try {
      real = await realpath(abs);
    } catch (error) {
      problems.push(
        fileProblem(
          toPosix(relative(root, abs)),
          'file/unreadable',
          `Unexpected unreadable path (${(error as NodeJS.ErrnoException).code ?? 'error'}), expected a readable folder or file; fix the link or permissions`,
        ),
      );
      return;
    }
    if (seenDirs.has(real)) {
      problems.push(
        fileProblem(
          toPosix(relative(root, abs)),
          'file/unreadable',
          'Unexpected symbolic link loop, expected each folder once; remove the link',
        ),
      );
      return;
    }
    seenDirs.add(real);
    let entries;
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (error) {
      problems.push(
        fileProblem(
          toPosix(relative(root, abs)),
          'file/unreadable',
          `Unexpected unreadable folder (${(error as NodeJS.ErrnoException).code ?? 'error'}), expected read permission; fix its permissions`,
        ),
      );
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const child = join(abs, entry.name);
      const shown = toPosix(relative(root, child));
      if (entry.name === '.gitkeep' && entry.isFile()) continue;
      if (entry.name.startsWith('.')) {
        problems.push(unexpectedFile(shown, `hidden ${entry.isDirectory() ? 'folder' : 'file'} \`${entry.name}\``));
        continue;
      }
      // A name is a page's address and is printed by Astro itself (its list of pages, its errors): one holding a line
      // break, a control or bidi character or a workflow command (`##[`) is never a postmortem, whatever `rules` say.
      if (displayText(entry.name) !== entry.name) {
        problems.push(
          fileProblem(
            shown,
            'file/unexpected',
            `Unexpected ${entry.isDirectory() ? 'folder' : 'file'} name \`${entry.name}\` with a line break, a control or bidirectional character or a CI workflow command, expected a name that logs and addresses show as written, such as \`YYYY-MM-DD-kebab-case-slug.mdx\`; rename it`,
          ),
        );
        continue;
      }
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let kind = specialKind(entry);
      if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await realpath(child);
        } catch (error) {
          problems.push(
            fileProblem(
              shown,
              'file/unreadable',
              `Unexpected broken symbolic link (${(error as NodeJS.ErrnoException).code ?? 'error'}), expected it to point at a file or folder; remove it`,
            ),
          );
          continue;
        }
        if (!insideRoot(target)) {
          problems.push(
            fileProblem(
              shown,
              'file/unexpected',
              `Unexpected symbolic link to \`${target}\`, outside the repository, expected files inside it (a link out is never followed); copy what it points at into the repository, or remove it`,
            ),
          );
          continue;
        }
        const s = await stat(child);
        isDir = s.isDirectory();
        isFile = s.isFile();
        kind = specialKind(s);
      }
      if (isDir) await visit(child);
      else if (isFile && /\.mdx$/i.test(entry.name)) files.push(shown);
      // A named pipe would block the reader forever, a device could be endless: report them, never read them.
      else if (/\.mdx$/i.test(entry.name)) problems.push(specialProblem(shown, kind));
      else if (isFile && MARKDOWN_LIKE.test(entry.name)) {
        problems.push(
          fileProblem(
            shown,
            'filename/pattern',
            `Unexpected Markdown file ${'`'}${entry.name}${'`'}, expected a \`.mdx\` file; rename it so it is checked and published`,
          ),
        );
      } else if (!(isFile && IMAGE_FILE.test(entry.name))) {
        problems.push(unexpectedFile(shown, isFile ? `file \`${entry.name}\`` : `${kind} \`${entry.name}\``));
      }
    }
  }
  const start = resolve(root, dir);
  const s = await lstat(start).catch(() => undefined);
  if (!s) return { files, problems };
  const target = s.isSymbolicLink() ? await stat(start).catch(() => undefined) : s;
  if (target?.isFile()) {
    files.push(toPosix(relative(root, start)));
  } else if (target && !target.isDirectory()) {
    problems.push(specialProblem(toPosix(relative(root, start)), specialKind(target)));
  } else {
    await visit(start);
  }
  return { files, problems };
}

// `ignoreBOM`: the BOM stays in the text, so that `parsePostmortem` drops exactly one and a second one is reported.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Files larger than this are reported without being decoded or scanned (the parser takes at most `PARSE_LIMITS.characters`). */
export const MAX_CHECKED_BYTES = 4 * 1024 * 1024;

export interface LoadedFile {
  path: string;
  text?: string;
  problem?: LintMessage;
}

export function readPostmortem(root: string, path: string): LoadedFile {
  let bytes: Uint8Array;
  try {
    // Synchronous on purpose: files are read one after another anyway, the
    // promise API costs about 0.3 ms of thread-pool round trips per small file
    // (a tenth of `check`'s time on a large repository), and a file's check up
    // to its render step is one synchronous run that a time limit can stop.
    bytes = readFileSync(resolve(root, path));
  } catch (error) {
    return {
      path,
      problem: fileProblem(
        path,
        'file/unreadable',
        `Unexpected unreadable file (${(error as NodeJS.ErrnoException).code ?? 'error'}), expected read permission; fix the file's permissions`,
      ),
    };
  }
  return decodePostmortem(path, bytes);
}

/** A postmortem's bytes as text, or the problem that stops it being checked (over the size limit, not UTF-8); `check` and the editor preset both decode here. */
export function decodePostmortem(path: string, bytes: Uint8Array): LoadedFile {
  if (bytes.length > MAX_CHECKED_BYTES) {
    // Far beyond the parse limit: not decoded or scanned at all, so even a huge file costs no more than reading it.
    const size = `${(bytes.length / 1024 / 1024).toFixed(1)} MB`;
    return {
      path,
      problem: fileProblem(
        path,
        'mdx/syntax',
        `Unexpected file of ${size}, expected a postmortem of at most ${PARSE_LIMITS.characters.toLocaleString('en-US')} characters (files over ${MAX_CHECKED_BYTES / 1024 / 1024} MB are not checked further); move long logs and data into files beside the postmortem and link to them`,
      ),
    };
  }
  try {
    return { path, text: utf8.decode(bytes) };
  } catch {
    const at = firstInvalidUtf8(bytes);
    return {
      path,
      problem: {
        ...fileProblem(path, 'file/encoding', 'Unexpected bytes that are not UTF-8, expected a UTF-8 text file; re-save the file as UTF-8'),
        line: at.line,
        column: at.column,
      },
    };
  }
}

/** Where the first byte that is not UTF-8 is, counted in the text before it the way every other message counts (lone CR included). */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; column: number } {
  const before = new TextDecoder().decode(bytes.subarray(0, Math.max(0, firstInvalidByte(bytes))));
  return new LineIndex(before).point(before.length);
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629), or -1. */
function firstInvalidByte(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i]!;
    const more = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (more < 0) return i;
    for (let k = 1; k <= more; k++) {
      const d = b[i + k];
      const lo = k === 1 && c === 0xe0 ? 0xa0 : k === 1 && c === 0xf0 ? 0x90 : 0x80;
      const hi = k === 1 && c === 0xed ? 0x9f : k === 1 && c === 0xf4 ? 0x8f : 0xbf;
      if (d === undefined || d < lo || d > hi) return i;
    }
    i += more + 1;
  }
  return -1;
}

export function indexRepository(paths: readonly string[]): RepositoryIndex {
  const ids = new Map<string, string[]>();
  for (const path of paths) {
    const id = idFromPath(path);
    const list = ids.get(id);
    if (list) list.push(path);
    else ids.set(id, [path]);
  }
  return { ids };
}

export interface CheckedFile<R = unknown> {
  path: string;
  id: string;
  /** The file's text, BOM removed. */
  source: string;
  /** Validated frontmatter, when the schema passed. */
  data: Frontmatter | undefined;
  /** Where the body starts in `source` (after the frontmatter split). */
  body: number;
  messages: LintMessage[];
  /** Findings the file's `exceptions` accepted, with their reasons. */
  accepted: AcceptedFinding[];
  /** What the render step made of a file with no error (see `RenderStep`). */
  rendered?: R;
  /** Each image URL the file was checked against and what it read (`imageReads`): its messages depend on them. */
  images: [url: string, read: string][];
}

/**
 * A step run on each file that has no error, right after its check, on the parse the rules checked (the site
 * renders postmortems to HTML here, so no file is parsed twice and no tree outlives its file). Named by module,
 * so that worker threads can load it too: the module's default export is a `RenderFunction`.
 */
export interface RenderStep<R = unknown, O = unknown> {
  /** A `file:` URL. */
  module: string;
  /** Passed to the function; must survive structured cloning. */
  options?: O;
  /** Never set: says what the module's function returns (`RenderFunction<R, O>`), so that each `rendered` is typed. */
  readonly renders?: R;
}

export type RenderFunction<R = unknown, O = unknown> = (
  file: ParsedFile,
  context: { root: string; config: PostmortemConfig; options: O },
) => Promise<R>;

const renderers = new Map<string, Promise<RenderFunction>>();

function renderer(module: string): Promise<RenderFunction> {
  let loaded = renderers.get(module);
  if (!loaded) {
    loaded = import(/* @vite-ignore */ module).then((m: { default: RenderFunction }) => m.default);
    renderers.set(module, loaded);
  }
  return loaded;
}

export interface FileCheckOptions {
  config: PostmortemConfig;
  repository: RepositoryIndex;
  today?: string | undefined;
  render?: RenderStep | undefined;
}

export interface RepositoryCheck<R = unknown> {
  /** Files that could be read and parsed (those asked for, or all). */
  checked: CheckedFile<R>[];
  /** Every message, sorted by file, line and column. */
  messages: LintMessage[];
  /** How many files were looked at, including unreadable ones. */
  fileCount: number;
  /** Findings accepted by the files' `exceptions`, in file order. */
  accepted: AcceptedFinding[];
}

export interface CheckRepositoryOptions {
  root: string;
  config: PostmortemConfig;
  /** Only check these (repository-relative or absolute files/folders); ids of all postmortems are still known. */
  only?: readonly string[];
  today?: string;
  /** Worker threads to use besides the main thread; default: one per extra core, for large runs only. */
  workers?: number;
  /** Seconds one file's check may take (time-limit.ts); default: `POSTMORTEMS_FILE_TIME_LIMIT`, else 20. */
  timeLimit?: number;
  /**
   * Workers already started (`startCheckWorkers`), loading their modules while this thread loaded its own: used
   * instead of new ones when the check is large enough for workers, else stopped.
   */
  started?: CheckWorker[];
  /** Run on each file with no error (the site's renderer). */
  render?: RenderStep | undefined;
}

/** A file read, parsed and linted, waiting for its render step. */
interface LintedFile {
  checked: CheckedFile;
  file: ParsedFile;
}

/**
 * Reads, parses and lints one file: synchronous, so that a time limit can stop it (`withinTimeLimit`). A file that
 * cannot be read or decoded gives its problem instead.
 */
function lintOne(root: string, path: string, options: FileCheckOptions): LintedFile | LintMessage {
  const { config, repository, today } = options;
  const loaded = readPostmortem(root, path);
  if (loaded.problem) return loaded.problem;
  const file = parsePostmortem(path, loaded.text!);
  const result = lintFile(file, { config, repository, root, ...(today ? { today } : {}) });
  const checked: CheckedFile = {
    path,
    id: file.id,
    source: file.source,
    body: file.body,
    data: result.data,
    messages: result.messages,
    accepted: result.accepted,
    images: [],
  };
  return { checked, file };
}

/** Renders a linted file when asked and it has no error, and records the images its check read. */
async function finishOne(root: string, linted: LintedFile | LintMessage, options: FileCheckOptions): Promise<CheckedFile | LintMessage> {
  if ('rule' in linted) return linted;
  const { checked, file } = linted;
  const { config, render } = options;
  if (render && !checked.messages.some((m) => m.severity === 'error')) {
    try {
      checked.rendered = await (await renderer(render.module))(file, { root, config, options: render.options });
    } catch (error) {
      // The tool's own failure (a cache it cannot write) is not a problem of this file: it stops the run.
      if (isToolError(error)) throw error;
      // The renderer refuses what the rules should have: the file fails with the reason rather than render a guess.
      const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
      // Where the renderer stopped, when it says (`UnsafeContentError.point`), else the top of the file.
      const at = (error as { point?: { line: number; column: number } }).point ?? { line: 1, column: 1 };
      const refused = atConfiguredLevel(
        {
          file: checked.path,
          line: at.line,
          column: at.column,
          rule: 'render/refused',
          severity: 'error',
          message: `Unexpected content the renderer refuses (${reason}), expected what the rules allow; remove it, and please report it: the rules should have caught it`,
        },
        config,
      );
      if (refused) checked.messages.push(refused);
    }
  }
  checked.images = imageReads(file);
  return checked;
}

/**
 * Reads, parses and lints one file, and renders it when asked and it has no error, with no time limit (the
 * reliability benchmark measures this). `check` and the build go through `checkPaths`, which limits each file.
 */
export async function checkOne(root: string, path: string, options: FileCheckOptions): Promise<CheckedFile | LintMessage> {
  return finishOne(root, lintOne(root, path, options), options);
}

/** The slots of the counter threads share: the next file to claim, and how many files ran out of time. */
const NEXT = 0;
const TIMED_OUT = 1;
/**
 * Files one time-limited run may lint: starting the limit's watchdog costs ~0.13 ms, so it is paid once per slice.
 * A slice also ends once it has used a tenth of the limit, so a slow file is stopped with at least nine tenths of
 * the limit spent on it, not on the files before it.
 */
const SLICE = 16;

/** What a thread checked of the files it claimed. A claimed file missing here is checked again by a fresh thread. */
export type ClaimedResults = [number, CheckedFile | LintMessage][];

/**
 * Checks `paths`, claiming one file at a time from a counter shared between threads (`Atomics.add`), so a thread
 * that started late (a worker loads its modules for ~0.4 s) or got heavier files simply checks fewer. Each file's
 * reading, parse and rules run under `limitMs` (time-limit.ts): a file that runs out is reported as
 * `file/time-limit`, and this thread stops, its state no longer trusted; the files it had linted but not rendered
 * are left out of its results for another thread. Returns `[index, result]` pairs.
 */
export async function checkClaimed(
  root: string,
  paths: readonly string[],
  allPaths: readonly string[],
  counter: Int32Array,
  options: Omit<FileCheckOptions, 'repository'> & { limitMs: number; slice?: number | undefined },
): Promise<ClaimedResults> {
  const fileOptions: FileCheckOptions = { ...options, repository: indexRepository(allPaths) };
  const out: ClaimedResults = [];
  const sliceMs = options.limitMs / 10;
  const slice = options.slice ?? SLICE;
  while (!threadTainted() && Atomics.load(counter, TIMED_OUT) < MAX_TIMED_OUT_FILES) {
    const linted: [number, LintedFile | LintMessage][] = [];
    let current = -1;
    const run = withinTimeLimit(() => {
      const started = performance.now();
      while (linted.length < slice && performance.now() - started < sliceMs) {
        const i = Atomics.add(counter, NEXT, 1);
        if (i >= paths.length) return;
        current = i;
        linted.push([i, lintOne(root, paths[i]!, fileOptions)]);
      }
    }, options.limitMs);
    if (!run.done) {
      Atomics.add(counter, TIMED_OUT, 1);
      if (current >= 0 && !linted.some(([i]) => i === current)) out.push([current, outOfTime(paths[current]!, options.limitMs)]);
      return out;
    }
    for (const [i, file] of linted) out.push([i, await finishOne(root, file, fileOptions)]);
    if (Atomics.load(counter, NEXT) >= paths.length) break;
  }
  return out;
}

export interface WorkerInput {
  root: string;
  paths: string[];
  allPaths: string[];
  /** The counter of claimed files and of files out of time (`NEXT`, `TIMED_OUT`), shared with the other threads. */
  counter: SharedArrayBuffer;
  config: PostmortemConfig;
  today?: string | undefined;
  render?: RenderStep | undefined;
  /** Milliseconds each file's check may take. */
  limitMs: number;
  /** Files per time-limited run (`SLICE` unless set): 1 after a file ran out of time, so no other file shares its run. */
  slice?: number | undefined;
}

/**
 * Reads, parses and lints `targets` (and renders those with no error, when asked), every id of `allPaths` known;
 * in worker threads besides the main one when there are many, each claiming files as it gets to them. Results are
 * in the order of `targets`.
 */
export async function checkPaths<R = unknown>(
  root: string,
  targets: readonly string[],
  allPaths: readonly string[],
  options: Omit<CheckRepositoryOptions, 'root' | 'only' | 'render'> & { render?: RenderStep<R> | undefined },
): Promise<(CheckedFile<R> | LintMessage)[]> {
  // What the step's module returns is what its `RenderStep<R>` says (the module is loaded by URL, in any thread).
  return (await checkAnyPaths(root, targets, allPaths, options)) as (CheckedFile<R> | LintMessage)[];
}

/** Milliseconds a file's check may take: the option, else `POSTMORTEMS_FILE_TIME_LIMIT`, else the default. */
function fileTimeLimit(options: { timeLimit?: number | undefined }): number {
  return (options.timeLimit ?? readEnvironment('POSTMORTEMS_FILE_TIME_LIMIT') ?? DEFAULT_FILE_TIME_LIMIT) * 1000;
}

async function checkAnyPaths(
  root: string,
  targets: readonly string[],
  allPaths: readonly string[],
  options: Omit<CheckRepositoryOptions, 'root' | 'only'>,
): Promise<(CheckedFile | LintMessage)[]> {
  const { config } = options;
  const limitMs = fileTimeLimit(options);
  const started = options.started ?? [];
  // A thread where a file ran out of time checks no more files (time-limit.ts): a worker does it instead.
  const mainChecks = !threadTainted();
  const wanted = Math.max(options.workers ?? defaultWorkers(targets.length), mainChecks || !targets.length ? 0 : 1);
  // Started workers beyond those this check wants are stopped; missing ones are started now.
  const others = started.slice(0, wanted);
  await Promise.all(started.slice(wanted).map((o) => o.stop()));
  while (others.length < wanted) others.push(startCheckWorker());

  const counter = new Int32Array(new SharedArrayBuffer(8));
  const input: WorkerInput = {
    root,
    paths: [...targets],
    allPaths: [...allPaths],
    counter: counter.buffer as SharedArrayBuffer,
    config,
    today: options.today,
    render: options.render,
    limitMs,
  };
  // Filled, not sparse: `flatMap` and `filter` skip the holes of `new Array(n)`.
  const out = Array.from<CheckedFile | LintMessage | undefined>({ length: targets.length });
  const record = (claimed: ClaimedResults[], indices?: readonly number[]) => {
    for (const [i, result] of claimed.flat()) out[indices ? indices[i]! : i] = result;
  };
  record(
    await allThreads(
      [
        // The main thread takes the workers' own input: the same options, the same limit.
        ...(mainChecks ? [checkClaimed(root, targets, allPaths, counter, input)] : []),
        ...others.map((o) => o.run(input)),
      ],
      others,
    ),
  );
  // Files left by a thread that ran out of time (those its last run had linted but not rendered included) go to a
  // fresh worker each time, one file per run, so that a file is only ever stopped for its own time, until every file
  // has a result or too many ran out of time.
  for (;;) {
    const remaining = out.flatMap((r, i) => (r === undefined ? [i] : []));
    if (remaining.length === 0) break;
    if (Atomics.load(counter, TIMED_OUT) >= MAX_TIMED_OUT_FILES) {
      for (const i of remaining) out[i] = leftUnchecked(targets[i]!, limitMs);
      break;
    }
    const fresh = startCheckWorker();
    const rest = new Int32Array(new SharedArrayBuffer(8));
    const timedOutBefore = Atomics.load(counter, TIMED_OUT);
    rest[TIMED_OUT] = timedOutBefore;
    const claimed = await allThreads(
      [fresh.run({ ...input, paths: remaining.map((i) => targets[i]!), counter: rest.buffer as SharedArrayBuffer, slice: 1 })],
      [fresh],
    );
    counter[TIMED_OUT] = rest[TIMED_OUT]!;
    const before = remaining.length;
    record(claimed, remaining);
    // A worker that checked nothing and ran out of time on nothing would loop for ever: never expected.
    if (out.filter((r) => r === undefined).length === before && rest[TIMED_OUT] === timedOutBefore)
      throw new Error('a check worker returned without checking a file');
  }
  return out as (CheckedFile | LintMessage)[];
}

/**
 * Waits for every thread of a check. A failure (the tool's own, say a cache it cannot write) in any of them stops
 * the check: the workers would go on checking (and failing) for nothing, and their failures after it are handled,
 * not left as unhandled rejections.
 */
async function allThreads(runs: Promise<ClaimedResults>[], workers: readonly CheckWorker[]): Promise<ClaimedResults[]> {
  try {
    return await Promise.all(runs);
  } catch (error) {
    await Promise.all(workers.map((o) => o.stop()));
    throw error;
  }
}

/** Finds, reads, parses and lints; the one entry point for the CLI and the build. */
export async function checkRepository(options: CheckRepositoryOptions): Promise<RepositoryCheck> {
  const { root, config } = options;
  const all = await findPostmortems(root, POSTMORTEMS_DIR);
  let targets = all.files;
  let problems = all.problems;
  if (options.only) {
    const picked = new Set<string>();
    problems = [];
    for (const p of options.only) {
      const found = await findPostmortems(root, p);
      found.files.forEach((f) => picked.add(f));
      problems.push(...found.problems);
    }
    targets = [...picked];
  }
  const allPaths = [...new Set([...all.files, ...targets])];
  const results = await checkPaths(root, targets, allPaths, options);
  return collectResults(problems, results, config);
}

/** The checked files and every message, sorted: problems of the walk and the reader at the level the configuration gives their id, the rules' messages at theirs. */
export function collectResults<R = unknown>(
  problems: readonly LintMessage[],
  results: readonly (CheckedFile<R> | LintMessage)[],
  config: PostmortemConfig,
): RepositoryCheck<R> {
  const checked: CheckedFile<R>[] = [];
  const messages: LintMessage[] = problems.flatMap((m) => atConfiguredLevel(m, config) ?? []);
  for (const item of results) {
    if ('rule' in item) {
      const message = atConfiguredLevel(item, config);
      if (message) messages.push(message);
      continue;
    }
    checked.push(item);
    messages.push(...item.messages);
  }
  messages.sort(compareMessages);
  return { checked, messages, fileCount: results.length, accepted: checked.flatMap((c) => c.accepted ?? []) };
}
