import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { isIsoDateTimeWithOffset, localDate } from '../utils/time.ts';

export const filenameDateMismatch: Rule = {
  id: 'filename/date-mismatch',
  level: 'error',
  description: 'The date in the file name must be the day of `incident.started`, in the offset written there.',
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
