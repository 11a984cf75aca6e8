/**
 * Images a postmortem shows from beside it (`![diagram](./diagram.png)`).
 * They are files to copy, never modules to import: a relative image resolves
 * only to a file inside `postmortems/`, only to a raster image type whose
 * bytes say the same, never through a dot-file or a link that leaves the
 * folder. SVG is refused: it can hold script and runs on the site's origin.
 * The rule `image/source` reports every refusal; the renderer publishes only
 * what this module accepts, so the two cannot disagree.
 *
 * This module decides by a URL's text alone and runs anywhere (the writing page runs the rules in the browser);
 * reading the file itself is `image-files.ts`, which registers itself here (`readImageFile`) wherever files exist.
 */
import { POSTMORTEMS_DIR } from './paths.ts';
import { posixDirname, posixJoinNormalized } from './utils/posix-path.ts';

/** Extension → content type, and the bytes the file must start with. */
export const IMAGE_TYPES: Readonly<Record<string, { type: string; magic: (b: Uint8Array) => boolean }>> = {
  png: { type: 'image/png', magic: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  jpg: { type: 'image/jpeg', magic: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  jpeg: { type: 'image/jpeg', magic: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  gif: { type: 'image/gif', magic: (b) => starts(b, [0x47, 0x49, 0x46, 0x38]) },
  webp: { type: 'image/webp', magic: (b) => starts(b, [0x52, 0x49, 0x46, 0x46]) && starts(b.subarray(8), [0x57, 0x45, 0x42, 0x50]) },
  avif: {
    type: 'image/avif',
    magic: (b) => starts(b.subarray(4), [0x66, 0x74, 0x79, 0x70]) && /^avi[fs]$/.test(String.fromCharCode(...b.subarray(8, 12))),
  },
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
  { ok: true; /** Repository-relative `/` path. */ path: string; extension: string } | { ok: false; problem: string };

export const ACCEPTED = `a ${IMAGE_EXTENSIONS.map((e) => `.${e}`).join(', ')} file beside the postmortem in \`${POSTMORTEMS_DIR}/\``;

/** Where a relative image URL points, by its text alone (no file system). */
export function resolveImagePath(postmortemPath: string, url: string): ImageResolution {
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.replace(/[?#].*$/s, ''));
  } catch {
    return { ok: false, problem: `Unexpected image URL \`${shorten(url)}\` that is not valid percent-encoding, expected ${ACCEPTED}` };
  }
  if (/[?#]/.test(url))
    return {
      ok: false,
      problem: `Unexpected \`?\` or \`#\` in image URL \`${shorten(url)}\`, expected a plain path to ${ACCEPTED}; remove the query or fragment`,
    };
  if (decoded.includes('\\') || decoded.includes('\0'))
    return { ok: false, problem: `Unexpected backslash or NUL in image URL \`${shorten(url)}\`, expected a path with \`/\`` };
  const path = posixJoinNormalized(posixDirname(postmortemPath), decoded);
  if (!path.startsWith(`${POSTMORTEMS_DIR}/`))
    return {
      ok: false,
      problem: `Unexpected image \`${shorten(url)}\` outside \`${POSTMORTEMS_DIR}/\`, expected ${ACCEPTED}; move the image next to the postmortem`,
    };
  if (path.split('/').some((segment) => segment.startsWith('.')))
    return {
      ok: false,
      problem: `Unexpected image \`${shorten(url)}\` in a hidden file or folder, expected ${ACCEPTED}; rename it without the leading dot`,
    };
  const extension = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  if (extension === 'svg' || extension === 'svgz')
    return {
      ok: false,
      problem: `Unexpected SVG image \`${shorten(url)}\` (an SVG can hold script that runs on the site), expected ${ACCEPTED}; export the drawing as PNG`,
    };
  if (!Object.hasOwn(IMAGE_TYPES, extension))
    return { ok: false, problem: `Unexpected image \`${shorten(url)}\` that is not an image file, expected ${ACCEPTED}` };
  return { ok: true, path, extension };
}

export function shorten(url: string): string {
  const s = url.length > 80 ? `${url.slice(0, 77)}...` : url;
  return s.replaceAll('`', "'");
}

/** What reading a relative image found: the file, or why it must not be shown. */
export type ImageFileResult = ({ ok: true; bytes: Uint8Array } & ImageFile) | { ok: false; problem: string };

export interface ImageFile {
  /** Repository-relative path. */
  path: string;
  /** Absolute path of the file read. */
  file: string;
  contentType: string;
  /** Content-addressed name it is published under: `<sha256 prefix>.<extension>`. */
  name: string;
}

type ImageFileReader = (file: { path: string }, root: string, url: string) => ImageFileResult;

let reader: ImageFileReader | undefined;

/** Where there are files (`repository.ts`), the rules read images through `image-files.ts`'s reader. */
export function setImageFileReader(read: ImageFileReader): void {
  reader = read;
}

/** `readFileImage` of `image-files.ts`, as registered by `repository.ts`, which every host that checks files in place loads. */
export function readImageFile(file: { path: string }, root: string, url: string): ImageFileResult {
  if (!reader) throw new Error('images are checked in place but no image reader is registered; import core/repository.ts');
  return reader(file, root, url);
}
