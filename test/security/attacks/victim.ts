/**
 * A folder outside the project that planted links point into, standing for what a reader of a pull request keeps
 * in their home folder: files, a sub-folder, a FIFO. Every entry's access time is set far in the past, so a read of
 * a file or a listing of a folder would move it (the file system updates access times that are older than the
 * modification time: `relatime`, Linux's default); `changes()` lists every entry added, removed, written, read or
 * listed since `mark()`.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

export interface Victim {
  dir: string;
  /** A file's path in the victim folder. */
  file(name: string): string;
  /** Sets every access time in the past and records the state to compare with. */
  mark(): void;
  /**
   * What changed since `mark()`, one line per entry; empty when nothing was written, removed, added, read or listed.
   * It lists the folders itself (to name added entries) after comparing: `mark()` again before the next call.
   */
  changes(): string[];
}

const PAST = new Date('2020-01-01T00:00:00Z');

export function createVictim(): Victim {
  const dir = mkdtempSync(join(tmpdir(), 'pm-victim-'));
  writeFileSync(join(dir, 'id_rsa'), '-----BEGIN OPENSSH PRIVATE KEY----- (the reader’s key)\n');
  writeFileSync(join(dir, 'notes.txt'), 'Kept by the reader.\n');
  mkdirSync(join(dir, 'site'));
  writeFileSync(join(dir, 'site', 'index.html'), '<p>Another site</p>\n');
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'config'), 'setting = 1\n');
  // A FIFO: a reader of it blocks until a writer comes, which none does.
  execFileSync('mkfifo', [join(dir, 'pipe')]);
  let paths: string[] = [];
  let before = new Map<string, string>();
  // Only lstat: listing a folder would itself move its access time. An entry added or removed changes its folder's
  // modification time.
  const state = () => {
    const entries = new Map<string, string>();
    for (const path of paths) {
      try {
        const stat = lstatSync(path);
        const kind = stat.isDirectory() ? 'folder' : stat.isFIFO() ? 'fifo' : stat.isSymbolicLink() ? 'link' : 'file';
        // No ctime or link count: a planted hard link changes both without touching the file's content.
        entries.set(relative(dir, path) || '.', `${kind} ino=${stat.ino} size=${stat.size} mtime=${stat.mtimeMs} atime=${stat.atimeMs}`);
      } catch {
        // Removed: missing from the map.
      }
    }
    return entries;
  };
  const list = () => {
    const all: string[] = [];
    const walk = (path: string) => {
      all.push(path);
      if (lstatSync(path).isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
    };
    walk(dir);
    return all;
  };
  return {
    dir,
    file: (name) => join(dir, name),
    mark() {
      paths = list();
      // Times set after the listing, which read the folders.
      for (const path of paths) {
        const stat = lstatSync(path);
        if (!stat.isSymbolicLink()) utimesSync(path, PAST, stat.mtime);
      }
      before = state();
    },
    changes() {
      const after = state();
      const lines: string[] = [];
      for (const [path, was] of before) {
        const now = after.get(path);
        if (now === undefined) lines.push(`${path}: removed`);
        else if (now !== was) lines.push(`${path}: ${was} → ${now}`);
      }
      // Named after the comparison (listing reads the folders).
      for (const path of list()) if (!paths.includes(path)) lines.push(`${relative(dir, path)}: added`);
      return lines;
    },
  };
}
