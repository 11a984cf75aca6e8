/**
 * Every registered rule, proven on its fixtures (`fixtures/<rule-id>/`) with
 * the expectations in `<rule-id>.cases.ts`. One test file, so the checker is
 * loaded once for all of them.
 */
import { expect, test } from 'vitest';
import { rules } from '../../packages/astro-postmortems/src/core/rules/index.ts';
import { describeRule, type Cases } from './harness.ts';

for (const rule of rules) {
  const name = `./${rule.id.replace('/', '-')}.cases.ts`;
  const cases = await import(name).then(
    (module: { default: Cases }) => module.default,
    () => undefined,
  );
  if (cases) describeRule(rule.id, cases);
  else test(rule.id, () => expect.fail(`Rule \`${rule.id}\` has no ${name} with ok- and not-ok- fixtures; add them`));
}
