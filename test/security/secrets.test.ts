/**
 * `secrets/leak`: each common credential shape is found in prose, in a fenced
 * code block, in inline code and in the frontmatter, at the credential's exact
 * place, without echoing it; look-alikes from documentation, masked values,
 * placeholders, hashes and ids do not fire.
 *
 * Credentials are assembled at run time from pieces and a seeded generator, so
 * this repository holds no literal that secret scanners would flag.
 */
import { describe, expect, test } from 'vitest';
import { findSecrets, renderedText, SECRET_SHAPES } from '../../packages/astro-postmortems/src/core/rules/secrets-leak.ts';
import { makeRepository } from '../rules/harness.ts';
import { check, type JsonReport } from './cli.ts';
import { checkText } from './mutations.ts';
import { TODAY, validPostmortem, withBlock, BLOCK_LINE } from './postmortem.ts';

/** Deterministic pseudo-random strings (mulberry32), so failures replay. */
function generator(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789') =>
    Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
}
const rand = generator(20_240_611);
const UPPER_B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const join = (...parts: string[]) => parts.join('');
const uuid = () => [rand(8, HEX), rand(4, HEX), rand(4, HEX), rand(4, HEX), rand(12, HEX)].join('-');
/** A password that reads like one: letters of both cases and digits, never a placeholder. */
const password = () => join(rand(6, 'ABCDEFGHJKLMNPQRSTUVWXYZ'), rand(6, '23456789'), rand(6, 'abcdefghijkmnpqrstuvwxyz'));

const keyBody = Array.from({ length: 6 }, () => rand(64, B64)).join('\n');

/**
 * Shape name (as the message says it) → a credential of that shape, the text the message may show, and for
 * labelled shapes the text the message points just after (the value, not the label).
 */
