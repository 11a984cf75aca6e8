/**
 * The writing page fetches gitleaks' catalogue only where `catalogueMayMatch` (core/secrets/prefilter.ts) says a rule
 * can match, so it must never say no where the catalogue finds something: proven here on the same texts `check` reads
 * (every true and false positive of gitleaks' own rules, alone, in a code block and in a sentence of a valid
 * postmortem, and every postmortem and imported document of the test suite), and on the two facts it rests on, read
 * off the catalogue itself: every semi-generic rule needs an assignment and a value of ten or more characters after
 * its keyword, and each rule given a shape has the pattern the shape was read from.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renderedText } from '../../packages/astro-postmortems/src/core/rules/secrets-leak.ts';
import { findSecrets } from '../../packages/astro-postmortems/src/core/secrets/find-secrets.ts';
import { GITLEAKS_KEYWORDS, GITLEAKS_PREFILTER } from '../../packages/astro-postmortems/src/core/secrets/gitleaks/keywords.ts';
import { GITLEAKS } from '../../packages/astro-postmortems/src/core/secrets/gitleaks/rules.ts';
import { semiGeneric } from '../../packages/astro-postmortems/src/core/secrets/keyword-automaton.ts';
import { catalogueMayMatch, prefilterIndex, SHAPES } from '../../packages/astro-postmortems/src/core/secrets/prefilter.ts';
import { withBlock } from './postmortem.ts';

const samples = JSON.parse(readFileSync(new URL('../fixtures/gitleaks/samples.json', import.meta.url), 'utf8')) as {
  rules: Record<string, { tps: string[]; fps: string[] }>;
};
const rules = GITLEAKS.rules.filter((r) => !r.path);

/** The patterns the shapes were read from (gitleaks at the vendored commit). */
const READ_FROM: Record<string, string> = {
  jwt: '\\b(ey[a-zA-Z0-9]{17,}\\.ey[a-zA-Z0-9\\/\\\\_-]{17,}\\.(?:[a-zA-Z0-9\\/\\\\_-]{10,}={0,2})?)(?:[\\x60\'"\\s;]|\\\\[nr]|$)',
  'twilio-api-key': 'SK[0-9a-fA-F]{32}',
  'vault-service-token': '\\b((?:hvs\\.[\\w-]{90,120}|s\\.(?i:[a-z0-9]{24})))(?:[\\x60\'"\\s;]|\\\\[nr]|$)',
  'aws-access-token': '\\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\\b',
  'octopus-deploy-api-key': '\\b(API-[A-Z0-9]{26})(?:[\\x60\'"\\s;]|\\\\[nr]|$)',
  'intra42-client-secret': '\\b(s-s4t2(?:ud|af)-(?i)[abcdef0123456789]{64})(?:[\\x60\'"\\s;]|\\\\[nr]|$)',
  'facebook-access-token': '(?i)\\b(\\d{15,16}(\\||%)[0-9a-z\\-_]{27,40})(?:[\\x60\'"\\s;]|\\\\[nr]|$)',
  'cloudflare-origin-ca-key': '\\b(v1\\.0-[a-f0-9]{24}-[a-f0-9]{146})(?:[\\x60\'"\\s;]|\\\\[nr]|$)',
  'airtable-personnal-access-token': '\\b(pat[[:alnum:]]{14}\\.[a-f0-9]{64})\\b',
  'curl-auth-header':
    '\\bcurl\\b(?:.*?|.*?(?:[\\r\\n]{1,2}.*?){1,5})[ \\t\\n\\r](?:-H|--header)(?:=|[ \\t]{0,5})(?:"(?i)(?:Authorization:[ \\t]{0,5}(?:Basic[ \\t]([a-z0-9+/]{8,}={0,3})|(?:Bearer|(?:Api-)?Token)[ \\t]([\\w=~@.+/-]{8,})|([\\w=~@.+/-]{8,}))|(?:(?:X-(?:[a-z]+-)?)?(?:Api-?)?(?:Key|Token)):[ \\t]{0,5}([\\w=~@.+/-]{8,}))"|\'(?i)(?:Authorization:[ \\t]{0,5}(?:Basic[ \\t]([a-z0-9+/]{8,}={0,3})|(?:Bearer|(?:Api-)?Token)[ \\t]([\\w=~@.+/-]{8,})|([\\w=~@.+/-]{8,}))|(?:(?:X-(?:[a-z]+-)?)?(?:Api-?)?(?:Key|Token)):[ \\t]{0,5}([\\w=~@.+/-]{8,}))\')(?:\\B|\\s|\\z)',
  'curl-auth-user':
    '\\bcurl\\b(?:.*|.*(?:[\\r\\n]{1,2}.*){1,5})[ \\t\\n\\r](?:-u|--user)(?:=|[ \\t]{0,5})("(:[^"]{3,}|[^:"]{3,}:|[^:"]{3,}:[^"]{3,})"|\'([^:\']{3,}:[^\']{3,})\'|((?:"[^"]{3,}"|\'[^\']{3,}\'|[\\w$@.-]+):(?:"[^"]{3,}"|\'[^\']{3,}\'|[\\w${}@.-]+)))(?:\\s|\\z)',
  'sourcegraph-access-token':
    '(?i)\\b(\\b(sgp_(?:[a-fA-F0-9]{16}|local)_[a-fA-F0-9]{40}|sgp_[a-fA-F0-9]{40}|[a-fA-F0-9]{40})\\b)(?:[\\x60\'"\\s;]|\\\\[nr]|$)',
  'atlassian-api-token':
    '(?i)[\\w.-]{0,50}?(?:(?-i:ATLASSIAN|[Aa]tlassian)|(?-i:CONFLUENCE|[Cc]onfluence)|(?-i:JIRA|[Jj]ira))(?:[ \\t\\w.-]{0,20})[\\s\'"]{0,3}(?:=|>|:{1,3}=|\\|\\||:|=>|\\?=|,)[\\x60\'"\\s=]{0,5}([a-z0-9]{20}[a-f0-9]{4})(?:[\\x60\'"\\s;]|\\\\[nr]|$)|\\b(ATATT3[A-Za-z0-9_\\-=]{186})(?:[\\x60\'"\\s;]|\\\\[nr]|$)',
};

