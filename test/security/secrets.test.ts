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
import { findSecrets } from '../../src/core/rules/secrets-leak.ts';
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
const join = (...parts: string[]) => parts.join('');

const keyBody = Array.from({ length: 6 }, () => rand(64, B64)).join('\n');

/** Shape name (as the message says it) → a credential of that shape, and the text the message may show. */
const SHAPES: Record<string, { secret: string; shows: string }> = {
  'AWS access key id': { secret: join('AK', 'IA', rand(16, UPPER_B32)), shows: '`AKIA…`' },
  'AWS temporary access key id': { secret: join('AS', 'IA', rand(16, UPPER_B32)), shows: '`ASIA…`' },
  'AWS secret access key': { secret: join('aws_secret', '_access_key = ', rand(40, B64)), shows: '`aws_secret_access_key = …`' },
  'GCP service-account key': {
    secret: join('{"type": "service', '_account", "project_id": "shop-prod", "private_key_id": "', rand(40, HEX), '", "private_key": "-----BEGIN PRIVATE', ' KEY-----\\n', rand(64, B64), '\\n', rand(64, B64), '\\n-----END PRIVATE KEY-----\\n", "client_email": "ci@shop-prod.iam.gserviceaccount.com"}'),
    shows: '`"private_key": "-----BEGIN PRIVATE KEY-----`',
  },
  'Google API key': { secret: join('AI', 'za', rand(35, join(UPPER_DIGITS, 'abcdefghijklmnopqrstuvwxyz_-'))), shows: '`AIza…`' },
  'GitHub token': { secret: join('gh', 'p_', rand(36)), shows: '`ghp_…`' },
  'GitHub fine-grained token': { secret: join('github', '_pat_', rand(22), '_', rand(59)), shows: '`github_pat_…`' },
  'GitLab token': { secret: join('gl', 'pat-', rand(20)), shows: '`glpat-…`' },
  'Slack bot token': { secret: join('xo', 'xb-', rand(12, '0123456789'), '-', rand(13, '0123456789'), '-', rand(24)), shows: '`xoxb-…`' },
  'Slack user token': { secret: join('xo', 'xp-', rand(12, '0123456789'), '-', rand(12, '0123456789'), '-', rand(12, '0123456789'), '-', rand(32, HEX)), shows: '`xoxp-…`' },
  'Slack webhook URL': { secret: join('https://hooks.slack.com/services/T', rand(8, UPPER_DIGITS), '/B', rand(8, UPPER_DIGITS), '/', rand(24)), shows: '`https://hooks.slack.com/services/T…`' },
  'Stripe secret key': { secret: join('sk', '_live_', rand(24)), shows: '`sk_live_…`' },
  'private key block (RSA)': { secret: join('-----BEGIN RSA PRIVATE', ' KEY-----\n', keyBody, '\n-----END RSA PRIVATE KEY-----'), shows: '`-----BEGIN RSA PRIVATE KEY-----`' },
  'private key block (OpenSSH)': { secret: join('-----BEGIN OPENSSH PRIVATE', ' KEY-----\n', keyBody, '\n-----END OPENSSH PRIVATE KEY-----'), shows: '`-----BEGIN OPENSSH PRIVATE KEY-----`' },
  'private key block (encrypted PEM headers)': {
    secret: join('-----BEGIN RSA PRIVATE', ' KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,', rand(32, '0123456789ABCDEF'), '\n\n', keyBody, '\n-----END RSA PRIVATE KEY-----'),
    shows: '`-----BEGIN RSA PRIVATE KEY-----`',
  },
  'JSON Web Token': { secret: join('ey', 'J', rand(30), '.ey', 'J', rand(40), '.', rand(43)), shows: '`eyJ…`' },
  'password in a URL': { secret: join('postgres://checkout:', rand(16), '@db.internal:5432/orders'), shows: '`postgres://checkout:…@db.internal:5432`' },
  'password in a URL (empty user)': { secret: join('redis://:', rand(16), '@cache.internal:6379'), shows: '`redis://:…@cache.internal:6379`' },
  'password in a URL query': { secret: join('jdbc:postgresql://db/orders?user=app&pass', 'word=', rand(14)), shows: '`&password=…`' },
};

/** Where the message must point: the credential itself (the key material, the password, the `"private_key"` field). */
function pointOffset(name: string, secret: string): number {
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
      const text = validPostmortem(1).replace('status: published', `status: published\nsummary: '${value.replaceAll("'", "''")} was exposed'`);
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
            : name.startsWith('password in a URL')
              ? secret.slice(pointOffset(name, secret), pointOffset(name, secret) + 12)
              : secret.slice(-12);
        expect(message).not.toContain(material);
      });
    }
  }

  test('several credentials in one file: one message each, in order; a GCP key file counts once, not once per field', () => {
    const text = withBlock(Object.values(SHAPES).map((s) => s.secret).join('\n\n'));
    const found = findSecrets(text).map((f) => f.shape.name);
    expect(found).toEqual([
      'AWS access key id',
      'AWS access key id',
      'AWS secret access key',
      'GCP service-account key',
      'Google API key',
      'GitHub token',
      'GitHub token',
      'GitLab token',
      'Slack token',
      'Slack token',
      'Slack webhook URL',
      'Stripe secret key',
      'private key block',
      'private key block',
      'private key block',
      'JSON Web Token',
      'password in a URL',
      'password in a URL',
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
    'a base64 image': '![pixel](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==)',
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
  };

  test.each(Object.keys(LOOK_ALIKES))('%s', (name) => {
    expect(ruleMessages(withBlock(LOOK_ALIKES[name]!))).toEqual([]);
  });
});