const SHAPES: Record<string, { secret: string; shows: string; after?: string }> = {
  'AWS access key id': { secret: join('AK', 'IA', rand(16, UPPER_B32)), shows: '`AKIA…`' },
  'AWS temporary access key id': { secret: join('AS', 'IA', rand(16, UPPER_B32)), shows: '`ASIA…`' },
  'AWS secret access key': { secret: join('aws_secret', '_access_key = ', rand(40, B64)), shows: '`aws_secret_access_key = …`' },
  'GCP service-account key': {
    secret: join(
      '{"type": "service',
      '_account", "project_id": "shop-prod", "private_key_id": "',
      rand(40, HEX),
      '", "private_key": "-----BEGIN PRIVATE',
      ' KEY-----\\n',
      rand(64, B64),
      '\\n',
      rand(64, B64),
      '\\n-----END PRIVATE KEY-----\\n", "client_email": "ci@shop-prod.iam.gserviceaccount.com"}',
    ),
    shows: '`"private_key": "-----BEGIN PRIVATE KEY-----`',
  },
  'Google API key': { secret: join('AI', 'za', rand(35, join(UPPER_DIGITS, 'abcdefghijklmnopqrstuvwxyz_-'))), shows: '`AIza…`' },
  'GitHub token': { secret: join('gh', 'p_', rand(36)), shows: '`ghp_…`' },
  'GitHub fine-grained token': { secret: join('github', '_pat_', rand(22), '_', rand(59)), shows: '`github_pat_…`' },
  'GitLab token': { secret: join('gl', 'pat-', rand(20)), shows: '`glpat-…`' },
  'Slack bot token': { secret: join('xo', 'xb-', rand(12, '0123456789'), '-', rand(13, '0123456789'), '-', rand(24)), shows: '`xoxb-…`' },
  'Slack user token': {
    secret: join('xo', 'xp-', rand(12, '0123456789'), '-', rand(12, '0123456789'), '-', rand(12, '0123456789'), '-', rand(32, HEX)),
    shows: '`xox…`',
  },
  'Slack webhook URL': {
    secret: join('https://hooks.slack.com/services/T', rand(8, UPPER_DIGITS), '/B', rand(8, UPPER_DIGITS), '/', rand(24)),
    shows: '`https://hooks.slack.com/services/T…`',
  },
  'Stripe secret key': { secret: join('sk', '_live_', rand(24)), shows: '`sk_live_…`' },
  'private key block (RSA)': {
    secret: join('-----BEGIN RSA PRIVATE', ' KEY-----\n', keyBody, '\n-----END RSA PRIVATE KEY-----'),
    shows: '`-----BEGIN RSA PRIVATE KEY-----`',
  },
  'private key block (OpenSSH)': {
    secret: join('-----BEGIN OPENSSH PRIVATE', ' KEY-----\n', keyBody, '\n-----END OPENSSH PRIVATE KEY-----'),
    shows: '`-----BEGIN OPENSSH PRIVATE KEY-----`',
  },
  'private key block (encrypted PEM headers)': {
    secret: join(
      '-----BEGIN RSA PRIVATE',
      ' KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,',
      rand(32, '0123456789ABCDEF'),
      '\n\n',
      keyBody,
      '\n-----END RSA PRIVATE KEY-----',
    ),
    shows: '`-----BEGIN RSA PRIVATE KEY-----`',
  },
  'JSON Web Token': { secret: join('ey', 'J', rand(30), '.ey', 'J', rand(40), '.', rand(43)), shows: '`ey…`' },
  'password in a URL': {
    secret: join('postgres://checkout:', rand(16), '@db.internal:5432/orders'),
    shows: '`postgres://checkout:…@db.internal:5432`',
  },
  'password in a URL (empty user)': {
    secret: join('redis://:', rand(16), '@cache.internal:6379'),
    shows: '`redis://:…@cache.internal:6379`',
  },
  'password in a URL query': { secret: join('jdbc:postgresql://db/orders?user=app&pass', 'word=', rand(14)), shows: '`&password=…`' },
  'npm token': { secret: join('np', 'm_', rand(36)), shows: '`npm_…`' },
  'PyPI token': { secret: join('py', 'pi-AgEIcHlwaS5vcmc', rand(150, B64URL)), shows: '`pypi-…`' },
  'SendGrid API key': { secret: join('S', 'G.', rand(22, B64URL), '.', rand(43, B64URL)), shows: '`SG.…`' },
  'Twilio API key': { secret: join('S', 'K', rand(32, HEX)), shows: '`SK…`' },
  'Twilio auth token with its account SID': { secret: join('A', 'C', rand(32, HEX), ':', rand(32, HEX)), shows: '`AC…`' },
  'Twilio auth token (labelled)': { secret: join('TWILIO_AUTH', '_TOKEN=', rand(32, HEX)), shows: '`TWILIO_AUTH_TOKEN=…`', after: '=' },
  'Azure storage account key': {
    secret: join(
      'DefaultEndpointsProtocol=https;AccountName=shopprod;Account',
      'Key=',
      rand(86, B64),
      '==;EndpointSuffix=core.windows.net',
    ),
    shows: '`AccountKey=…`',
    after: 'Key=',
  },
  'Datadog API key': { secret: join('DD_API', '_KEY=', rand(32, HEX)), shows: '`DD_API_KEY=…`', after: '=' },
  'Datadog application key header': {
    secret: join('dd-application', '-key: ', rand(40, HEX)),
    shows: '`dd-application-key: …`',
    after: ': ',
  },
  'PagerDuty integration key': { secret: join('PAGERDUTY_ROUTING', '_KEY: ', rand(32)), shows: '`PAGERDUTY_ROUTING_KEY: …`', after: ': ' },
  'Heroku API key': { secret: join('HEROKU_API', '_KEY=', uuid()), shows: '`HEROKU_API_KEY=…`', after: '=' },
  'Heroku API key (v2)': { secret: join('HRKU', '-AA', rand(58, B64URL)), shows: '`HRKU-…`' },
  'OpenAI API key': { secret: join('s', 'k-proj-', rand(120, B64URL)), shows: '`sk-proj-…`' },
  'OpenAI API key (legacy)': { secret: join('s', 'k-', rand(20), 'T3Blbk', 'FJ', rand(20)), shows: '`sk-…`' },
  'Anthropic API key': { secret: join('sk', '-ant-api03-', rand(93, B64URL), 'AA'), shows: '`sk-ant-api03…`' },
  'HashiCorp Vault token': { secret: join('hv', 's.', rand(90, B64URL)), shows: '`hvs.…`' },
  'HashiCorp Vault batch token': { secret: join('hv', 'b.', rand(130, B64URL)), shows: '`hvb.…`' },
  'HashiCorp Vault token (labelled, legacy form)': { secret: join('VAULT', '_TOKEN=s.', rand(24)), shows: '`VAULT_TOKEN=s.…`', after: '=' },
  'Authorization header (Bearer)': {
    secret: join('Authorization: Bea', 'rer ', rand(40)),
    shows: '`Authorization: Bearer …`',
    after: 'Bearer ',
  },
  'Authorization header (Basic)': {
    secret: join('Authorization: Ba', 'sic ', btoa(`deploy:${password()}`)),
    shows: '`Authorization: Basic …`',
    after: 'Basic ',
  },
  'password in a curl command': {
    secret: join('curl -sS -u deploy:', password(), ' https://api.internal/v1/orders'),
    shows: '`-u deploy:…`',
    after: 'deploy:',
  },
  'password in a curl command (--user)': {
    secret: join('curl --user deploy:', password(), ' https://api.internal/v1/orders'),
    shows: '`--user deploy:…`',
    after: 'deploy:',
  },
  'password assignment (env file)': { secret: join('DB_PASS', 'WORD=', password()), shows: '`DB_PASSWORD=…`', after: '=' },
  'password assignment (YAML)': { secret: join('pass', 'word: ', password()), shows: '`password: …`', after: ': ' },
  'password assignment (JSON)': {
    secret: join('{"user": "app", "pass', 'word": "', password(), '"}'),
    shows: '`"password": "…`',
    after: 'word": "',
  },
  'password assignment (passwd)': { secret: join('pass', 'wd=', password()), shows: '`passwd=…`', after: '=' },
  'password assignment (pwd)': { secret: join('p', 'wd=', password()), shows: '`pwd=…`', after: '=' },
  'password in a URL holding / # and @': {
    secret: join('postgres://checkout:', rand(5), '@', rand(4), '/', rand(3), '#', rand(4), '@db.internal:5432/orders'),
    shows: '`postgres://checkout:…@db.internal:5432`',
  },
};

