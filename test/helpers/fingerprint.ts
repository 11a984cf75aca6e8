/** A folder's state for "writes nothing" tests: every path, its size, its modification time and its bytes. */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Every path, its content and its modification time, so a rewrite with the same bytes is noticed too. */
export async function fingerprint(root: string): Promise<string> {
  const hash = createHash('sha256');
  const entries = (await readdir(root, { recursive: true, withFileTypes: true })).map((e) => join(e.parentPath, e.name)).sort();
  for (const path of entries) {
    const info = await stat(path);
    hash.update(`${path}\0${info.mtimeMs}\0${info.size}\0`);
    if (info.isFile()) hash.update(await readFile(path));
  }
  return hash.digest('hex');
}
