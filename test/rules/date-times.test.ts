/**
 * The schema accepts an offset as `Z`, `±hh:mm` or the ISO 8601 basic form
 * `±hhmm` (see `frontmatter-invalid/ok-offsets.mdx`); every helper that reads
 * a timestamp must then treat the two forms alike.
 */
import { expect, test } from 'vitest';
import { formatLocal, instant, isIsoDateTimeWithOffset, offsetLabel } from '../../packages/astro-postmortems/src/core/utils/time.ts';

test('`+0530` names the same instant and shows the same label as `+05:30`', () => {
  expect(isIsoDateTimeWithOffset('2025-03-04T10:00:00+0530')).toBe(true);
  expect(instant('2025-03-04T10:00:00+0530')).toBe(instant('2025-03-04T10:00:00+05:30'));
  expect(instant('2025-03-04T10:00:00+0530')).toBe(Date.UTC(2025, 2, 4, 4, 30));
  expect(offsetLabel('2025-03-04T10:00:00+0530')).toBe('UTC+05:30');
  expect(formatLocal('2025-03-04T22:30:00-0500')).toBe('2025-03-04 22:30 UTC-05:00');
});

test('a time without an offset, or on a day that does not exist, is not a timestamp', () => {
  for (const value of [
    '2025-03-04T10:00:00',
    '2025-02-29T10:00:00Z',
    '2024-13-01T10:00:00Z',
    '2025-03-04T24:00:00Z',
    '2025-03-04T10:00:00+05',
  ]) {
    expect(isIsoDateTimeWithOffset(value), value).toBe(false);
  }
});
