/**
 * Regular expressions outside the rules, on the long hostile inputs that made
 * them quadratic (each took seconds to minutes on 100 kB before it was made
 * linear): the summary and plain-text helpers the site applies to every
 * postmortem body (the summary paragraph found in the parsed sections), word splitting for similar incidents, slugs. The rules'
 * own expressions are covered by the worst cases in `property.test.ts`; the
 * `secrets/leak` shapes are also run here directly (`findSecrets`), on the runs
 * each label or prefix could make a backtracking pattern rescan, and on the
 * escapes and references its rendered view resolves.
 */
import { describe, expect, test } from 'vitest';
import { findSecrets, renderedText } from '../../packages/astro-postmortems/src/core/rules/secrets-leak.ts';
import { resolveConfig } from '../../packages/astro-postmortems/src/core/config.ts';
import { sectionsOf } from '../../packages/astro-postmortems/src/core/lint.ts';
import { parsePostmortem } from '../../packages/astro-postmortems/src/core/parse.ts';
import { plainText, summaryFromSections } from '../../packages/astro-postmortems/src/core/utils/incident.ts';
import { tokenize } from '../../packages/astro-postmortems/src/integration/similarity.ts';
import { slugify } from '../../packages/astro-postmortems/src/core/utils/text.ts';
import { displayText } from '../../packages/astro-postmortems/src/core/terminal-text.ts';
import { HANG_GUARD_MS, timed } from './mutations.ts';

const N = 200_000;

const config = resolveConfig({});
/** The summary the site shows when `summary` is not written: from the parsed sections, as the renderer derives it. */
const summaryFromBody = (body: string) => {
  const file = parsePostmortem('postmortems/2025-01-01-x.mdx', body);
  return summaryFromSections(file, sectionsOf(file), config);
};

const CASES: Record<string, () => unknown> = {
  'summary heading followed by spaces and a word': () => summaryFromBody(`## Executive Summary${' '.repeat(N)}x\n\nText.`),
  'plain text of `[` repeated': () => plainText('['.repeat(N)),
  'plain text of `![` repeated': () => plainText('!['.repeat(N / 2)),
  'plain text of `[a](` repeated': () => plainText('[a]('.repeat(N / 4)),
  'plain text of `<a` repeated': () => plainText('<a'.repeat(N / 2)),
  'words joined by a long run of hyphens': () => tokenize(`a${'-'.repeat(N)}b c${'_'.repeat(N)}`),
  'slug of a long run of punctuation': () => slugify(`a${'-!'.repeat(N / 2)}b`),
  // U+FEFF is both white space and default-ignorable: each one could be read two ways (40 took hours).
  'a shown value starting with U+FEFF and soft hyphens': () => displayText(`${'\ufeff\u00ad'.repeat(40)}x`),
};

/** `text` repeated to about `N` characters. */
const fill = (text: string) => text.repeat(Math.ceil(N / text.length));

const SECRET_CASES: Record<string, () => unknown> = {
  'npm prefix repeated': () => findSecrets(fill('npm_')),
  'PyPI prefix repeated': () => findSecrets(fill('pypi-AgEIcHlwaS5vcmc-')),
  'SendGrid prefix repeated': () => findSecrets(fill('SG.a')),
  'Twilio SIDs without tokens': () => findSecrets(fill(`AC${'a1'.repeat(16)}:`)),
  'Azure key label repeated': () => findSecrets(fill('AccountKey=')),
  'Azure key of one long base64 run and too much padding': () => findSecrets(`AccountKey=${'A1'.repeat(N / 2)}===`),
  'Datadog label repeated': () => findSecrets(fill('dd_api_key= ')),
  'PagerDuty label repeated': () => findSecrets(fill('pd_routing_key: ')),
  'Heroku label repeated': () => findSecrets(fill('heroku_api_key=')),
  'Heroku v2 prefix repeated': () => findSecrets(fill('HRKU-AA')),
  'OpenAI prefix repeated': () => findSecrets(fill('sk-proj-')),
  'OpenAI prefix, then one long kebab-case run': () => findSecrets(`sk-${'ab-'.repeat(N / 3)}`),
  'Anthropic prefix repeated': () => findSecrets(fill('sk-ant-api03-')),
  'Vault prefix repeated': () => findSecrets(fill('hvs.')),
  'Vault label repeated': () => findSecrets(fill('vault_token=s.')),
  'Authorization label repeated': () => findSecrets(fill('Authorization: Bearer ')),
  'Authorization header, then a long run with `=` inside': () => findSecrets(`Authorization: Basic ${'a='.repeat(N / 2)}`),
  'curl `-u` repeated': () => findSecrets(fill('-u ')),
  'curl `-ua:` repeated': () => findSecrets(fill('-ua:')),
  'curl `--user` repeated': () => findSecrets(fill('--user ')),
  'curl command continued over many lines': () => findSecrets(`${fill('curl \\\n')}-u deploy:Zx9k2mQ1`),
  'password label repeated': () => findSecrets(fill('password')),
  'password label with separators repeated': () => findSecrets(fill('PASSWORD= ')),
  'dotted and underscored label run': () => findSecrets(fill('a_b.c-')),
  'quoted password labels repeated': () => findSecrets(fill('"password"')),
  'URL schemes with users repeated': () => findSecrets(fill('a://b:')),
  'URL password of `@` only': () => findSecrets(`http://a:${'@'.repeat(N)}`),
  'URL password with `@` and `/` repeated': () => findSecrets(`http://a:b${fill('@b/')} `),
  'rendered view of references repeated': () => findSecrets(fill('&#95;')),
  'rendered view of escapes repeated': () => findSecrets(fill('\\_')),
  'rendered view of unterminated references': () => renderedText(fill('&aaaaaaaaaa')),
  'rendered view of a run of `&`': () => renderedText(fill('&')),
  'rendered view of a run of backslashes': () => renderedText(fill('\\')),
  'rendered view of invisible characters': () => findSecrets(fill('\u200b')),
  // Each CRLF line after a key header could be split two ways: 30 such lines took two minutes.
  'private key header, then CRLF lines of `r::`': () => findSecrets(`-----BEGIN RSA PRIVATE KEY-----r:${'\r\nr::'.repeat(80)}`),
};

describe('secrets/leak shapes stay linear on hostile text', () => {
  test.each(Object.keys(SECRET_CASES))('%s', (name) => {
    const { cpuMs } = timed(SECRET_CASES[name]!);
    expect(cpuMs).toBeLessThan(HANG_GUARD_MS);
  });
});

describe('helper regular expressions stay linear on hostile text', () => {
  test.each(Object.keys(CASES))('%s', (name) => {
    const { cpuMs } = timed(CASES[name]!);
    // A hang guard: linear takes milliseconds here, the old quadratic forms took minutes.
    expect(cpuMs).toBeLessThan(HANG_GUARD_MS);
  });

  test('the linear forms mean the same on ordinary text', () => {
    expect(summaryFromBody('## Executive Summary ##\n\nThe **cache** [rule](https://x.example) failed.\n\n## Next')).toBe(
      'The cache rule failed.',
    );
    expect(summaryFromBody('## executive   summary\nFirst line\nsecond line.\n')).toBe('First line second line.');
    expect(plainText('See ![chart](a.png) and [the ticket](https://t.example/1), <abbr title="x">SLO</abbr>.')).toBe(
      'See chart and the ticket, SLO.',
    );
    expect(tokenize('--cache-stampede__ after_key change')).toEqual(expect.arrayContaining(['cache-stampede', 'after_key']));
  });
});
