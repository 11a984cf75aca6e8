import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?![\w-]*[:@])/g;
/** Addresses on domains reserved for documentation (RFC 2606) are not anyone's. */
const RESERVED = /@(?:[\w-]+\.)*(?:example\.(?:com|org|net)|example|test|invalid|localhost)$/i;

/** Every e-mail address in `text` that is someone's (not on a reserved domain), with its offset; `timeline` redacts them from what it copies. */
export function findEmails(text: string): { index: number; address: string }[] {
  // Most texts hold no `@` at all: one scan for it is far cheaper than the address pattern.
  if (!text.includes('@')) return [];
  const found: { index: number; address: string }[] = [];
  EMAIL.lastIndex = 0;
  for (let m = EMAIL.exec(text); m; m = EMAIL.exec(text)) if (!RESERVED.test(m[0])) found.push({ index: m.index, address: m[0] });
  return found;
}

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
    for (const { index, address } of findEmails(ctx.file.source)) {
      ctx.report(ctx.file.lines.point(index), `Unexpected e-mail address ${code(address)}, expected a team name or handle; postmortems are read company-wide, so refer to people by role`);
    }
  },
};
