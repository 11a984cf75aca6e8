/** A folder's state for "writes nothing" tests: every path, its size, its modification time and its bytes. */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * Every path, its content and its modification time, so a rewrite with the same bytes is noticed too; `skip` leaves
 * out the paths (relative to `root`) that something other than the code under test writes.
 */
export async function fingerprint(root: string, skip: (path: string) => boolean = () => false): Promise<string> {
  const hash = createHash('sha256');
  const entries = (await readdir(root, { recursive: true, withFileTypes: true }))
    .map((e) => join(e.parentPath, e.name))
    .filter((path) => !skip(relative(root, path)))
    .sort();
  for (const path of entries) {
    const info = await stat(path);
    hash.update(`${path}\0${info.mtimeMs}\0${info.size}\0`);
    if (info.isFile()) hash.update(await readFile(path));
  }
  return hash.digest('hex');
}
