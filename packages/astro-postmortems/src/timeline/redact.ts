/**
 * Every entry passes the rules' own detectors before it is written: the
 * credential shapes of `secrets/leak` (`findSecrets`) and the address pattern
 * of `privacy/email` (`findEmails`), over its text, code, link labels and
 * link targets. What they find is reported with the record it came from and
 * is never copied silently: by default it is replaced (`[REDACTED]`), with
 * `--on-sensitive refuse` nothing is written at all. The written result is
 * then checked again with every rule, as `npm run check` would.
 */
import { findSecrets } from '../core/rules/secrets-leak.ts';
import { findEmails } from '../core/rules/privacy-email.ts';
import type { Inline, Origin, TimelineEvent } from './event.ts';

export type SensitiveMode = 'redact' | 'refuse';

export interface SensitiveFinding {
  kind: 'secret' | 'email';
  /** `GitHub token`, `e-mail address`. */
  what: string;
  /** Safe to print: a public prefix or the domain, never the value. */
  shown: string;
  origin: Origin;
}

type SecretFinding = ReturnType<typeof findSecrets>[number];

function maskSecret(f: SecretFinding): string {
  const shown = typeof f.shape.shown === 'number' ? f.shape.shown : f.shape.shown(f.secret);
  return `${f.secret.slice(0, Math.min(shown, Math.floor(f.secret.length / 3)))}…`;
}

const SECRET_MARK = '[REDACTED]';
const EMAIL_MARK = '[REDACTED e-mail]';

/** `value` with every credential and address replaced, and what was found. */
function scrub(value: string, origin: Origin, found: SensitiveFinding[]): string {
  const spans: { start: number; end: number; mark: string }[] = [];
  for (const f of findSecrets(value)) {
    // The credential itself, not the label before it (`password=` stays readable).
    const start = f.at;
    const end = f.at + f.secret.length;
    spans.push({ start, end, mark: SECRET_MARK });
    found.push({ kind: 'secret', what: f.shape.name, shown: maskSecret(f), origin });
  }
  for (const e of findEmails(value)) {
    if (spans.some((s) => e.index < s.end && e.index + e.address.length > s.start)) continue;
    spans.push({ start: e.index, end: e.index + e.address.length, mark: EMAIL_MARK });
    found.push({ kind: 'email', what: 'e-mail address', shown: `…@${e.address.split('@')[1]}`, origin });
  }
  if (!spans.length) return value;
  spans.sort((a, b) => b.start - a.start);
  let out = value;
  for (const s of spans) out = out.slice(0, s.start) + s.mark + out.slice(s.end);
  return out;
}

/** The entry's content with credentials and addresses replaced, and the findings (empty when clean). */
export function scrubEvent(event: TimelineEvent): { content: Inline[]; findings: SensitiveFinding[] } {
  const findings: SensitiveFinding[] = [];
  const content = event.content.map((p): Inline => {
    if (p.type === 'text' || p.type === 'code') return { ...p, value: scrub(p.value, event.origin, findings) };
    if (p.type === 'link') {
      const before = findings.length;
      const url = scrub(p.url, event.origin, findings);
      const label = scrub(p.label, event.origin, findings);
      // A link whose target held a credential is no link any more: its label stays, as text.
      if (url !== p.url)
        return { type: 'text', value: label === p.url || label === url ? `${SECRET_MARK} link` : `${label} (link ${SECRET_MARK})` };
      return findings.length === before ? p : { ...p, label };
    }
    return p;
  });
  return { content, findings };
}
