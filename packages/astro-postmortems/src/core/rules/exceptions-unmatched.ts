import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { rules } from './index.ts';

export const exceptionsUnmatched: Rule = {
  id: 'exceptions/unmatched',
  level: 'warning',
  description:
    'An entry of `exceptions` that accepts no finding: its sentence was rewritten, its words are in several reported sentences, or its rule takes no exceptions.',
  docs: {
    meaning:
      'An entry of the frontmatter’s `exceptions` accepts nothing: no sentence its rule reports holds its words (the sentence was rewritten, or the rule no longer reports it), its words are in more than one reported sentence (each exception accepts one), or its rule does not take exceptions. Reported so that an exception never outlives its sentence and silently covers the next one.',
    fix: 'Remove the entry, or quote more of the one sentence it is for.',
    trigger: 'an exception whose sentence was edited away',
    ok: [{ fixture: 'ok-accepted.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-stale.mdx',
        message:
          'Unexpected exception for `blameless/blame` that matches no sentence the rule reports, expected words of the one sentence it accepts; remove it if the sentence was rewritten',
      },
    ],
  },
  check(ctx) {
    for (const o of ctx.exceptions) {
      const point = ctx.file.frontmatter.locate(['exceptions', o.index, 'sentence']);
      if (o.unsupported) {
        const accepting = rules.filter((r) => r.acceptsExceptions).map((r) => code(r.id));
        ctx.report(
          ctx.file.frontmatter.locate(['exceptions', o.index, 'rule']),
          `Unexpected exception for ${code(o.rule)}, expected a rule whose findings can be accepted (${accepting.join(', ')}); fix the problem itself instead`,
        );
      } else if (o.off) {
        continue;
      } else if (o.matched === 0) {
        ctx.report(
          point,
          `Unexpected exception for ${code(o.rule)} that matches no sentence the rule reports, expected words of the one sentence it accepts; remove it if the sentence was rewritten`,
        );
      } else if (o.matched > 1) {
        ctx.report(
          point,
          `Unexpected exception for ${code(o.rule)} whose words are in ${o.matched} reported sentences, expected words of one sentence (each exception accepts one); quote more of it`,
        );
      }
    }
  },
};
