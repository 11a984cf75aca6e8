import type { Rule } from '../rule.ts';

interface SecretShape {
  name: string;
  pattern: RegExp;
  /** Rejects look-alikes (placeholders, masked values) that match the shape. */
  accept?: (match: RegExpExecArray) => boolean;
}

const PLACEHOLDER = /^(?:\*+|x+|X+|\.{3}|…|<[^>]*>|\$[A-Za-z_]\w*|\$\{[^}]*\}|%[A-Za-z_]\w*%|password|passwd|pass|secret|redacted|REDACTED|changeme|hunter2|example|PASSWORD|SECRET|CHANGEME)$/;

/**
 * Credential shapes from the providers' own token formats. Each is anchored on
 * a fixed prefix or structure so ordinary prose and hashes do not fire.
 */
export const SECRET_SHAPES: readonly SecretShape[] = [
  { name: 'AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}\b/g, accept: (m) => !/EXAMPLE$/.test(m[0]) },
  { name: 'AWS secret access key', pattern: /\baws_?secret_?access_?key\b["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi, accept: (m) => !/EXAMPLEKEY$/.test(m[1]!) },
  { name: 'GCP service-account key', pattern: /"private_key_id"\s*:\s*"[0-9a-f]{40}"|"type"\s*:\s*"service_account"[\s\S]{0,2000}?"private_key"\s*:/g },
  { name: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { name: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{82})\b/g },
  { name: 'GitLab token', pattern: /\b(?:glpat|gldt|glrt|glptt|glsoat|gloas)-[A-Za-z0-9_-]{20,}\b/g },
  { name: 'Slack token', pattern: /\bxox[abposr]-(?:\d+-)?[A-Za-z0-9-]{10,}\b/g },
  { name: 'Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows)\/T[A-Z0-9]+\/[A-Z0-9]+\/[A-Za-z0-9]{16,}/g },
  { name: 'Stripe secret key', pattern: /\b(?:sk|rk)_live_[A-Za-z0-9]{20,}\b/g },
  { name: 'private key block', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  { name: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}/g },
  {
    name: 'password in a URL',
    pattern: /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/([^\s:/?#@'"<>\\`]+):([^\s/?#@'"<>\\`]+)@[^\s/?#'"<>@]+/g,
    accept: (m) => !PLACEHOLDER.test(m[2]!) && !PLACEHOLDER.test(decodeSafe(m[2]!)),
  },
];

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export const secretsLeak: Rule = {
  id: 'secrets/leak',
  level: 'error',
  description: 'Text that looks like a credential: cloud keys, tokens, private keys, passwords in URLs.',
  check(ctx) {
    const source = ctx.file.source;
    for (const shape of SECRET_SHAPES) {
      shape.pattern.lastIndex = 0;
      for (let m = shape.pattern.exec(source); m; m = shape.pattern.exec(source)) {
        if (shape.accept && !shape.accept(m)) continue;
        ctx.report(ctx.file.lines.point(m.index), `Unexpected ${shape.name} in the text, expected no credentials in a postmortem; remove it, rotate the credential now, and write \`[REDACTED]\` instead`);
      }
    }
  },
};
