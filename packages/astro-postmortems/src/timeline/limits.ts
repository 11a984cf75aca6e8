/**
 * What the timeline command reads is hostile until proven otherwise: an export
 * can be a zip bomb, a 10 GB file, a zip entry named `../../.ssh/id_rsa`, or
 * JSON with `__proto__` keys. These limits bound what one run reads; a source
 * over a limit is refused with a message that names it, never half read.
 */

export const LIMITS = {
  /** One file, or one zip entry once decompressed. A busy Slack channel's day is a few megabytes. */
  fileBytes: 64 * 1024 * 1024,
  /** Everything one run reads, all sources together, decompressed. */
  totalBytes: 512 * 1024 * 1024,
  /** Entries in one zip's central directory (a workspace export has a few per channel and day). */
  zipEntries: 200_000,
  /** Decompressed ÷ compressed size of one zip entry; JSON compresses 5–30×, a zip bomb 1,000×. Checked above 1 MB. */
  zipRatio: 250,
  /** Files listed in one export folder (channel folders and their day files). */
  folderEntries: 200_000,
  /** Events one run keeps, all sources together. */
  events: 500_000,
  /** Characters of one message kept for its timeline entry; the rest is cut at a word and marked `…`. */
  entryChars: 280,
} as const;

/** A source that cannot be read as asked: the message names the file and says what to do. Exit status 2. */
export class SourceError extends Error {
  override name = 'SourceError';
}

export const MB = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