/** Where the message must point: the credential itself (the key material, the password, the `"private_key"` field). */
function pointOffset(name: string, secret: string): number {
  const after = SHAPES[name]?.after;
  if (after !== undefined) return secret.indexOf(after) + after.length;
  if (name === 'AWS secret access key') return secret.indexOf('= ') + 2;
  if (name === 'GCP service-account key') return secret.indexOf('"private_key"');
  if (name.startsWith('password in a URL query')) return secret.indexOf('word=') + 5;
  if (name.startsWith('password in a URL')) return secret.indexOf(':', secret.indexOf('//')) + 1;
  if (name === 'Slack webhook URL') return secret.indexOf('/T') + 1;
  return 0;
}

const ruleMessages = (text: string) => checkText('postmortems/2025-06-10-leak.mdx', text).messages.filter((m) => m.rule === 'secrets/leak');

/** Line and column (1-based) of `offset` in `text`. */
function pointIn(text: string, offset: number): [number, number] {
  const before = text.slice(0, offset).split('\n');
  return [before.length, before.at(-1)!.length + 1];
}

describe("each shape's keywords, which decide whether its pattern runs at all", () => {
  // A text holding a match but none of its shape's keywords would hide that credential wherever the text holds no other keyword of its shape.
  test('every example above that a shape matches holds one of its keywords (case aside)', () => {
    const matched = new Set<number>();
    for (const [name, { secret }] of Object.entries(SHAPES)) {
      SECRET_SHAPES.forEach((shape, i) => {
        shape.pattern.lastIndex = 0;
        for (const m of secret.matchAll(shape.pattern)) {
          matched.add(i);
          expect(
            shape.keywords?.some((k) => secret.toLowerCase().includes(k)),
            `${shape.name} in ${name}: ${m[0]}`,
          ).toBe(true);
        }
      });
    }
    // Every shape of this project's own is exercised by an example (the catalogue's findings have no keywords of their own).
    expect(SECRET_SHAPES.map((s, i) => (matched.has(i) ? '' : s.name)).filter(Boolean)).toEqual([]);
  });

  test('are lower-case ASCII, as the automaton that finds them reads the text', () => {
    for (const shape of SECRET_SHAPES) {
      expect(shape.keywords?.length, shape.name).toBeGreaterThan(0);
      for (const k of shape.keywords ?? []) expect(k).toMatch(/^[\x20-\x40\x5b-\x7e]+$/);
    }
  });
});

