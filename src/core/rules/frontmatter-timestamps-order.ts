import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { instant, isIsoDateTimeWithOffset } from '../utils/time.ts';

const ORDER = ['started', 'detected', 'mitigated', 'resolved'] as const;

export const frontmatterTimestampsOrder: Rule = {
  id: 'frontmatter/timestamps-order',
  level: 'error',
  description: 'Incident timestamps must be in order: started ≤ detected ≤ mitigated ≤ resolved.',
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