/** Every text of the test suite a person wrote as a postmortem or imports as one. */
function documents(): { name: string; text: string }[] {
  const root = new URL('../fixtures/', import.meta.url).pathname;
  const out: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (/\.mdx?$/.test(e.name))
        out.push({ name: join(dir, e.name).slice(root.length), text: readFileSync(join(dir, e.name), 'utf8') });
    }
  };
  walk(root);
  return out;
}

/**
 * What a regular expression (the subset gitleaks' secret patterns use) can match: its shortest match, and whether every
 * character it can consume is a word character or one of `. = + / : % -`. Anything outside the subset throws.
 */
function analyse(pattern: string): { min: number; narrow: boolean } {
  const narrowChar = (c: string) => /^[\w.=+/:%-]$/.test(c);
  let i = 0;
  const alternatives = (): { min: number; narrow: boolean } => {
    let best = sequence();
    while (pattern[i] === '|') {
      i++;
      const next = sequence();
      best = { min: Math.min(best.min, next.min), narrow: best.narrow && next.narrow };
    }
    return best;
  };
  const sequence = () => {
    let min = 0;
    let narrow = true;
    while (i < pattern.length && pattern[i] !== '|' && pattern[i] !== ')') {
      const a = atom();
      min += a.min * quantifier();
      narrow &&= a.narrow;
    }
    return { min, narrow };
  };
  const quantifier = (): number => {
    const m = /^(?:\{(\d+)(?:,\d*)?\}|([+*?]))\??/.exec(pattern.slice(i));
    if (!m) return 1;
    i += m[0].length;
    return m[1] !== undefined ? Number(m[1]) : m[2] === '+' ? 1 : 0;
  };
  const atom = (): { min: number; narrow: boolean } => {
    const c = pattern[i]!;
    if (c === '(') {
      i++;
      const flags = /^\?(?:P<\w+>|:|[a-z-]*(:|\)))/.exec(pattern.slice(i));
      if (flags) {
        i += flags[0].length;
        if (flags[1] === ')') return { min: 0, narrow: true };
      }
      const inner = alternatives();
      if (pattern[i++] !== ')') throw new Error(`unclosed group in ${pattern}`);
      return inner;
    }
    if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      const body = pattern.slice(i + 1, end);
      i = end + 1;
      if (body.startsWith('^')) return { min: 1, narrow: false };
      let narrow = true;
      for (let k = 0; k < body.length; k++) {
        if (body[k] === '\\') {
          const e = body[++k]!;
          narrow &&= 'wd'.includes(e) || narrowChar(e);
        } else if (body[k + 1] === '-' && k + 2 < body.length) {
          for (let x = body.charCodeAt(k); x <= body.charCodeAt(k + 2); x++) narrow &&= narrowChar(String.fromCharCode(x));
          k += 2;
        } else narrow &&= narrowChar(body[k]!);
      }
      return { min: 1, narrow };
    }
    if (c === '\\') {
      const e = pattern[i + 1]!;
      i += 2;
      if (e === 'b') return { min: 0, narrow: true };
      return { min: 1, narrow: 'wd'.includes(e) || narrowChar(e) };
    }
    if ('.^$'.includes(c)) throw new Error(`${c} in ${pattern}`);
    i++;
    return { min: 1, narrow: narrowChar(c) };
  };
  const result = alternatives();
  if (i !== pattern.length) throw new Error(`could not read ${pattern} past ${i}`);
  return result;
}

