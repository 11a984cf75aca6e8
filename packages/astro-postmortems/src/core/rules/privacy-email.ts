import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![\w-]*[:@])/g;
/** Addresses on domains reserved for documentation (RFC 2606) are not anyone's. */
const RESERVED = /@(?:[\w-]+\.)*(?:example\.(?:com|org|net)|example|test|invalid|localhost)$/i;

export const privacyEmail: Rule = {
  id: 'privacy/email',
  level: 'warning',
  description: 'An e-mail address in the text.',
  docs: {
    meaning: 'An e-mail address in the text.',
    fix: 'Use a role or a team name instead of a personal address.',
    trigger: '`jane.doe@…`',
    ok: [{ fixture: 'ok-reserved-domain.mdx' }],
    notOk: [{ fixture: 'not-ok-address.mdx', message: 'Unexpected e-mail address `sre-lead@harborlight.io`, expected a team name or handle; postmortems are read company-wide, so refer to people by role' }],
  },
  check(ctx) {
    const source = ctx.file.source;
    // Most postmortems hold no `@` at all: one scan for it is far cheaper than the address pattern.
    if (!source.includes('@')) return;
    EMAIL.lastIndex = 0;
    for (let m = EMAIL.exec(source); m; m = EMAIL.exec(source)) {
      if (RESERVED.test(m[0])) continue;
      ctx.report(ctx.file.lines.point(m.index), `Unexpected e-mail address ${code(m[0])}, expected a team name or handle; postmortems are read company-wide, so refer to people by role`);
    }
  },
};
