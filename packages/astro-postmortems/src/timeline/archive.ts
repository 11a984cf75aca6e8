/**
 * One source as a set of files: an export folder, a zip of one, or a single
 * file. Reading is bounded (`LIMITS`): a file or zip entry over the size
 * limit, a zip entry that inflates suspiciously (a zip bomb), or more bytes
 * than a run may read in all is refused with the name of what was refused.
 * Nothing is ever extracted to disk. Zip entries whose names leave the archive
 * (`../x`, `/etc/x`, `C:\x`) make the whole zip refused: no real export has them.
 *
 * Library choice: yauzl, the most used unzip library for Node: it reads the
 * central directory without inflating anything, validates entry names against
 * path traversal, and checks while streaming that an entry inflates to exactly
 * the size it declared (`validateEntrySizes`), so a lying header cannot get
 * past the size limit.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import yauzl from 'yauzl';
import { LIMITS, MB, SourceError } from './limits.ts';

export interface Archive {
  /** The path as the user gave it, for messages. */
  label: string;
  kind: 'folder' | 'zip' | 'file';
  /** Files, `/`-separated paths relative to the source (for a single file: its base name), sorted. */
  files: readonly string[];
  /** Files skipped while listing (symbolic links, special files), with why. */
  skipped: readonly string[];
  read(path: string): Promise<string>;
  close(): Promise<void>;
}

/** The bytes one run may still read; shared by every source of the run. */
export class Budget {
  used = 0;
  take(bytes: number, what: string): void {
    this.used += bytes;
    if (this.used > LIMITS.totalBytes) {
      throw new SourceError(
        `${what}: reading it would take this run past ${MB(LIMITS.totalBytes)} of input; pass fewer sources, or only the incident's channel and days`,
      );
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array, where: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new SourceError(`${where}: not UTF-8 text; export it again as UTF-8 (Slack, PagerDuty and Opsgenie exports always are)`);
  }
}

export async function openSource(absolute: string, label: string, budget: Budget): Promise<Archive> {
  const info = await lstat(absolute).catch(() => undefined);
  if (!info) throw new SourceError(`${label}: no such file or folder`);
  if (info.isSymbolicLink()) throw new SourceError(`${label}: a symbolic link; give the file or folder it points to`);
  if (info.isDirectory()) return openFolder(absolute, label, budget);
  if (!info.isFile()) throw new SourceError(`${label}: not a regular file or folder`);
  if (/\.zip$/i.test(absolute)) return openZip(absolute, label, budget);
  const name = basename(absolute);
  return {
    label,
    kind: 'file',
    files: [name],
    skipped: [],
    read: (path) => readRegular(absolute, `${label}`, budget, path === name),
    close: async () => {},
  };
}

async function readRegular(absolute: string, where: string, budget: Budget, known = true): Promise<string> {
  if (!known) throw new SourceError(`${where}: no such file in the source`);
  const info = await lstat(absolute);
  if (!info.isFile()) throw new SourceError(`${where}: not a regular file (a symbolic link or special file is never followed)`);
  if (info.size > LIMITS.fileBytes)
    throw new SourceError(`${where}: ${MB(info.size)}, over the ${MB(LIMITS.fileBytes)} limit for one file; is it the right file?`);
  budget.take(info.size, where);
  return decode(await readFile(absolute), where);
}

/** An export folder: its files and those of its sub-folders, two levels deep (Slack: `channels.json`, `<channel>/<day>.json`). */
async function openFolder(root: string, label: string, budget: Budget): Promise<Archive> {
  const files: string[] = [];
  const skipped: string[] = [];
  const walk = async (dir: string, rel: string, depth: number) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = rel ? `${rel}/${entry.name}` : entry.name;
      if (files.length + skipped.length >= LIMITS.folderEntries)
        throw new SourceError(
          `${label}: more than ${LIMITS.folderEntries.toLocaleString('en')} files; give the export of the incident's channel only`,
        );
      if (entry.isDirectory()) {
        if (depth < 2) await walk(join(dir, entry.name), path, depth + 1);
      } else if (entry.isFile()) files.push(path);
      else skipped.push(`${path} (${entry.isSymbolicLink() ? 'symbolic link, not followed' : 'special file'})`);
    }
  };
  await walk(root, '', 0);
  const known = new Set(files);
  files.sort();
  return {
    label,
    kind: 'folder',
    files,
    skipped,
    read: (path) => readRegular(join(root, ...path.split('/')), `${label}/${path}`, budget, known.has(path)),
    close: async () => {},
  };
}

async function openZip(path: string, label: string, budget: Budget): Promise<Archive> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true });
  } catch (error) {
    throw new SourceError(`${label}: not a readable zip file (${(error as Error).message}); download the export again`);
  }
  if (zip.entryCount > LIMITS.zipEntries) {
    zip.close();
    throw new SourceError(
      `${label}: ${zip.entryCount.toLocaleString('en')} entries, over the limit of ${LIMITS.zipEntries.toLocaleString('en')}; export only the incident's channel`,
    );
  }
  const entries = new Map<string, yauzl.Entry>();
  const skipped: string[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName;
        if (!name.endsWith('/')) {
          if (entry.isEncrypted()) skipped.push(`${name} (encrypted)`);
          else if (entries.has(name)) skipped.push(`${name} (a second entry of the same name; the first is read)`);
          else entries.set(name, entry);
        }
        zip.readEntry();
      });
      zip.once('end', resolve);
      zip.once('error', reject);
      zip.readEntry();
    });
  } catch (error) {
    zip.close();
    const message = (error as Error).message;
    const traversal = /^(invalid relative path|absolute path|invalid characters in fileName): (.*)$/s.exec(message);
    if (traversal) {
      throw new SourceError(
        `${label}: refused, the zip holds an entry named ${JSON.stringify(traversal[2]!.slice(0, 200))}, a path that leaves the archive; no Slack export has one, so this file is not read at all`,
      );
    }
    throw new SourceError(`${label}: not a readable zip file (${message}); download the export again`);
  }
  const files = [...entries.keys()].sort();
  return {
    label,
    kind: 'zip',
    files,
    skipped,
    async read(name) {
      const entry = entries.get(name);
      const where = `${label}: ${name}`;
      if (!entry) throw new SourceError(`${where}: no such entry`);
      const declared = entry.uncompressedSize;
      if (declared > LIMITS.fileBytes)
        throw new SourceError(`${where}: inflates to ${MB(declared)}, over the ${MB(LIMITS.fileBytes)} limit for one file`);
      if (declared > 1024 * 1024 && declared > entry.compressedSize * LIMITS.zipRatio) {
        throw new SourceError(
          `${where}: refused, it would inflate ${Math.round(declared / Math.max(1, entry.compressedSize))} times (${MB(entry.compressedSize)} to ${MB(declared)}), which only a zip bomb does`,
        );
      }
      budget.take(declared, where);
      const stream = await zip.openReadStreamPromise(entry);
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          size += chunk.length;
          // validateEntrySizes stops an entry that inflates past its declared size; this bounds it even so.
          if (size > declared || size > LIMITS.fileBytes)
            throw new SourceError(`${where}: inflates past its declared size; the zip is damaged or crafted`);
          chunks.push(chunk);
        }
      } catch (error) {
        stream.destroy();
        if (error instanceof SourceError) throw error;
        throw new SourceError(`${where}: could not be read (${(error as Error).message}); download the export again`);
      }
      return decode(Buffer.concat(chunks, size), where);
    },
    close: async () => zip.close(),
  };
}
