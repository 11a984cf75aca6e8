/**
 * Temporary folders that helper modules make for a test file, removed after that file (test/setup-file.ts). A
 * module-level `afterAll` in a helper would not do: with the unit layer's `isolate: false` a helper module is
 * evaluated once per worker, so its hook would run after the first file that imported it and never again.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A new empty folder under the system's temporary folder, removed after the current test file. */
export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}
