/**
 * Writes zip files for tests, including ones no zip library would write: entry
 * names that leave the archive (`../x`, `/etc/x`), and entries whose headers
 * lie about their size (a zip bomb's trick). Stored or deflated with node:zlib.
 */
import { crc32, deflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Uint8Array | string;
  /** Deflate the data (default true). */
  deflate?: boolean;
  /** Claim this uncompressed size in the headers instead of the real one. */
  claimedSize?: number;
}

export function makeZip(entries: readonly ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const raw = typeof e.data === 'string' ? Buffer.from(e.data, 'utf8') : Buffer.from(e.data);
    const deflate = e.deflate ?? true;
    const body = deflate ? deflateRawSync(raw) : raw;
    const name = Buffer.from(e.name, 'utf8');
    const size = e.claimedSize ?? raw.length;
    const crc = crc32(raw);
    // The local header and the central directory's entry share their fields from the flags to the name's length.
    const shared = (header: Buffer, at: number) => {
      header.writeUInt16LE(0x0800, at); // names in UTF-8
      header.writeUInt16LE(deflate ? 8 : 0, at + 2);
      header.writeUInt32LE(crc, at + 8);
      header.writeUInt32LE(body.length, at + 12);
      header.writeUInt32LE(size, at + 16);
      header.writeUInt16LE(name.length, at + 20);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    shared(local, 6);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    shared(central, 8);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A folder's files as zip entries, under an optional top folder (as Slack names it: `Acme Slack export Nov 1 2026 - Nov 3 2026/`). */
export function entriesOf(files: Record<string, string>, top = ''): ZipEntry[] {
  return Object.entries(files).map(([name, data]) => ({ name: `${top}${name}`, data }));
}
