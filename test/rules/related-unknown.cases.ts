import { expectMessage, type Cases } from './harness.ts';

const related = expectMessage('related/unknown', 'error');
const unknown = (says: string) => related(15, 5, says, 'postmortems/2025-03-04-checkout-pool-change.mdx');

export default {
  'ok-existing-id': [],
  'not-ok-typo': [
    unknown(
      '`2025-01-10-postgres-failovr` in `related`, expected the id of an existing postmortem; did you mean `2025-01-10-postgres-failover`?',
    ),
  ],
  'not-ok-self': [unknown('`2025-03-04-checkout-pool-change`')],
  'not-ok-path-not-id': [unknown('`2025/2025-01-10-postgres-failover.mdx`')],
} satisfies Cases;
