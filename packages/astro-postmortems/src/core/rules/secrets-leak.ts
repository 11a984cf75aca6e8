import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import type { SecretFinding } from '../secrets/find-secrets.ts';
import { cataloguePattern, findCatalogued } from '../secrets/secret-catalogue.ts';
import { automaton, scan, type Automaton } from '../secrets/keyword-automaton.ts';
import { decodeMarkdown, foundAsWrittenAndRead, withoutIgnorable } from '../visible-text.ts';

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
 * input such as `eyJ-eyJ-eyJ-…` or `a.a.a.…` (no ReDoS). Shapes anchored on a
 * label (`PASSWORD=`, `DD_API_KEY:`, `Authorization:`) follow the same rule:
 * the label is a literal, or a look-behind makes it start a run.
 *
 * The text is scanned twice: as written, and as a reader sees it once Markdown
 * backslash escapes (`ghp\_…`) and HTML character references (`&#95;`,
 * `&lowbar;`, `&#x5F;`) are resolved and invisible characters (zero-width
 * spaces, soft hyphens) are dropped (`renderedText`). A finding in that view
 * is reported at its place in the file as written.
 */

interface SecretShape {
  name: string;
  /** The gitleaks rule that found it (catalogue findings). */
  ruleId?: string;
  /** A credential this project names itself (`NAMED`): its message does not cite the gitleaks rule. */
  named?: boolean;
  /** Global, with indices (`d`); group `secret`, when present, is the part to point at and mask. */
  pattern: RegExp;
  /**
   * Lower-case ASCII text that a text holding a match holds one of, case aside (its fixed prefix or label; `curl` for
   * `-u user:password`, which counts only in a curl command). One pass of an automaton
   * over the text finds them all, and `pattern` runs only when one is there: a pattern that opens with a look-behind
   * or a label starts a match attempt at almost every character, and most postmortems hold none of these prefixes
   * and labels at all. Catalogue findings, which have no pattern of their own, have none.
   */
  keywords?: readonly string[];
  /** A closer test, run once on the whole text when a keyword is there (the prefix's exact case, a second literal). */
  hint?: (text: string) => boolean;
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

/** Words that mark a value as a stand-in however it is spelled (`YOUR_API_KEY_HERE`, `not-a-real-token`). */
const STAND_IN =
  /(?:^|[^a-z])(?:your|here|insert|replace)(?:[^a-z]|$)|example|sample|dummy|placeholder|redacted|change_?me|not[-_]?a[-_]?real|fake|xxxx|\.\.\./i;

/** Key material generated at random: letters and digits both, and no stand-in. */
const randomLooking = (s: string) => /\d/.test(s) && /[A-Za-z]/.test(s) && !looksFake(s) && !STAND_IN.test(s);

/**
 * A value after a password label that reads like code or prose rather than a password: a reference to
 * something else (`process.env.DB_PASSWORD`, `os.getenv(…)`, `$(cat …)`, `!vault`, `{{ … }}`), a path
 * (`PWD=/home/runner`), an identifier (`hashedPassword`, `DB_PASSWORD`), or a plain lower-case word
 * ("the password: rotate it").
 */
function passwordLike(s: string): boolean {
  if (s.length < 6 || isPlaceholder(s) || STAND_IN.test(s)) return false;
  if (/^[$%{}<>[\]()!*/~\\.#@|&^=:+?-]/.test(s)) return false;
  if (/^[A-Za-z]:\\/.test(s)) return false;
  if (/^[A-Za-z_][A-Za-z_.-]*[:=]$/.test(s)) return false;
  if (/^(?:[A-Za-z_$][\w$]*(?:\.[A-Za-z_$]|\[|\()|[a-z]+(?:[A-Z][a-z]+)+$|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$)/.test(s)) return false;
  return /\d/.test(s) || /[^A-Za-z0-9]/.test(s) || /[A-Z]/.test(s.slice(1));
}

/** The Azure Storage emulator's account key: published in Microsoft's documentation, the same on every machine. */
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** `Authorization: Basic …`: a credential when it decodes to `user:password` with a real password (not RFC 7617's `Aladdin:open sesame`). */
function basicCredential(value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  let decoded: string;
  try {
    decoded = atob(value);
  } catch {
    return false;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0 || /[\u0000-\u001f]/.test(decoded)) return false;
  const password = decoded.slice(colon + 1);
  return (
    password.length > 0 &&
    decoded !== 'Aladdin:open sesame' &&
    !isPlaceholder(password) &&
    !STAND_IN.test(password) &&
    !/^[$%{<[]/.test(password)
  );
}

/**
 * The shell command a match is part of: back to the start of its line, and over earlier lines that end
 * with a `\` continuation; at most 1,000 characters, so every match costs a bounded look back.
 */
function commandBefore(source: string, index: number): string {
  const window = source.slice(Math.max(0, index - 1_000), index);
  let from = window.length;
  while (from > 0) {
    const newline = window.lastIndexOf('\n', from - 1);
    if (newline < 0) break;
    if (!/\\\r?$/.test(window.slice(Math.max(0, newline - 2), newline))) return window.slice(newline + 1);
    from = newline;
  }
  return window;
}

/** Whether the text before one of the first `@`s of a URL's password is a placeholder: the `@` is then the host's, and the rest is the path. */
function placeholderBeforeAt(s: string): boolean {
  for (let at = s.indexOf('@'), n = 0; at >= 0 && n < 8; at = s.indexOf('@', at + 1), n++) if (isPlaceholder(s.slice(0, at))) return true;
  return false;
}

/**
 * At least this much key material after a `-----BEGIN … PRIVATE KEY-----` line makes it a key, not a mention of one.
 * A header's value stops before `\r` as well as `\n`: with `\r` in it and `\r?\n` after, each CRLF line could be
 * split two ways, and 30 lines of `r::` after the header took two minutes.
 */
const KEY_BODY = /^(?:[ \t]*(?:>[ \t]*)*(?:[A-Za-z-]+:[^\r\n\\]*)?(?:\r?\n|\\r\\n|\\n))*[ \t>"]*([A-Za-z0-9+/=]{32,})/;

export const SECRET_SHAPES: readonly SecretShape[] = [
  {
    name: 'AWS access key id',
    keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
    hint: (text) => /A(?:KIA|SIA|BIA|CCA|3T)/.test(text),
    pattern: /(?<![A-Za-z0-9])(?<secret>(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})(?![A-Za-z0-9])/dg,
    shown: 4,
    accept: (s) => !/EXAMPLE$/.test(s) && !looksFake(s.slice(4)),
  },
  {
    name: 'AWS secret access key',
    keywords: ['secret'],
    hint: (text) => /secret_?access_?key/i.test(text),
    pattern: /(?<![A-Za-z0-9_])(?:aws_?)?secret_?access_?key["']?[ \t]*[:=][ \t]*["']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/dgi,
    shown: 0,
    accept: (s) => !/EXAMPLEKEY$/.test(s) && !looksFake(s),
  },
  {
    name: 'GCP service-account key',
    keywords: ['"service_account"'],
    pattern: /"type"\s*:\s*"service_account"[\s\S]{0,4000}?(?<secret>"private_key"\s*:\s*"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----)/dg,
    shown: 200,
    accept: (_s, m, source) => KEY_BODY.test(source.slice(m.index + m[0].length, m.index + m[0].length + 400)),
  },
  {
    name: 'Stripe secret key',
    keywords: ['_live_'],
    pattern: /(?<![A-Za-z0-9_])(?<secret>(?:sk|rk)_live_[A-Za-z0-9]{20,})/dg,
    shown: 8,
    accept: (s) => !looksFake(s.slice(8)),
  },
  {
    name: 'npm token',
    keywords: ['npm_'],
    pattern: /(?<![A-Za-z0-9_])(?<secret>npm_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/dg,
    shown: 4,
    accept: (s) => randomLooking(s.slice(4)),
  },
  {
    // A macaroon whose first bytes name pypi.org (`AgEIcHlwaS5vcmc`) or test.pypi.org (`AgENdGVzdC5weXBpLm9yZw`).
    name: 'PyPI token',
    keywords: ['pypi-age'],
    hint: (text) => text.includes('pypi-AgE'),
    pattern: /(?<![A-Za-z0-9_-])(?<secret>pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,})(?![A-Za-z0-9_-])/dg,
    shown: 5,
    accept: (s) => randomLooking(s.slice(30)),
  },
  {
    name: 'SendGrid API key',
    keywords: ['sg.'],
    hint: (text) => text.includes('SG.'),
    pattern: /(?<![A-Za-z0-9_.-])(?<secret>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/dg,
    shown: 3,
    accept: (s) => randomLooking(s.slice(26)),
  },
  {
    // An account SID with its auth token: `curl -u AC…:…`, `Client("AC…", "…")`, `https://AC…:…@api.twilio.com`.
    name: 'Twilio auth token',
    keywords: ['ac'],
    hint: (text) => text.includes('AC'),
    pattern: /(?<![A-Za-z0-9])(?<secret>AC[0-9a-f]{32}["']?[ \t]*[:,][ \t]*["']?[0-9a-f]{32})(?![A-Za-z0-9])/dg,
    shown: 2,
    accept: (s) => randomLooking(s.slice(-32)),
  },
  {
    name: 'Twilio auth token',
    keywords: ['twilio'],
    pattern: /(?<![A-Za-z0-9])twilio[_-]?auth[_-]?token["']?[ \t]*[:=][ \t]*["']?(?<secret>[0-9a-f]{32})(?![A-Za-z0-9])/dgi,
    shown: 0,
    accept: (s) => randomLooking(s),
  },
  {
    // `DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;`, and Service Bus / Event Hubs `SharedAccessKey=…`.
    name: 'Azure storage account key',
    keywords: ['key='],
    pattern: /(?<![A-Za-z0-9])(?:Account|SharedAccess)Key=(?<secret>[A-Za-z0-9+/]{40,}={0,2})(?![A-Za-z0-9+/=])/dgi,
    shown: 0,
    accept: (s) => s !== AZURITE_KEY && randomLooking(s),
  },
  {
    // API keys are 32 hex digits, application keys 40; only with their label, as bare hex is a hash as often as a key.
    name: 'Datadog key',
    keywords: ['dd', 'datadog'],
    hint: (text) => /(?:dd|datadog)[_-]?ap/i.test(text),
    pattern:
      /(?<![A-Za-z0-9])(?:dd|datadog)[_-]?(?:api|app|application)[_-]?key["']?[ \t]*[:=][ \t]*["']?(?<secret>[0-9a-f]{40}|[0-9a-f]{32})(?![A-Za-z0-9])/dgi,
    shown: 0,
    accept: (s) => randomLooking(s),
  },
  {
    // Events API integration and routing keys are 32 characters; only with their label.
    name: 'PagerDuty integration key',
    keywords: ['key'],
    pattern:
      /(?<![A-Za-z0-9])(?:(?:pagerduty|pd)[_-]?(?:integration|routing|service|events?)?[_-]?key|routing[_-]?key|integration[_-]?key|service[_-]?key)["']?[ \t]*[:=][ \t]*["']?(?<secret>[A-Za-z0-9]{32})(?![A-Za-z0-9_+.-])/dgi,
    shown: 0,
    accept: (s) => randomLooking(s),
  },
  {
    name: 'Heroku API key',
    keywords: ['heroku'],
    pattern:
      /(?<![A-Za-z0-9])heroku[_-]?(?:api[_-]?)?(?:key|token)["']?[ \t]*[:=][ \t]*["']?(?<secret>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![A-Za-z0-9-])/dgi,
    shown: 0,
    accept: (s) => !looksFake(s.replaceAll('-', '')),
  },
  {
    name: 'Heroku API key',
    keywords: ['hrku-aa'],
    hint: (text) => text.includes('HRKU-AA'),
    pattern: /(?<![A-Za-z0-9_-])(?<secret>HRKU-AA[A-Za-z0-9_-]{58})(?![A-Za-z0-9_-])/dg,
    shown: 5,
    accept: (s) => randomLooking(s.slice(7)),
  },
  {
    // `sk-…` (legacy), `sk-proj-…`, `sk-svcacct-…`, `sk-admin-…`; `sk-ant-…` is Anthropic's. Generated keys mix cases and digits, which kebab-case words do not.
    name: 'OpenAI API key',
    keywords: ['sk-'],
    hint: (text) => text.includes('sk-'),
    pattern: /(?<![A-Za-z0-9_-])(?<secret>sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{32,})(?![A-Za-z0-9_-])/dg,
    shown: (s) => /^sk-(?:(?:proj|svcacct|admin)-)?/.exec(s)![0].length,
    accept: (s) => {
      const key = s.replace(/^sk-(?:(?:proj|svcacct|admin)-)?/, '');
      return randomLooking(key) && /[a-z]/.test(key) && /[A-Z]/.test(key);
    },
  },
  {
    // Service, batch and recovery tokens (`hvs.`, `hvb.`, `hvr.`); the older `s.…` form only after a `VAULT_TOKEN` label.
    name: 'HashiCorp Vault token',
    keywords: ['hvs.', 'hvb.', 'hvr.'],
    hint: (text) => /hv[sbr]\./.test(text),
    pattern: /(?<![A-Za-z0-9_.-])(?<secret>hv[sbr]\.[A-Za-z0-9_-]{24,})(?![A-Za-z0-9_-])/dg,
    shown: 4,
    accept: (s) => randomLooking(s.slice(4)),
  },
  {
    name: 'HashiCorp Vault token',
    keywords: ['vault'],
    pattern: /(?<![A-Za-z0-9])vault[_-]?token["']?[ \t]*[:=][ \t]*["']?(?<secret>[sb]\.[A-Za-z0-9]{24})(?![A-Za-z0-9])/dgi,
    shown: 2,
    accept: (s) => randomLooking(s.slice(2)),
  },
  {
    // `Authorization: Bearer …` / `Token …` (generated, so letters and digits), `Basic …` (base64 of `user:password`).
    name: 'Authorization header',
    keywords: ['authorization'],
    pattern:
      /(?<![A-Za-z0-9_])authorization["']?[ \t]*[:=][ \t]*["']?(?<scheme>bearer|basic|token)[ \t]+(?<secret>[A-Za-z0-9._~+/=-]{8,})/dgi,
    shown: 0,
    accept: (s, m) => (m.groups!['scheme']!.toLowerCase() === 'basic' ? basicCredential(s) : randomLooking(s) && !isPlaceholder(s)),
  },
  {
    // `curl -u user:password`, `--user user:password`, `--proxy-user …`; only in a curl command (`docker run -u 1000:1000` is a uid).
    name: 'password in a curl command',
    keywords: ['curl'],
    hint: (text) => text.includes('curl'),
    pattern: /(?<![A-Za-z0-9_-])(?:-u[ \t]*|--(?:proxy-)?user(?:[ \t]+|=))["']?[^\s:'"`]*:(?<secret>[^\s'"`]+)/dg,
    shown: 0,
    accept: (s, m, source) =>
      !isPlaceholder(s) &&
      !STAND_IN.test(s) &&
      !/^[$%{<[]/.test(s) &&
      !/[<>]/.test(s) &&
      /(?<![\w-])curl(?![\w-])/.test(commandBefore(source, m.index)),
  },
  {
    name: 'private key block',
    keywords: ['private key'],
    hint: (text) => text.includes('PRIVATE KEY'),
    pattern: /(?<secret>-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)/dg,
    shown: 64,
    accept: (_s, m, source) => {
      const body = KEY_BODY.exec(source.slice(m.index + m[0].length, m.index + m[0].length + 400));
      return !!body && !looksFake(body[1]!);
    },
  },
  {
    // `scheme://user:password@host`; the user may be empty (`redis://:password@cache`). The password may hold `/`, `#`
    // and `@` (`postgres://app:p@ss/w#rd@db/orders`): it runs to the last `@` before the host (within 256 characters, so a
    // match attempt is bounded even on `a://b:a://b:…`, where every scheme starts one), unless it is a port and a path
    // (`https://maps.example:443/@51.5,-0.1`) or a placeholder before an `@` of the path (`https://_:${TOKEN}@registry/@scope/pkg`).
    name: 'password in a URL',
    keywords: ['://'],
    hint: (text) => text.includes('@'),
    pattern: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/?#@'"<>\\`]*:(?<secret>[^\s?'"<>\\`]{1,256})@[^\s/?#'"<>@\\`]+/dg,
    shown: 0,
    accept: (s) => !isPlaceholder(s) && !/^\d{1,5}(?:[/#]|$)/.test(s) && !placeholderBeforeAt(s),
  },
  {
    // `jdbc:postgresql://db/app?user=app&password=…`
    name: 'password in a URL',
    keywords: ['pass', 'pwd'],
    pattern: /[?&;](?:password|passwd|pwd)=(?<secret>[^&;\s'"<>#`]+)/dgi,
    shown: 0,
    accept: (s) => !isPlaceholder(s),
  },
  {
    // `PASSWORD=…`, `DB_PASSWORD: …`, `"password": "…"`, `spring.datasource.password=…`, `--password=…`, `PGPASSWORD=…`, `pwd=…`.
    // The value must read like a password, not a reference, a path, an identifier or the next word of a sentence.
    name: 'password assignment',
    keywords: ['pass', 'pwd'],
    pattern:
      /(?<![A-Za-z0-9_.-])(?<quote>["']?)-{0,2}(?:[A-Za-z0-9]+[_.-])*[A-Za-z0-9]*(?:password|passwd|pwd)\k<quote>[ \t]*(?::=|[:=]=?)[ \t]*["']?(?<secret>[^\s"'`;,&]+)/dgi,
    shown: 0,
    accept: (s) => passwordLike(s),
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

/**
 * The kind of credential a gitleaks rule finds, as a noun phrase from its description ("Uncovered a GitHub Personal
 * Access Token, potentially leading to …" → "GitHub Personal Access Token"), or its id.
 */
export function kindOf(f: Pick<SecretFinding, 'ruleId' | 'description'>): string {
  const m =
    /^(?:\w+\s+){1,3}?(?:an?|the)\s+(?:(?:possible|potential|possibly|exposed|leaked)\s+)*(.+?)(?:,|\.|;|\s+(?:which|that|potentially|posing|risking|could|may|in\b|exposing|for\s+(?:unauthorized|potential)|leading|compromising|threatening|allowing|enabling|jeopardizing|granting|giving)\b|$)/i.exec(
      f.description,
    );
  const kind = m?.[1]?.trim();
  const words = f.ruleId.split('-');
  // A phrase that names none of the id's words ("cloud-managed IT solution" for `cisco-meraki-api-key`) is not the kind: the id, spelled out, is.
  const initials =
    kind
      ?.split(/\s+/)
      .map((w) => w[0]!.toLowerCase())
      .join('') ?? '';
  if (kind && kind.length <= 60 && words.some((w) => (w.length > 2 && kind.toLowerCase().includes(w)) || w === initials)) return kind;
  return words.join(' ');
}

/**
 * How much of `secret` the message may show: the longest start (at most 12 characters and a third of it) that the
 * rule's pattern spells out, whole (`AIza`) or word by word up to a separator (`sk_live_`, `glpat-`): a public prefix.
 */
function publicPrefix(secret: string, pattern: string): number {
  const most = Math.min(12, Math.floor(secret.length / 3));
  const lower = pattern.toLowerCase();
  const literal = (s: string) => lower.includes(s.toLowerCase().replace(/[.\\+*?()[\]{}|^$]/g, (c) => `\\${c}`));
  for (let n = most; n >= 2; n--) {
    const prefix = secret.slice(0, n);
    if (literal(prefix)) return n;
    if (/[_.~-]$/.test(prefix) && prefix.split(/[_.~-]/).every((word) => word === '' || (word.length >= 2 && literal(word)))) return n;
  }
  return 0;
}

/**
 * Credentials this project names itself, found by gitleaks' rules (which find every one the project's own shapes
 * for them found, and more): the name its messages use, the public prefix they may show (`ghp_`, `glpat-`), and,
 * where the rule's match is more than the secret (a webhook URL), the part before the secret, so the message
 * points at the secret and shows the URL up to it. The rest of the secret must not be all one character or
 * spelled out as an example.
 */
interface NamedCredential {
  name: string;
  prefix: (secret: string) => number;
  /** Matches the start of the rule's match that is not the secret (`https://hooks.slack.com/services/`). */
  before?: RegExp;
}
const GITHUB: NamedCredential = { name: 'GitHub token', prefix: (s) => s.indexOf('_', s.startsWith('github_pat_') ? 7 : 0) + 1 };
const GITLAB: NamedCredential = { name: 'GitLab token', prefix: (s) => s.indexOf('-') + 1 };
const NAMED: ReadonlyMap<string, NamedCredential> = new Map([
  ...['github-pat', 'github-oauth', 'github-app-token', 'github-refresh-token', 'github-fine-grained-pat'].map(
    (id) => [id, GITHUB] as const,
  ),
  ...[
    'gitlab-pat',
    'gitlab-pat-routable',
    'gitlab-ptt',
    'gitlab-deploy-token',
    'gitlab-runner-authentication-token',
    'gitlab-runner-authentication-token-routable',
    'gitlab-scim-token',
    'gitlab-oauth-app-secret',
    'gitlab-feed-token',
    'gitlab-incoming-mail-token',
    'gitlab-kubernetes-agent-token',
    'gitlab-cicd-job-token',
    'gitlab-feature-flag-client-token',
  ].map((id) => [id, GITLAB] as const),
  [
    'slack-webhook-url',
    { name: 'Slack webhook URL', prefix: () => 1, before: /^(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\//i },
  ],
  ['twilio-api-key', { name: 'Twilio API key', prefix: () => 2 }],
]);

/** A catalogue finding as this rule reports it, unless it is a documented example, a mask or a placeholder. */
function fromCatalogue(text: string, f: SecretFinding): Finding | undefined {
  const named = NAMED.get(f.ruleId);
  const skip = named?.before?.exec(text.slice(f.secretStart, f.secretEnd))?.[0].length ?? 0;
  const at = f.secretStart + skip;
  const secret = text.slice(at, f.secretEnd);
  if (looksFake(secret) || STAND_IN.test(secret) || isPlaceholder(secret) || secret.includes(AZURITE_KEY)) return undefined;
  const shown = named ? named.prefix(secret) : publicPrefix(secret, cataloguePattern(f.ruleId));
  if (named && looksFake(secret.slice(shown))) return undefined;
  return {
    start: f.start,
    end: f.end,
    at,
    shape: { name: named?.name ?? kindOf(f), ruleId: f.ruleId, named: !!named, pattern: /$^/, shown },
    secret,
    // The label before the secret (`DD_API_KEY=`), not the delimiter gitleaks' patterns end with.
    before: text.slice(f.start, at).trimStart(),
    after: '',
  };
}

let keywordIndex: Automaton<number[]> | undefined;

/** Per shape (by index in `SECRET_SHAPES`): whether `text` holds one of its keywords, case aside (a shape with none: true). */
function shapesPresent(text: string): boolean[] {
  if (!keywordIndex) {
    const shapes = new Map<string, number[]>();
    SECRET_SHAPES.forEach(({ keywords = [] }, i) => {
      for (const k of keywords) shapes.set(k, [...(shapes.get(k) ?? []), i]);
    });
    keywordIndex = automaton(shapes);
  }
  const present = SECRET_SHAPES.map(({ keywords }) => !keywords);
  scan(keywordIndex, text, (_end, hits) => {
    for (const { value } of hits) for (const i of value) present[i] = true;
  });
  return present;
}

/** Every match of every shape in `text`, in no particular order; positions are offsets in `text`. */
function matchShapes(text: string): Finding[] {
  const found: Finding[] = [];
  for (const f of findCatalogued(text)) {
    const finding = fromCatalogue(text, f);
    if (finding) found.push(finding);
  }
  const present = shapesPresent(text);
  for (let i = 0; i < SECRET_SHAPES.length; i++) {
    const shape = SECRET_SHAPES[i]!;
    if (!present[i] || (shape.hint && !shape.hint(text))) continue;
    const re = shape.pattern;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const [from, to] = m.indices?.groups?.['secret'] ?? [m.index, m.index + m[0].length];
      const secret = text.slice(from, to);
      if (shape.accept && !shape.accept(secret, m, text)) continue;
      found.push({
        start: m.index,
        end: m.index + m[0].length,
        at: from,
        shape,
        secret,
        before: text.slice(m.index, from),
        after: text.slice(to, m.index + m[0].length),
      });
    }
  }
  return found;
}

/** Text as a reader sees it, and where each of its characters was written. */
export interface RenderedText {
  text: string;
  /** `offsets[i]`: the offset in the source of `text[i]` (of the escape or reference it came from); `offsets[text.length]` is the source's length. */
  offsets: Int32Array;
}

/** Where a backslash escape, a character reference or an invisible character may start. */
const SPECIAL = /[\\&\p{Default_Ignorable_Code_Point}\p{Bidi_Control}]/gu;

/**
 * `source` with Markdown backslash escapes resolved (a `\` before ASCII punctuation), HTML character references
 * decoded (named, decimal, hex: `&lowbar;`, `&#95;`, `&#x5F;` are `_`) and invisible characters removed, in one
 * pass from left to right as CommonMark does (`\&#95;` stays `&#95;`; a decoded `&#92;` escapes nothing); or
 * `undefined` when that changes nothing. Named references are decoded with `decode-named-character-reference` (the HTML standard's table).
 */
export function renderedText(source: string): RenderedText | undefined {
  SPECIAL.lastIndex = 0;
  if (!SPECIAL.test(source)) return undefined;
  const offsets = new Int32Array(source.length + 1);
  const parts: string[] = [];
  let length = 0;
  let copied = 0;
  let changed = false;
  const emit = (value: string, from: number) => {
    parts.push(value);
    for (let k = 0; k < value.length; k++) offsets[length + k] = from;
    length += value.length;
  };
  const copyTo = (end: number) => {
    if (end <= copied) return;
    parts.push(source.slice(copied, end));
    for (let k = copied; k < end; k++) offsets[length++] = k;
    copied = end;
  };
  SPECIAL.lastIndex = 0;
  for (let m = SPECIAL.exec(source); m; m = SPECIAL.exec(source)) {
    const at = m.index;
    if (at < copied) continue;
    let value: string | undefined;
    let width = m[0].length;
    if (source[at] === '\\' || source[at] === '&') {
      const unit = decodeMarkdown(source, at, source.length);
      if (unit) {
        // A reference to an invisible character renders as nothing.
        value = withoutIgnorable(unit.text);
        width = unit.width;
      }
    } else {
      value = '';
    }
    if (value === undefined) continue;
    copyTo(at);
    emit(value, at);
    copied = at + width;
    changed = true;
    // An escaped backslash is consumed with its escape, so the search resumes after both.
    SPECIAL.lastIndex = copied;
  }
  if (!changed) return undefined;
  copyTo(source.length);
  offsets[length] = source.length;
  return { text: parts.join(''), offsets: offsets.subarray(0, length + 1) };
}

/**
 * Every credential-shaped value in `source`, in order, one finding per place (overlapping shapes report once):
 * in the text as written and in the text as rendered (`renderedText`), the latter mapped back to where it is
 * written, so `ghp\_…` and `ghp_…` report once, at the same place.
 */
export function findSecrets(source: string): Finding[] {
  const rendered = renderedText(source);
  // A value that holds escapes or references is judged as the page shows it (`app:&#42;&#42;@db` is a mask), by the second scan.
  const found = rendered ? matchShapes(source).filter((f) => renderedText(f.secret) === undefined) : matchShapes(source);
  if (rendered) {
    const { offsets } = rendered;
    for (const f of matchShapes(rendered.text)) found.push({ ...f, start: offsets[f.start]!, end: offsets[f.end]!, at: offsets[f.at]! });
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Finding[] = [];
  for (const f of found) {
    const last = kept.at(-1);
    if (last && f.start < last.end) {
      // Where this project's own shape and the catalogue see one credential, the shape's message points at the secret more closely.
      if (!f.shape.ruleId && last.shape.ruleId) kept[kept.length - 1] = f;
      continue;
    }
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
  description:
    'Text that looks like a credential, also behind Markdown escapes or character references: cloud keys, tokens, private keys, Authorization headers, passwords (in URLs, curl -u, assignments).',
  docs: {
    meaning:
      "Text that looks like a credential, anywhere in the file (frontmatter, prose, inline code, fenced code, link targets), also when written with Markdown escapes (`ghp\\_…`) or HTML character references (`&#95;`, `&lowbar;`): every credential shape of [gitleaks](https://github.com/gitleaks/gitleaks)' default rules (221 rules: cloud keys, provider tokens, private keys, webhooks, JWTs, generic `api_key = …` assignments), plus this project's own shapes (`Authorization` headers, passwords in URLs, `curl -u` and password assignments); [how it is found and measured](#secretsleak-what-counts-as-a-credential). Measured against gitleaks' own samples (6,057 true and 341 false positives of 217 rules, each in a fenced code block and in a prose sentence): 99.6 % found, 3.2 % (code block) and 3.8 % (prose) false alarms. The message names the kind of credential and gitleaks' rule id. Documentation examples (`AKIAIOSFODNN7EXAMPLE`), masked values (`****`), variables (`${PASSWORD}`) and placeholders do not count. The message points at the credential as written and shows only its public prefix.",
    fix: 'Remove it, **rotate the credential**, and if it was pushed ask an admin to purge it from history.',
    trigger: '`AKIA…`, `sk&lowbar;live\\_…`, `DB_PASSWORD=…`, a `-----BEGIN PRIVATE KEY-----` block',
    ok: [{ fixture: 'ok-documentation-key.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-github-token.mdx',
        message:
          "Unexpected GitHub token `ghp_…`, expected no credentials in a postmortem; rotate the credential now (revoke it with its provider and issue a new one; removing it does not remove it from the branch's Git history), then write `[REDACTED]` in its place",
      },
    ],
  },
  check(ctx) {
    const { file } = ctx;
    // What the reader sees too: a token joined across markup (`3N<mark></mark>f8`, `g*h*p_…`), decoded from YAML
    // escapes (`"ghp\x5f…"`), or split by an invisible character; reported at its first character as written.
    const all = foundAsWrittenAndRead(file, findSecrets, (f) => ({ at: f.at, start: f.start, end: f.end }));
    for (const { found: f, offset } of all) {
      const rule = f.shape.ruleId && !f.shape.named ? ` (gitleaks rule \`${f.shape.ruleId}\`)` : '';
      ctx.report(
        file.lines.point(offset),
        `Unexpected ${f.shape.name} ${code(masked(f))}${rule}, expected no credentials in a postmortem; rotate the credential now (revoke it with its provider and issue a new one; removing it does not remove it from the branch's Git history), then write \`[REDACTED]\` in its place`,
      );
    }
  },
};
