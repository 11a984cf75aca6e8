/**
 * Images a postmortem shows from beside it (`![diagram](./diagram.png)`).
 * They are files to copy, never modules to import: a relative image resolves
 * only to a file inside `postmortems/`, only to a raster image type whose
 * bytes say the same, never through a dot-file or a link that leaves the
 * folder. SVG is refused: it can hold script and runs on the site's origin.
 * The rule `image/source` reports every refusal; the renderer publishes only
 * what this module accepts, so the two cannot disagree.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { posix, resolve, sep } from 'node:path';
import { POSTMORTEMS_DIR } from './paths.ts';
import { sha256 } from './utils/hash.ts';

/** Extension → content type, and the bytes the file must start with. */
export const IMAGE_TYPES: Readonly<Record<string, { type: string; magic: (b: Uint8Array) => boolean }>> = {
  png: { type: 'image/png', magic: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  jpg: { type: 'image/jpeg', magic: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  jpeg: { type: 'image/jpeg', magic: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  gif: { type: 'image/gif', magic: (b) => starts(b, [0x47, 0x49, 0x46, 0x38]) },
  webp: { type: 'image/webp', magic: (b) => starts(b, [0x52, 0x49, 0x46, 0x46]) && starts(b.subarray(8), [0x57, 0x45, 0x42, 0x50]) },
  avif: { type: 'image/avif', magic: (b) => starts(b.subarray(4), [0x66, 0x74, 0x79, 0x70]) && /^avi[fs]$/.test(String.fromCharCode(...b.subarray(8, 12))) },
};

export const IMAGE_EXTENSIONS = Object.keys(IMAGE_TYPES);

/** A file name with one of `IMAGE_EXTENSIONS`. */
export const IMAGE_FILE = new RegExp(`\\.(?:${IMAGE_EXTENSIONS.join('|')})$`, 'i');

/** Larger images are refused: a postmortem's diagram or screenshot is far smaller. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

function starts(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
}

export type ImageResolution =
  | { ok: true; /** Repository-relative `/` path. */ path: string; extension: string }
  | { ok: false; problem: string };

const ACCEPTED = `a ${IMAGE_EXTENSIONS.map((e) => `.${e}`).join(', ')} file beside the postmortem in \`${POSTMORTEMS_DIR}/\``;

/** Where a relative image URL points, by its text alone (no file system). */
export function resolveImagePath(postmortemPath: string, url: string): ImageResolution {
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.replace(/[?#].*$/s, ''));
  } catch {
    return { ok: false, problem: `Unexpected image URL \`${shorten(url)}\` that is not valid percent-encoding, expected ${ACCEPTED}` };
  }
  if (/[?#]/.test(url)) return { ok: false, problem: `Unexpected \`?\` or \`#\` in image URL \`${shorten(url)}\`, expected a plain path to ${ACCEPTED}; remove the query or fragment` };
  if (decoded.includes('\\') || decoded.includes('\0')) return { ok: false, problem: `Unexpected backslash or NUL in image URL \`${shorten(url)}\`, expected a path with \`/\`` };
  const path = posix.normalize(posix.join(posix.dirname(postmortemPath), decoded));
  if (!path.startsWith(`${POSTMORTEMS_DIR}/`)) return { ok: false, problem: `Unexpected image \`${shorten(url)}\` outside \`${POSTMORTEMS_DIR}/\`, expected ${ACCEPTED}; move the image next to the postmortem` };
  if (path.split('/').some((segment) => segment.startsWith('.'))) return { ok: false, problem: `Unexpected image \`${shorten(url)}\` in a hidden file or folder, expected ${ACCEPTED}; rename it without the leading dot` };
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  if (extension === 'svg' || extension === 'svgz') return { ok: false, problem: `Unexpected SVG image \`${shorten(url)}\` (an SVG can hold script that runs on the site), expected ${ACCEPTED}; export the drawing as PNG` };
  if (!Object.hasOwn(IMAGE_TYPES, extension)) return { ok: false, problem: `Unexpected image \`${shorten(url)}\` that is not an image file, expected ${ACCEPTED}` };
  return { ok: true, path, extension };
}

export interface ImageFile {
  /** Repository-relative path. */
  path: string;
  /** Absolute path of the file read. */
  file: string;
  contentType: string;
  /** Content-addressed name it is published under: `<sha256 prefix>.<extension>`. */
  name: string;
}

/** Resolves and reads a relative image: the checks of `resolveImagePath`, then the file itself. */
export function readImage(root: string, postmortemPath: string, url: string): ({ ok: true; bytes: Uint8Array } & ImageFile) | { ok: false; problem: string } {
  const found = resolveImagePath(postmortemPath, url);
  if (!found.ok) return found;
  const folder = resolve(root, POSTMORTEMS_DIR);
  let real: string;
  let realFolder: string;
  try {
    real = realpathSync(resolve(root, found.path));
    realFolder = realpathSync(folder);
  } catch {
    return { ok: false, problem: `Unexpected image \`${shorten(url)}\` that does not exist, expected ${ACCEPTED}; check the file name and its case` };
  }
  // A link may point anywhere: follow it only when it stays in the folder.
  if (!real.startsWith(realFolder + sep)) return { ok: false, problem: `Unexpected image \`${shorten(url)}\` that links outside \`${POSTMORTEMS_DIR}/\`, expected ${ACCEPTED}; copy the image itself next to the postmortem` };
  let fd: number | undefined;
  try {
    fd = openSync(real, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, problem: `Unexpected image \`${shorten(url)}\` that is not a regular file, expected ${ACCEPTED}` };
    if (stat.size > MAX_IMAGE_BYTES) return { ok: false, problem: `Unexpected image \`${shorten(url)}\` of ${(stat.size / 1024 / 1024).toFixed(1)} MB, expected at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB; resize or compress it` };
    const bytes = new Uint8Array(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) break;
      read += n;
    }
    const spec = IMAGE_TYPES[found.extension]!;
    if (!spec.magic(bytes)) return { ok: false, problem: `Unexpected content in image \`${shorten(url)}\`: its bytes are not a .${found.extension} image, expected ${ACCEPTED}; save it again in that format` };
    const name = publishedName(bytes, found.extension);
    return { ok: true, bytes, path: found.path, file: real, contentType: spec.type, name };
  } catch (error) {
    return { ok: false, problem: `Unexpected unreadable image \`${shorten(url)}\` (${(error as NodeJS.ErrnoException).code ?? 'error'}), expected ${ACCEPTED}` };
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

function shorten(url: string): string {
  const s = url.length > 80 ? `${url.slice(0, 77)}...` : url;
  return s.replaceAll('`', "'");
}
