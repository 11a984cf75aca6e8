// The build's stamp: which inputs dist/ was compiled from, and what it holds. scripts/build.mjs removes the stamp
// before it writes anything and records it after the last step, so a stamp describes a complete build of exactly
// those inputs; vitest's global setup (test/engine-build.ts) skips the compile (≈ 8 s of CPU) only when the stamp
// matches the sources as they are now and dist/ as it is now. Plain JavaScript, like build.mjs.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export const STAMP = '.build-stamp.json';
/** Written by the build but not part of what it compiles: the stamp itself, and tsc's incremental state. */
const OWN = new Set([STAMP, '.tsbuildinfo']);

/**
 * One hash over every input of the build: the package's src/ and scripts/ (paths and bytes), its manifest and
 * tsconfig, and the nearest lockfile (the compiler's, zod's and every other dependency's version).
 * @param {string} engine the package's folder
 * @returns {string}
 */
export function sourceHash(engine) {
  const hash = createHash('sha256');
  const add = (file) => {
    hash.update(`${relative(engine, file).split('\\').join('/')}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  };
  for (const folder of ['src', 'scripts']) for (const file of filesUnder(join(engine, folder))) add(file);
  for (const name of ['package.json', 'tsconfig.build.json']) if (existsSync(join(engine, name))) add(join(engine, name));
  const lock = nearestLockfile(engine);
  if (lock) {
    hash.update('lockfile\0');
    hash.update(readFileSync(lock));
  }
  return hash.digest('hex');
}

/**
 * One hash over what dist/ holds (paths and bytes), without the stamp and tsc's state: a file edited, added or
 * deleted by hand after the build changes it.
 * @param {string} engine
 * @returns {string}
 */
export function distHash(engine) {
  const dist = join(engine, 'dist');
  const hash = createHash('sha256');
  for (const file of filesUnder(dist)) {
    if (OWN.has(relative(dist, file))) continue;
    hash.update(`${relative(dist, file).split('\\').join('/')}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** @param {string} engine */
export function removeStamp(engine) {
  rmSync(join(engine, 'dist', STAMP), { force: true });
}

/** @param {string} engine */
export function writeStamp(engine) {
  writeFileSync(join(engine, 'dist', STAMP), `${JSON.stringify({ source: sourceHash(engine), dist: distHash(engine) })}\n`);
}

/**
 * Whether dist/ is a complete build of the sources as they are now, and unchanged since.
 * @param {string} engine
 * @returns {boolean}
 */
export function isUpToDate(engine) {
  const file = join(engine, 'dist', STAMP);
  if (!existsSync(file)) return false;
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
  return stamp?.source === sourceHash(engine) && stamp?.dist === distHash(engine);
}

/** Regular files under `folder`, sorted, so the hash does not depend on the order the file system lists them in. */
function filesUnder(folder) {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

function nearestLockfile(from) {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package-lock.json'))) return join(dir, 'package-lock.json');
    if (dirname(dir) === dir) return undefined;
  }
}
