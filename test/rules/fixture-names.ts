/** Where rule fixtures live and where each lands in a test repository (no test runner needed, so scripts can use it). */
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isIsoDate } from '../../packages/astro-postmortems/src/core/utils/time.ts';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** Where a single-file fixture lands: the date must match `incident.started`, or `filename/date-mismatch` would fire too. */
export function repositoryName(fixture: string, text: string): string {
  const written = /^\s+started:\s*["']?(\d{4}-\d{2}-\d{2})/m.exec(text)?.[1];
  // A fixture whose `started` is broken on purpose keeps a valid name, so only `frontmatter/invalid` reports it.
  const date = written && isIsoDate(written) ? written : '2025-03-04';
  return `postmortems/${date}-${basename(fixture, '.mdx')}.mdx`;
}
