import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';

/**
 * `secrets/leak`: credentials pasted into a postmortem, anywhere in the file
 * (frontmatter, prose, inline code, fenced code blocks, link targets).
 *
 * Every shape is anchored on a provider's fixed prefix or structure, so hashes,
 * UUIDs and ordinary prose do not fire; look-alikes from documentation
 * (`AKIAIOSFODNN7EXAMPLE`), masked values (`****`, `${PASSWORD}`) and
 * placeholders are accepted. A pattern that starts with a character class
 * starts with a negative look-behind on that class instead of `\b`, so a
 * match attempt can only begin where a run of those characters begins, and
 * the others start with a fixed literal: scanning stays linear on hostile
 * input such as `eyJ-eyJ-eyJ-…` or `a.a.a.…` (no ReDoS).
 */

interface SecretShape {
  name: string;
  /** Global, with indices (`d`); group `secret`, when present, is the part to point at and mask. */
  pattern: RegExp;
  /** How many leading characters of the secret the message may show (a fixed, public prefix such as `ghp_`). */
  shown: number | ((secret: string) => number);
  /** Rejects look-alikes (documentation examples, masked values, placeholders) that match the shape. */
  accept?: (secret: string, match: RegExpExecArray, source: string) => boolean;
}

/** Values people write instead of a real password: masks, variables, template slots, well-known stand-ins. */
const PLACEHOLDER =
  /^(?:[*•x#.…_-]+|\$[A-Za-z_]\w*|\$\{[^}]*\}|\$\([^)]*\)|%[A-Za-z_]\w*%|%s|<[^>]*>|\[[^\]]*\]|\{\{?[^}]*\}\}?|:[A-Za-z_]\w*|(?:your|my|the|some|db|app|user|admin|example|sample|dummy|fake|test)?[-_]?(?:pass|passwd|password|pwd|pw|secret|token|redacted|changeme|changeit|placeholder|example|hunter2|xxx+)s?)$/i;

/** Text that is a stand-in rather than a credential: all one character, or spelled out as an example. */
function looksFake(secret: string): boolean {
  if (/EXAMPLE|REDACTED|PLACEHOLDER|X{8,}|x{8,}|\*{3,}|0{12,}/.test(secret)) return true;
  return new Set(secret).size <= 3;
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

const isPlaceholder = (s: string) => PLACEHOLDER.test(s) || PLACEHOLDER.test(decodeSafe(s)) || looksFake(s);

/** At least this much key material after a `-----BEGIN … PRIVATE KEY-----` line makes it a key, not a mention of one. */
const KEY_BODY = /^(?:[ \t]*(?:>[ \t]*)*(?:[A-Za-z-]+:[^\n\\]*)?(?:\r?\n|\\r\\n|\\n))*[ \t>"]*([A-Za-z0-9+/=]{32,})/;

export const SECRET_SHAPES: readonly SecretShape[] = [
  {
    name: 'AWS access key id',
    pattern: /(?<![A-Za-z0-9])(?<secret>(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})(?![A-Za-z0-9])/dg,
    shown: 4,
    accept: (s) => !/EXAMPLE$/.test(s) && !looksFake(s.slice(4)),
  },
  {
    name: 'AWS secret access key',
    pattern: /(?<![A-Za-z0-9_])(?:aws_?)?secret_?access_?key["']?[ \t]*[:=][ \t]*["']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/dgi,
    shown: 0,
    accept: (s) => !/EXAMPLEKEY$/.test(s) && !looksFake(s),
  },
  {
    name: 'GCP service-account key',
    pattern: /"type"\s*:\s*"service_account"[\s\S]{0,4000}?(?<secret>"private_key"\s*:\s*"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----)/dg,
    shown: 200,
    accept: (_s, m, source) => KEY_BODY.test(source.slice(m.index + m[0].length, m.index + m[0].length + 400)),
  },
  {
    name: 'Google API key',
    pattern: /(?<![A-Za-z0-9_-])(?<secret>AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])/dg,
    shown: 4,
    accept: (s) => !looksFake(s.slice(4)),
  },
  {
    name: 'GitHub token',
    pattern: /(?<![A-Za-z0-9_])(?<secret>gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])/dg,
    shown: (s) => (s.startsWith('github_pat_') ? 11 : 4),
    accept: (s) => !looksFake(s.slice(s.indexOf('_') + 1)),
  },
  {
    name: 'GitLab token',
    pattern: /(?<![A-Za-z0-9_-])(?<secret>(?:glpat|gldt|glrt|glptt|glsoat|gloas|glft|glimt|glagent|glcbt|glffct)-[A-Za-z0-9_-]{20,})/dg,
    shown: 6,
    accept: (s) => !looksFake(s.slice(s.indexOf('-') + 1)),
  },
  {
    // Bot, user, workspace and legacy tokens carry numeric ids after the prefix (`xoxb-123…-456…-…`), which `xoxb-your-token` lacks.
    name: 'Slack token',
    pattern: /(?<![A-Za-z0-9_.-])(?<secret>xox[abposre]-\d{3,}-[A-Za-z0-9-]{8,}|xoxe-\d-[A-Za-z0-9]{40,}|xoxe\.xox[bp]-\d-[A-Za-z0-9]{20,}|xapp-\d-[A-Z0-9]{6,}-\d{3,}-[a-z0-9]{16,})/dg,
    shown: 5,
  },
  {
    name: 'Slack webhook URL',
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/(?<secret>T[A-Z0-9]{6,}\/[A-Z0-9]{6,}\/[A-Za-z0-9]{16,})/dg,
    shown: 1,
    accept: (s) => !looksFake(s.slice(s.lastIndexOf('/') + 1)),
  },
  {
    name: 'Stripe secret key',
    pattern: /(?<![A-Za-z0-9_])(?<secret>(?:sk|rk)_live_[A-Za-z0-9]{20,})/dg,
    shown: 8,
    accept: (s) => !looksFake(s.slice(8)),
  },
  {
    name: 'private key block',
    pattern: /(?<secret>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)/dg,
    shown: 64,
    accept: (_s, m, source) => {
      const body = KEY_BODY.exec(source.slice(m.index + m[0].length, m.index + m[0].length + 400));
      return !!body && !looksFake(body[1]!);
    },
  },
  {
    name: 'JSON Web Token',
    pattern: /(?<![A-Za-z0-9_-])(?<secret>eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,})/dg,
    shown: 3,
  },
  {
    // `scheme://user:password@host`; the user may be empty (`redis://:password@cache`).
    name: 'password in a URL',
    pattern: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/?#@'"<>\\`]*:(?<secret>[^\s/?#@'"<>\\`]+)@[^\s/?#'"<>@\\`]+/dg,
    shown: 0,
    accept: (s) => !isPlaceholder(s),
  },
  {
    // `jdbc:postgresql://db/app?user=app&password=…`
    name: 'password in a URL',
    pattern: /[?&;](?:password|passwd|pwd)=(?<secret>[^&;\s'"<>#`]+)/dgi,
    shown: 0,
    accept: (s) => !isPlaceholder(s),
  },
];

interface Finding {
  start: number;
  end: number;
  /** Where to point: the secret itself. */
  at: number;
  shape: SecretShape;
  secret: string;
  before: string;
  after: string;
}

/** Every credential-shaped value in `source`, in order, one finding per place (overlapping shapes report once). */
export function findSecrets(source: string): Finding[] {
  const found: Finding[] = [];
  for (const shape of SECRET_SHAPES) {
    const re = shape.pattern;
    re.lastIndex = 0;
    for (let m = re.exec(source); m; m = re.exec(source)) {
      const [from, to] = m.indices?.groups?.['secret'] ?? [m.index, m.index + m[0].length];
      const secret = source.slice(from, to);
      if (shape.accept && !shape.accept(secret, m, source)) continue;
      found.push({ start: m.index, end: m.index + m[0].length, at: from, shape, secret, before: source.slice(m.index, from), after: source.slice(to, m.index + m[0].length) });
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Finding[] = [];
  for (const f of found) {
    const last = kept.at(-1);
    if (last && f.start < last.end) continue;
    kept.push(f);
  }
  return kept;
}

/** The value as the message shows it: its public prefix and context at most, never the secret itself. */
function masked(f: Finding): string {
  // A `-----BEGIN … PRIVATE KEY-----` line is no secret; the key material after it is.
  const shown = typeof f.shape.shown === 'number' ? f.shape.shown : f.shape.shown(f.secret);
  if (f.secret.length <= shown) return f.secret;
  const prefix = f.secret.slice(0, Math.min(shown, Math.floor(f.secret.length / 3)));
  return `${f.before.slice(-60)}${prefix}…${f.after.slice(0, 60)}`;
}

export const secretsLeak: Rule = {
  id: 'secrets/leak',
  level: 'error',
  description: 'Text that looks like a credential: cloud keys, tokens, private keys, passwords in URLs.',
  check(ctx) {
    for (const f of findSecrets(ctx.file.source)) {
      ctx.report(
        ctx.file.lines.point(f.at),
        `Unexpected ${f.shape.name} ${code(masked(f))}, expected no credentials in a postmortem; rotate the credential now (removing it does not remove it from the branch's Git history), then write \`[REDACTED]\` in its place`,
      );
    }
  },
};
