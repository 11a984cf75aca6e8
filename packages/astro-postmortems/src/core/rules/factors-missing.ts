import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';

/**
 * The incidents most worth learning from are the most severe ones, and the
 * site's `/factors/` page is only as good as their factors. A warning, not an
 * error: naming factors well can take a review meeting, and publishing should
 * not wait on the tool. Near misses are exempt (§7 speaks of incidents); a
 * factor on one is welcome all the same.
 */
export const factorsMissing: Rule = {
  id: 'factors/missing',
  level: 'warning',
  description: 'A `published` incident of one of the two most severe levels with no contributing factor.',
  docs: {
    meaning:
      'A `published` incident of one of the two most severe configured levels (default `P1`, `P2`) has no `contributingFactors`. Near misses (`kind: near-miss`) are exempt. Reported on `contributingFactors` when it is an empty list, else on `severity`.',
    fix: 'Add each condition that made the incident more likely, larger or longer: `- { category: configuration, description: "The pool size had no range check." }`.',
    trigger: '`severity: P1`, `status: published`, no `contributingFactors`',
    ok: [{ fixture: 'ok-less-severe.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-published-p1.mdx',
        message:
          'Unexpected published `P1` incident without contributing factors, expected at least one entry in `contributingFactors` for the `P1` and `P2` levels; add each condition that made it more likely, larger or longer, as `{ category, description }`',
      },
    ],
  },
  check(ctx) {
    const raw = ctx.raw;
    if (!raw || raw['status'] !== 'published' || raw['kind'] === 'near-miss') return;
    const severity = raw['severity'];
    const severe = ctx.config.severities.slice(0, 2);
    if (typeof severity !== 'string' || !severe.includes(severity)) return;
    const factors = raw['contributingFactors'];
    if (Array.isArray(factors) && factors.length > 0) return;
    ctx.report(
      ctx.file.frontmatter.locate(factors === undefined ? ['severity'] : ['contributingFactors']),
      `Unexpected published ${code(severity)} incident without contributing factors, expected at least one entry in \`contributingFactors\` for the ${severe.map(code).join(' and ')} levels; add each condition that made it more likely, larger or longer, as \`{ category, description }\``,
    );
  },
};
