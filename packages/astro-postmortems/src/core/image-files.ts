/**
 * Reading the images a postmortem shows from the file system (the half of `images.ts` that needs files): a relative
 * image resolves only to a regular file inside `postmortems/`, through no link that leaves the folder, no larger
 * than `MAX_IMAGE_BYTES`, whose bytes are the type its name says. `repository.ts` hands `readFileImage` to the rules
 * (`setImageFileReader`), so they read images wherever files are checked in place.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { ACCEPTED, IMAGE_TYPES, MAX_IMAGE_BYTES, resolveImagePath, shorten, type ImageFileResult } from './images.ts';
import { POSTMORTEMS_DIR } from './paths.ts';
import { sha256 } from './utils/hash.ts';

/** Resolves and reads a relative image: the checks of `resolveImagePath`, then the file itself. */
export function readImage(root: string, postmortemPath: string, url: string): ImageFileResult {
  const found = resolveImagePath(postmortemPath, url);
  if (!found.ok) return found;
  const folder = resolve(root, POSTMORTEMS_DIR);
  let real: string;
  let realFolder: string;
  try {
    real = realpathSync(resolve(root, found.path));
    realFolder = realpathSync(folder);
  } catch {
    return {
      ok: false,
      problem: `Unexpected image \`${shorten(url)}\` that does not exist, expected ${ACCEPTED}; check the file name and its case`,
    };
  }
  // A link may point anywhere: follow it only when it stays in the folder.
  if (!real.startsWith(realFolder + sep))
    return {
      ok: false,
      problem: `Unexpected image \`${shorten(url)}\` that links outside \`${POSTMORTEMS_DIR}/\`, expected ${ACCEPTED}; copy the image itself next to the postmortem`,
    };
  let fd: number | undefined;
  try {
    fd = openSync(real, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile())
      return { ok: false, problem: `Unexpected image \`${shorten(url)}\` that is not a regular file, expected ${ACCEPTED}` };
    if (stat.size > MAX_IMAGE_BYTES)
      return {
        ok: false,
        problem: `Unexpected image \`${shorten(url)}\` of ${(stat.size / 1024 / 1024).toFixed(1)} MB, expected at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB; resize or compress it`,
      };
    const bytes = new Uint8Array(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    const spec = IMAGE_TYPES[found.extension]!;
    if (!spec.magic(bytes))
      return {
        ok: false,
        problem: `Unexpected content in image \`${shorten(url)}\`: its bytes are not a .${found.extension} image, expected ${ACCEPTED}; save it again in that format`,
      };
    const name = publishedName(bytes, found.extension);
    return { ok: true, bytes, path: found.path, file: real, contentType: spec.type, name };
  } catch (error) {
    return {
      ok: false,
      problem: `Unexpected unreadable image \`${shorten(url)}\` (${(error as NodeJS.ErrnoException).code ?? 'error'}), expected ${ACCEPTED}`,
    };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The content-addressed name an image is published under: `<sha256 prefix>.<extension>`. */
export function publishedName(bytes: Uint8Array, extension: string): string {
  return `${sha256(bytes).slice(0, 20)}.${extension === 'jpeg' ? 'jpg' : extension}`;
}

/** Whether `bytes` still hash to the name they were published under (an image changed since its check does not). */
export function isPublishedAs(bytes: Uint8Array, name: string): boolean {
  return publishedName(bytes, name.slice(name.lastIndexOf('.') + 1)) === name;
}

type ReadResult = ReturnType<typeof readImage>;

/** What `readImage` found for each URL of one parsed file: the rule checks an image and the renderer publishes it from one read. */
const readFor = new WeakMap<object, Map<string, ReadResult>>();

/** `readImage`, once per parsed file and URL. */
export function readFileImage(file: { path: string }, root: string, url: string): ReadResult {
  let known = readFor.get(file);
  if (!known) readFor.set(file, (known = new Map()));
  let found = known.get(url);
  if (!found) known.set(url, (found = readImage(root, file.path, url)));
  return found;
}

/**
 * What a read found, in a few characters: the name its bytes are published under, or the problem. Two reads of one
 * URL that agree on it give a file the same messages, so a cached check (integration/check-cache.ts) holds while each
 * of its images reads the same.
 */
function readFingerprint(found: ReadResult): string {
  return found.ok ? `image ${found.name}` : `problem ${found.problem}`;
}

/** Every image URL `file` was checked against (shown, or wanted and missing), with what it read (`readFingerprint`). */
export function imageReads(file: object): [url: string, read: string][] {
  return [...(readFor.get(file) ?? [])].map(([url, found]) => [url, readFingerprint(found)]);
}

/** Whether each image URL of a past check (`imageReads`) still reads the same for the postmortem at `postmortemPath`. */
export function imagesReadTheSame(root: string, postmortemPath: string, reads: readonly (readonly [string, string])[]): boolean {
  return reads.every(([url, read]) => readFingerprint(readImage(root, postmortemPath, url)) === read);
}