describe('secrets/leak finds each credential shape, wherever it is written', () => {
  const places: Record<string, (secret: string) => { text: string; at: number }> = {
    prose: (s) => {
      const text = withBlock(`The deploy log printed ${s} in clear text.`);
      return { text, at: text.indexOf(s) };
    },
    'a fenced code block': (s) => {
      const text = withBlock(`\`\`\`sh\n$ env | grep -i secret\n${s}\n\`\`\``);
      return { text, at: text.indexOf(s) };
    },
    'inline code': (s) => {
      const text = withBlock(`The value was \`${s.split('\n')[0]}\` in the job output.`);
      return { text, at: text.indexOf(s.split('\n')[0]!) };
    },
    frontmatter: (s) => {
      const value = s.split('\n')[0]!;
      const text = validPostmortem(1).replace(
        'status: published',
        `status: published\nsummary: '${value.replaceAll("'", "''")} was exposed'`,
      );
      return { text, at: text.indexOf(value) };
    },
  };

  for (const [name, { secret, shows }] of Object.entries(SHAPES)) {
    // A one-line form of multi-line credentials goes into inline code and frontmatter only where that form still is one.
    const multiline = secret.includes('\n');
    for (const [place, make] of Object.entries(places)) {
      if (multiline && (place === 'inline code' || place === 'frontmatter')) continue;
      test(`${name} in ${place}`, () => {
        const { text, at } = make(secret);
        const got = ruleMessages(text);
        expect(got.map((m) => [m.line, m.column])).toEqual([pointIn(text, at + pointOffset(name, secret))]);
        const message = got[0]!.message;
        expect(message).toContain(shows);
        expect(message).toMatch(/^Unexpected .+, expected no credentials in a postmortem; rotate the credential now .+`\[REDACTED\]`/);
        // The message never repeats the secret (CI logs are read by many).
        const material = name.startsWith('private key')
          ? keyBody.slice(0, 64)
          : name === 'GCP service-account key'
            ? secret.slice(secret.indexOf('\\n') + 2, secret.indexOf('\\n') + 40)
            : name.startsWith('password in a URL') || SHAPES[name]!.after !== undefined
              ? secret.slice(pointOffset(name, secret), pointOffset(name, secret) + 12)
              : secret.slice(-12);
        expect(message).not.toContain(material);
      });
    }
  }

  test('several credentials in one file: one message each, in order; a GCP key file counts once, not once per field', () => {
    const text = withBlock(
      Object.values(SHAPES)
        .map((s) => s.secret)
        .join('\n\n'),
    );
    const found = findSecrets(text).map((f) => f.shape.name);
    expect(found).toEqual([
      'AWS access key id',
      'AWS access key id',
      'AWS secret access key',
      'GCP service-account key',
      'GCP API key',
      'GitHub token',
      'GitHub token',
      'GitLab token',
      'Slack Bot token',
      'Slack User token',
      'Slack webhook URL',
      'Stripe secret key',
      'private key block',
      'private key block',
      'private key block',
      'JSON Web Token',
      'password in a URL',
      'password in a URL',
      'password in a URL',
      'npm token',
      'PyPI token',
      'SendGrid API key',
      'Twilio API key',
      'Twilio auth token',
      'Twilio auth token',
      'Azure storage account key',
      'Datadog key',
      'Datadog key',
      'PagerDuty integration key',
      'Heroku API key',
      'Heroku API key',
      'OpenAI API key',
      'OpenAI API key',
      'Anthropic API Key',
      'HashiCorp Vault token',
      'HashiCorp Vault token',
      'HashiCorp Vault token',
      'Authorization header',
      'Authorization header',
      'password in a curl command',
      'password in a curl command',
      'password assignment',
      'password assignment',
      'password assignment',
      'password assignment',
      'password assignment',
      'password in a URL',
    ]);
  });

  test('through the CLI: exit 1, the place, and no secret in the output', async () => {
    const secret = SHAPES['GitHub token']!.secret;
    const root = await makeRepository({ 'postmortems/2025-06-10-leak.mdx': withBlock(`Token: ${secret}`) });
    const run = await check(root, ['--format', 'json', '--today', TODAY]);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(run.code).toBe(1);
    expect(report.messages.map((m) => [m.rule, m.line, m.column, m.severity])).toEqual([['secrets/leak', BLOCK_LINE, 8, 'error']]);
    expect(run.stdout).not.toContain(secret.slice(4));
  });
});

