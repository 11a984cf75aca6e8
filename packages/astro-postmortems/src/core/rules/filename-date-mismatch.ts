import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { isIsoDateTimeWithOffset, localDate } from '../utils/time.ts';

export const filenameDateMismatch: Rule = {
  id: 'filename/date-mismatch',
  level: 'error',
  description: 'The date in the file name must be the day of `incident.started`, in the offset written there.',
  docs: {
    meaning: 'The date in the file name differs from the day of `incident.started`, in the offset written there.',
    fix: 'Rename the file, or correct `incident.started`.',
    trigger: '`2026-11-21-…mdx` with `started: 2026-11-20T22:05:00-05:00`',
    ok: [{ fixture: 'ok-late-evening-negative-offset' }],
    notOk: [
      {
        fixture: 'not-ok-utc-date',
        message:
          'Unexpected file-name date `2025-03-05`, expected `2025-03-04` from `incident.started` `2025-03-04T22:30:00-05:00` (its own offset); rename the file to start with `2025-03-04` or fix the timestamp',
      },
    ],
  },
  check(ctx) {
    const name = ctx.file.path.slice(ctx.file.path.lastIndexOf('/') + 1);
    const fileDate = /^(\d{4}-\d{2}-\d{2})-/.exec(name)?.[1];
    const started = (ctx.raw?.['incident'] as Record<string, unknown> | undefined)?.['started'];
    if (!fileDate || typeof started !== 'string' || !isIsoDateTimeWithOffset(started)) return;
    const day = localDate(started);
    if (day !== fileDate) {
      ctx.report(
        ctx.file.frontmatter.locate(['incident', 'started']),
        `Unexpected file-name date ${code(fileDate)}, expected ${code(day)} from \`incident.started\` ${code(started)} (its own offset); rename the file to start with ${code(day)} or fix the timestamp`,
      );
    }
  },
};