describe("the writing page's test for whether gitleaks' catalogue can match", () => {
  test("its keyword index is the catalogue's (scripts/update-secret-rules.ts writes both)", () => {
    expect(GITLEAKS_KEYWORDS).toEqual([...new Set(rules.flatMap((r) => r.keywords))].sort());
    expect(GITLEAKS_PREFILTER).toEqual(prefilterIndex(GITLEAKS.rules));
    expect(rules.filter((r) => r.keywords.length === 0).map((r) => r.id)).toEqual([]);
  });

  test('every semi-generic rule needs, after the assignment, a value of at least ten word characters or . = + / : % -', () => {
    const semi = rules.filter((r) => semiGeneric(r.regex));
    expect(semi.length).toBeGreaterThan(80);
    const head = String.raw`(?:=|>|:{1,3}=|\|\||:|=>|\?=|,)[\x60'"\s=]{0,5}(`;
    const tail = String.raw`)(?:[\x60'"\s;]|\\[nr]|$)`;
    for (const rule of semi) {
      expect(rule.regex.endsWith(tail), rule.id).toBe(true);
      const secret = rule.regex.slice(rule.regex.indexOf(head) + head.length, -tail.length);
      expect(rule.regex.indexOf(head), rule.id).toBeGreaterThan(0);
      const { min, narrow } = analyse(secret);
      expect({ id: rule.id, narrow, long: min >= 10 }).toEqual({ id: rule.id, narrow: true, long: true });
    }
    // The reader of patterns is not blind: it tells a wide or short pattern from a narrow long one.
    expect(analyse('[a-z0-9]{32}')).toEqual({ min: 32, narrow: true });
    expect(analyse('[^"]{3,}')).toEqual({ min: 3, narrow: false });
    expect(analyse('(?:squ_|sqp_)?[a-z0-9 ]{40}')).toEqual({ min: 40, narrow: false });
  });

  test('each shape was read from the pattern its rule has, and holds for every true positive of the rule', () => {
    expect(Object.keys(SHAPES).sort()).toEqual(Object.keys(READ_FROM).sort());
    for (const [id, shape] of Object.entries(SHAPES)) {
      const rule = rules.find((r) => r.id === id);
      expect(rule?.regex, id).toBe(READ_FROM[id]);
      expect(semiGeneric(rule!.regex), id).toBe(false);
      for (const tp of samples.rules[id]?.tps ?? [])
        if (findSecrets(tp).some((f) => f.ruleId === id)) expect(shape.test(tp), `${id}: ${tp}`).toBe(true);
    }
  });

  test('says yes wherever check finds a credential, on the same texts', { timeout: 300_000 }, () => {
    const texts: string[] = [];
    for (const rule of Object.values(samples.rules)) {
      for (const sample of [...rule.tps, ...rule.fps]) {
        texts.push(
          sample,
          withBlock(`\`\`\`\n${sample}\n\`\`\``),
          withBlock(`The deploy job printed ${sample} in its log before anyone noticed.`),
        );
      }
    }
    texts.push(...documents().map((d) => d.text));
    let yes = 0;
    let no = 0;
    for (const text of texts) {
      // What secrets/leak hands the catalogue (`findCatalogued`): the file as written and as rendered (escapes and
      // references resolved). Where the test says yes the catalogue is fetched and runs, as in check; where it says no,
      // the catalogue must find nothing.
      for (const read of [text, renderedText(text)?.text]) {
        if (read === undefined) continue;
        if (catalogueMayMatch(read)) yes++;
        else {
          no++;
          expect(findSecrets(read), read.slice(0, 200)).toEqual([]);
        }
      }
    }
    expect(yes).toBeGreaterThan(1000);
    expect(no).toBeGreaterThan(200);
  });

  test("says no for ordinary postmortems, where gitleaks' keywords alone said yes", () => {
    const docs = documents();
    const keywordOnly = docs.filter((d) => GITLEAKS_KEYWORDS.some((k) => d.text.toLowerCase().includes(k)));
    const yes = docs.filter((d) => catalogueMayMatch(d.text));
    console.log(
      `catalogue fetched for ${yes.length} of ${docs.length} test-suite documents (by keywords alone: ${keywordOnly.length}); ${yes.map((d) => d.name).join(', ')}`,
    );
    expect(keywordOnly.length).toBeGreaterThan(docs.length * 0.9);
    expect(yes.length).toBeLessThan(docs.length * 0.25);
    expect(
      catalogueMayMatch(withBlock('The job log was clean; they fixed the task and the disk. Our API key rotation is documented.')),
    ).toBe(false);
    expect(catalogueMayMatch('token: ghp_0123456789abcdefghijABCDEFGHIJ012345')).toBe(true);
  });
});