describe("secrets/leak leaves GitHub and GitLab tokens, Slack webhook URLs and Twilio API keys to gitleaks' rules, under this project's names", () => {
  const LEFT_TO_GITLEAKS: Record<string, { name: string; secret: string; shows: string; at?: number }> = {
    'github-pat': { name: 'GitHub token', secret: SHAPES['GitHub token']!.secret, shows: '`ghp_…`' },
    'github-oauth': { name: 'GitHub token', secret: join('gh', 'o_', rand(36)), shows: '`gho_…`' },
    'github-app-token': { name: 'GitHub token', secret: join('gh', 's_', rand(36)), shows: '`ghs_…`' },
    'github-refresh-token': { name: 'GitHub token', secret: join('gh', 'r_', rand(36)), shows: '`ghr_…`' },
    'github-fine-grained-pat': { name: 'GitHub token', secret: SHAPES['GitHub fine-grained token']!.secret, shows: '`github_pat_…`' },
    'gitlab-pat': { name: 'GitLab token', secret: SHAPES['GitLab token']!.secret, shows: '`glpat-…`' },
    'gitlab-runner-authentication-token': { name: 'GitLab token', secret: join('gl', 'rt-', rand(20)), shows: '`glrt-…`' },
    'gitlab-deploy-token': { name: 'GitLab token', secret: join('gl', 'dt-', rand(20)), shows: '`gldt-…`' },
    'gitlab-ptt': { name: 'GitLab token', secret: join('gl', 'ptt-', rand(40, HEX)), shows: '`glptt-…`' },
    'slack-webhook-url': {
      name: 'Slack webhook URL',
      secret: SHAPES['Slack webhook URL']!.secret,
      shows: '`https://hooks.slack.com/services/T…`',
      at: SHAPES['Slack webhook URL']!.secret.indexOf('/T') + 1,
    },
    'twilio-api-key': { name: 'Twilio API key', secret: SHAPES['Twilio API key']!.secret, shows: '`SK…`' },
  };
  // Where gitleaks' patterns that want a space, a quote or `;` after the token would miss it: these have no such end.
  const places: Record<string, (s: string) => string> = {
    'the end of a sentence': (s) => `The deploy log printed ${s}.`,
    parentheses: (s) => `The token (${s}) was in the log.`,
    'a list with a comma': (s) => `It printed ${s}, then exited.`,
    'a URL query': (s) => `https://ci.internal/hook?token=${s}&retry=1`,
    'a JSON string': (s) => `\`{"token":"${s}"}\``,
    'a table cell': (s) => `| token | ${s} |\n|---|---|`,
    'an HTML element': (s) => `<code>${s}</code>`,
  };
  for (const [ruleId, { name, secret, shows, at = 0 }] of Object.entries(LEFT_TO_GITLEAKS)) {
    for (const [place, make] of Object.entries(places)) {
      test(`${ruleId} in ${place}: one message, as a ${name}, at the secret, without the gitleaks rule id`, () => {
        const text = withBlock(make(secret));
        const found = findSecrets(text);
        expect(found.map((f) => [f.shape.name, f.shape.ruleId, f.at])).toEqual([[name, ruleId, text.indexOf(secret) + at]]);
        const got = ruleMessages(text);
        expect(got).toHaveLength(1);
        expect(got[0]!.message).toContain(`Unexpected ${name} ${shows},`);
        expect(got[0]!.message).not.toContain('gitleaks rule');
        expect(got[0]!.message).not.toContain(secret.slice(-12));
      });
    }
  }
});

/** Named references for the punctuation credentials hold; `-` has none, so it falls back to a decimal one. */
const NAMED: Record<string, string> = {
  _: '&lowbar;',
  '.': '&period;',
  ':': '&colon;',
  '/': '&sol;',
  '@': '&commat;',
  '#': '&num;',
  '=': '&equals;',
  ' ': '&#32;',
};
const ENCODINGS: Record<string, (c: string) => string> = {
  'Markdown backslash escapes': (c) => `\\${c}`,
  'decimal character references': (c) => `&#${c.codePointAt(0)};`,
  'hex character references': (c) => `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};`,
  'named character references': (c) => NAMED[c] ?? `&#${c.codePointAt(0)};`,
};

