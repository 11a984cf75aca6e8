import { createHash } from 'node:crypto';

/** Hex SHA-256 of a text (as UTF-8) or of bytes: the content address of images, articles and caches. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
