import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { instant, isIsoDateTimeWithOffset } from '../utils/time.ts';

const ORDER = ['started', 'detected', 'mitigated', 'resolved'] as const;

export const frontmatterTimestampsOrder: Rule = {
  id: 'frontmatter/timestamps-order',
  level: 'error',
  description: 'Incident timestamps must be in order: started ≤ detected ≤ mitigated ≤ resolved.',
  docs: {
    meaning: 'Incident times are out of order.',
    fix: 'Make sure started ≤ detected ≤ mitigated ≤ resolved, and that each carries the right offset.',
    trigger: '`detected` earlier than `started`',
    ok: [{ fixture: 'ok-equal-and-mixed-offsets.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-detected-before-started.mdx',
        message:
          'Unexpected `incident.detected` `2025-03-04T09:02:00Z` before `incident.started` `2025-03-04T09:12:00Z`, expected started ≤ detected ≤ mitigated ≤ resolved; check the date and the offset',
      },
    ],
  },
  check(ctx) {
    const incident = ctx.raw?.['incident'];
    if (!incident || typeof incident !== 'object') return;
    const times = incident as Record<string, unknown>;
    let previous: { field: string; value: string; ms: number } | undefined;
    for (const field of ORDER) {
      const value = times[field];
      if (typeof value !== 'string' || !isIsoDateTimeWithOffset(value)) continue;
      const ms = instant(value);
      if (previous && ms < previous.ms) {
        ctx.report(
          ctx.file.frontmatter.locate(['incident', field]),
          `Unexpected \`incident.${field}\` ${code(value)} before \`incident.${previous.field}\` ${code(previous.value)}, expected started ≤ detected ≤ mitigated ≤ resolved; check the date and the offset`,
        );
      }
      if (!previous || ms >= previous.ms) previous = { field, value, ms };
    }
  },
};