/** `secret` with every ASCII punctuation character encoded; `at[i]` is where plain character `i` starts in the result. */
function encode(secret: string, how: (c: string) => string): { text: string; at: number[] } {
  let text = '';
  const at: number[] = [];
  for (const c of secret) {
    at.push(text.length);
    // Only ASCII punctuation: the only characters a backslash escapes (a space stays as it is, so prose still reads).
    text += /[!-/:-@[-`{-~]/.test(c) ? how(c) : c;
  }
  at.push(text.length);
  return { text, at };
}

describe('secrets/leak reads escaped and entity-encoded credentials as the page shows them, and points at the text as written', () => {
  const ESCAPED_SHAPES = [
    'GitHub token',
    'Stripe secret key',
    'AWS secret access key',
    'npm token',
    'SendGrid API key',
    'OpenAI API key',
    'HashiCorp Vault token',
    'Authorization header (Bearer)',
    'password assignment (env file)',
    'password in a URL',
    'password in a URL holding / # and @',
  ];
  const places: Record<string, (encoded: string) => string> = {
    prose: (e) => withBlock(`The deploy log printed ${e} in clear text.`),
    'inline code': (e) => withBlock(`The value was \`${e}\` in the job output.`),
    'a fenced code block': (e) => withBlock(`\`\`\`sh\n$ env | grep -i secret\n${e}\n\`\`\``),
    frontmatter: (e) => validPostmortem(1).replace('status: published', `status: published\nsummary: '${e} was exposed'`),
  };
  for (const name of ESCAPED_SHAPES) {
    const { secret, shows } = SHAPES[name]!;
    for (const [encoding, how] of Object.entries(ENCODINGS)) {
      for (const [place, make] of Object.entries(places)) {
        test(`${name}, written with ${encoding}, in ${place}`, () => {
          const encoded = encode(secret, how);
          expect(encoded.text).not.toBe(secret);
          const text = make(encoded.text);
          const got = ruleMessages(text);
          expect(got.map((m) => [m.line, m.column])).toEqual([
            pointIn(text, text.indexOf(encoded.text) + encoded.at[pointOffset(name, secret)]!),
          ]);
          expect(got[0]!.message).toContain(shows);
          expect(got[0]!.message).toMatch(
            /^Unexpected .+, expected no credentials in a postmortem; rotate the credential now .+`\[REDACTED\]`/,
          );
          expect(got[0]!.message).not.toContain(secret.slice(-12));
        });
      }
    }
  }

  test('the escaped attacks from the report: `ghp\\_…`, `sk\\_live\\_…`, `&#95;`, `&lowbar;`, `&#x5F;`, each once at its place', () => {
    const token = SHAPES['GitHub token']!.secret.slice(4);
    const stripe = SHAPES['Stripe secret key']!.secret.slice(8);
    const lines = [`gh${'p'}\\_${token}`, `s${'k'}\\_live\\_${stripe}`, `gh${'p'}&#95;${token}`, `s${'k'}&lowbar;live&#x5F;${stripe}`];
    const text = withBlock(lines.join('\n\n'));
    expect(findSecrets(text).map((f) => [f.shape.name, f.at])).toEqual([
      ['GitHub token', text.indexOf(lines[0]!)],
      ['Stripe secret key', text.indexOf(lines[1]!)],
      ['GitHub token', text.indexOf(lines[2]!)],
      ['Stripe secret key', text.indexOf(lines[3]!)],
    ]);
  });

  test('a credential found both as written and as rendered is reported once, at its place', () => {
    const secret = SHAPES['GitHub token']!.secret;
    // The escapes before it make the rendered text differ (and shift its offsets); the token itself matches in both views.
    const text = withBlock(`Escaped \\*stars\\* and &amp; before ${secret} and \\_ after.`);
    expect(ruleMessages(text).map((m) => [m.line, m.column])).toEqual([pointIn(text, text.indexOf(secret))]);
  });

  test('the same credential written plainly and escaped: one message for each place, in order', () => {
    const secret = SHAPES['npm token']!.secret;
    const escaped = secret.replace('_', '\\_');
    const text = withBlock(`${escaped} then ${secret}`);
    expect(ruleMessages(text).map((m) => [m.line, m.column])).toEqual([
      pointIn(text, text.indexOf(escaped)),
      pointIn(text, text.indexOf(secret, text.indexOf(escaped) + 2)),
    ]);
  });

  test('renderedText resolves escapes and references the way CommonMark does, and maps each character back', () => {
    expect(renderedText('plain text, R&D, C:\\path and a \\q')).toBeUndefined();
    expect(renderedText('&amp without a semicolon and &bogus; stay')).toBeUndefined();
    const view = renderedText('a\\_b&lowbar;c&#95;d&#x5F;e\u200bf')!;
    expect(view.text).toBe('a_b_c_d_ef');
    expect([...view.offsets]).toEqual([0, 1, 3, 4, 12, 13, 18, 19, 25, 27, 28]);
    // The escape is read first: `\&#95;` is the text `&#95;`; a reference that decodes to `\` escapes nothing.
    expect(renderedText('\\&#95; and &#92;_')!.text).toBe('&#95; and \\_');
    expect(renderedText('&#0;&#x110000;')!.text).toBe('\uFFFD\uFFFD');
    expect(renderedText('&#x1F511;!')!.text).toBe('\u{1F511}!');
  });
});

describe('look-alikes that must not fire', () => {
  const LOOK_ALIKES: Record<string, string> = {
    'the AWS documentation example key id': 'AKIAIOSFODNN7EXAMPLE',
    'the AWS documentation example secret key': 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    'a masked password in a URL': 'postgres://app:****@db',
    'a password variable in a URL, in a code block': '```sh\ncurl https://user:${PASSWORD}@host/api\n```',
    'a password variable in a URL': 'psql postgres://app:$DB_PASSWORD@db/orders',
    'a placeholder password in a URL': 'mysql://root:<password>@localhost:3306/app',
    'a spelled-out placeholder password': 'postgres://app:password@db and amqp://guest:changeme@mq',
    'a redacted password': 'postgres://app:[REDACTED]@db and postgres://app:REDACTED@db',
    'a template slot': 'redis://:{{ redis_password }}@cache and redis://:%REDIS_PASSWORD%@cache',
    'a password query placeholder': 'jdbc:postgresql://db/app?user=app&password=${DB_PASSWORD}',
    'a user without a password': 'https://deploy@git.example.com/repo.git and ssh://git@github.com:org/repo.git',
    'a port, not a password': 'https://db.internal:5432/orders',
    'git commit SHAs': 'Reverted 3f786850e387550fdab836ed7e6dc881de23001b and 9fceb02d0ae598e95dc970b74767f19372d61af8.',
    UUIDs: 'Request 123e4567-e89b-12d3-a456-426614174000 failed; trace 550e8400-e29b-41d4-a716-446655440000.',
    'a base64 image':
      '![pixel](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==)',
    'base64 in a code block': '```\nQUtJQUlPU0ZPRE5ON0VYQU1QTEUgaXMgdGhlIGRvY3MgZXhhbXBsZSBrZXkgYW5kIHRoaXMgaXMgYmFzZTY0IG9mIGl0Cg==\n```',
    '`ghp_` in prose without a token': 'Tokens starting with `ghp_` are classic personal access tokens.',
    'a GitHub token placeholder': 'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'a short `eyJ` string': 'The header starts with `eyJhbGciOi` in base64.',
    'a JWT-like string without a signature': 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0',
    'a Slack token placeholder': 'SLACK_TOKEN=xoxb-your-token-here',
    'a private key header mentioned in prose': 'The file began with `-----BEGIN RSA PRIVATE KEY-----`, so the scanner flagged it.',
    'a private key block with its body removed': '```\n-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----\n```',
    'a redacted GCP key file': '```json\n{"type": "service_account", "private_key_id": "[REDACTED]", "private_key": "[REDACTED]"}\n```',
    'an AWS key id made of one letter': 'AKIAAAAAAAAAAAAAAAAA',
    'a public key': '```\n-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----\n```',
    'a certificate': '```\n-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa\n-----END CERTIFICATE-----\n```',
    'prose about keys and tokens': 'The access key was rotated, the token revoked, and the secret moved to the vault.',
    // Escaped and entity-encoded placeholders are still placeholders.
    'an escaped GitHub token placeholder': 'GITHUB\\_TOKEN=ghp\\_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'an entity-encoded masked URL password': 'postgres://app:&#42;&#42;&#42;&#42;@db and postgres://app:&lowbar;&lowbar;&lowbar;@db',
    'an entity-encoded password variable': '`PASSWORD=&#36;{DB_PASSWORD}` and PASSWORD=\\$DB_PASSWORD',
    'escapes and references in ordinary prose': 'Use `\\_` for an underscore and &amp; for an ampersand; &copy; 2025, &#8212; the team.',
    // npm
    '`npm_` in prose without a token': 'npm tokens start with `npm_` and are 36 characters after it.',
    'an npm token placeholder': 'NPM_TOKEN=npm_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'an .npmrc line reading a variable': '```ini\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n```',
    // PyPI
    'a truncated PyPI token in the docs': 'Upload with a token such as `pypi-AgEIcHlwaS5vcmc...`.',
    'a PyPI token placeholder': 'TWINE_PASSWORD=pypi-XXXXXXXXXXXX',
    // SendGrid
    'a SendGrid key placeholder': 'SENDGRID_API_KEY=SG.XXXXXXXXXXXXXXXXXXXXXX.XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
    'a short `SG.` string': 'The SG.cache-2 security group was open.',
    // Twilio
    'a Twilio account SID alone': 'The account AC' + 'b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6 hit its rate limit.',
    'a Twilio key placeholder': 'TWILIO_API_KEY=SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'a Twilio auth token variable': 'client = Client(account_sid, "${TWILIO_AUTH_TOKEN}")',
    // Azure
    'the Azure Storage emulator key':
      'UseDevelopmentStorage: AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
    'an Azure account key placeholder':
      '`DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=<key>;EndpointSuffix=core.windows.net`',
    // Datadog
    'a Datadog key variable': 'DD_API_KEY=${DD_API_KEY} and `dd-api-key: <DATADOG_API_KEY>`',
    'an MD5 hash without a label': 'The artefact digest was 5f4dcc3b5aa765d61d8327deb882cf99.',
    'a Datadog key of zeros': 'DD_API_KEY=00000000000000000000000000000000',
    // PagerDuty
    'a PagerDuty routing key variable': '`routing_key: ${PD_ROUTING_KEY}`',
    'a message-queue routing key': 'The consumer bound routing_key: orders.created.v2 to the queue.',
    'a PagerDuty key placeholder': 'PAGERDUTY_INTEGRATION_KEY=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    // Heroku
    'a Heroku API key from the CLI': '`HEROKU_API_KEY=$(heroku auth:token)`',
    'a Heroku API key of zeros': 'HEROKU_API_KEY=00000000-0000-0000-0000-000000000000',
    // OpenAI, Anthropic
    'an OpenAI key placeholder': 'OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    'a truncated OpenAI key in the docs': 'Project keys look like `sk-proj-...`.',
    'a kebab-case name starting with `sk-`': 'The sk-learn-compatible-preprocessing-pipeline-step job failed.',
    'an Anthropic key placeholder': 'ANTHROPIC_API_KEY=sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
    // Vault
    '`hvs.` in prose': 'Service tokens start with `hvs.` and batch tokens with `hvb.`.',
    'a Vault token placeholder': 'VAULT_TOKEN=hvs.XXXXXXXXXXXXXXXXXXXXXXXXXXXX and VAULT_TOKEN=s.<token>',
    // Authorization headers
    'prose about bearer tokens': 'Bearer tokens expire after an hour; Basic authentication was turned off.',
    'an Authorization header placeholder':
      '```sh\ncurl -H "Authorization: Bearer <token>" -H \'Authorization: Bearer $TOKEN\' https://api\n```',
    'an Authorization header variable': 'Authorization: Bearer ${API_TOKEN} and Authorization: Bearer YOUR_API_TOKEN',
    'a redacted Authorization header': 'Authorization: Bearer REDACTED and Authorization: Bearer [REDACTED]',
    'Basic authentication with a placeholder password': 'Authorization: Basic dXNlcjpwYXNzd29yZA== (user:password)',
    'the RFC 7617 Basic example': 'Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
    // curl
    'curl with variables': '```sh\ncurl -u $USER:$TOKEN https://api.internal/v1\ncurl -u "${USER}:${PASS}" https://api.internal/v1\n```',
    'curl with a placeholder password': '`curl -u admin:<password> https://api` and `curl --user deploy:REDACTED https://api`',
    'curl asking for the password': '`curl -u admin https://api.internal/v1`',
    'a user id, not a curl password': '```sh\ndocker run -u 1000:1000 app\n```',
    // password assignments
    'the password in a sentence': 'After the leak, the password: rotate it and tell the team.',
    'a masked password assignment': 'PASSWORD=**** and `password: ********`',
    'a password variable assignment': '```sh\nexport PGPASSWORD=${DB_PASSWORD}\nPASSWORD=$(cat /run/secrets/db)\n```',
    'a placeholder password assignment':
      '`password: <password>`, `password: REDACTED`, `password: changeme`, `DB_PASSWORD=your-password-here`',
    'a template password assignment': '```yaml\npassword: "{{ vault_db_password }}"\nadmin_password: !vault |\n```',
    'a password read from code':
      '```js\nconst db = connect({ password: process.env.DB_PASSWORD, user });\nconst pw = { password: hashedPassword };\n```',
    'an empty JSON password': '```json\n{"user": "app", "password": ""}\n```',
    'the working directory': '```\nPWD=/home/runner/work/shop\nOLDPWD=/home/runner\n```',
    'a password option without a value': '`docker login --password-stdin` and `password_hash: bcrypt`',
    // URL passwords with `@` in the path
    'a port and an `@` in the path': 'See https://maps.example.com:443/@51.5,-0.1,15z for the region.',
    'a token variable before a scoped package path': '`https://_:${NPM_TOKEN}@registry.npmjs.org/@shop%2fcheckout`',
  };

  test.each(Object.keys(LOOK_ALIKES))('%s', (name) => {
    expect(ruleMessages(withBlock(LOOK_ALIKES[name]!))).toEqual([]);
  });
});
