/** postmortems.config.ts: a misspelt option or rule id is an error that names the closest valid one. */
import { describe, expect, it } from 'vitest';
import { knownRuleIds, resolveConfig } from '../packages/astro-postmortems/src/core/config.ts';
import { fileProblems } from '../packages/astro-postmortems/src/core/file-problems.ts';
import { rules } from '../packages/astro-postmortems/src/core/rules/index.ts';
import { issuesRepository } from '../packages/astro-postmortems/src/cli/github.ts';

const problem = (input: unknown) => {
  try {
    resolveConfig(input as never);
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
};

describe('configuration', () => {
  it('accepts every registered rule id and file problem in `rules`', () => {
    expect(knownRuleIds()).toEqual([...rules, ...fileProblems].map((r) => r.id));
    // Every id but `file/time-limit`, which cannot be lowered (time-limit.test.ts).
    const lowerable = knownRuleIds().filter((id) => id !== 'file/time-limit');
    expect(resolveConfig({ rules: Object.fromEntries(lowerable.map((id) => [id, 'warning' as const])) }).rules['file/encoding']).toBe(
      'warning',
    );
    expect(resolveConfig({ rules: { 'file/time-limit': 'error' } }).rules['file/time-limit']).toBe('error');
  });

  it('refuses a pattern JavaScript cannot compile, naming the option and the reason, instead of failing every postmortem', () => {
    expect(problem({ blamelessPhrases: [{ pattern: '(unclosed', suggestion: 'x' }] })).toContain(
      'blamelessPhrases.0.pattern: Unexpected regular expression `(unclosed` that does not compile (Unterminated group), expected the source of a JavaScript regular expression, without slashes',
    );
    expect(problem({ tracker: { url: 'https://t.example/{id}', idPattern: '[A-Z' } })).toContain(
      'tracker.idPattern: Unexpected regular expression `[A-Z` that does not compile (Unterminated character class)',
    );
    // Each compiles alone, not together: the rule names each phrase's group `p0`, `p1`…
    expect(
      problem({
        blamelessPhrases: [
          { pattern: '(?<p1>sloppy)', suggestion: 'x' },
          { pattern: 'careless', suggestion: 'y' },
        ],
      }),
    ).toContain('blamelessPhrases: Unexpected patterns that do not compile together (Duplicate capture group name)');
    // What the rules accept: Unicode property escapes, and the defaults.
    expect(problem({ blamelessPhrases: [{ pattern: String.raw`\p{Lu}{3,} blame`, suggestion: 'x' }] })).toBeUndefined();
    expect(problem({ tracker: { url: 'https://t.example/{id}', idPattern: String.raw`OBS-\d+` } })).toBeUndefined();
    expect(problem({})).toBeUndefined();
  });

  it('never allows markup that can run code, load or embed content, or take input, whatever the configuration says', () => {
    const elements = problem({
      allowedElements: {
        script: { attributes: [] },
        IFRAME: { attributes: ['src'] },
        img: { attributes: ['src'] },
        abbr: { attributes: ['title', 'onMouseOver', 'style'] },
      },
    });
    expect(elements).toContain('allowedElements.script: Unexpected element `script`, expected elements that cannot run code');
    expect(elements).toContain('allowedElements.IFRAME: Unexpected element `IFRAME`');
    expect(elements).toContain('allowedElements.img: Unexpected element `img`');
    expect(elements).toContain('allowedElements.abbr.attributes.1: Unexpected attribute `onMouseOver`');
    expect(elements).toContain('allowedElements.abbr.attributes.2: Unexpected attribute `style`');
    const attributes = problem({ globalAttributes: ['id', 'srcdoc', 'onclick', 'formaction', 'HTTP-EQUIV'] });
    for (const [i, name] of [
      [1, 'srcdoc'],
      [2, 'onclick'],
      [3, 'formaction'],
      [4, 'HTTP-EQUIV'],
    ] as const)
      expect(attributes).toContain(`globalAttributes.${i}: Unexpected attribute \`${name}\``);
    // What may be widened: harmless phrasing elements and attributes, the defaults included.
    expect(
      problem({
        allowedElements: {
          abbr: { attributes: ['title'] },
          q: { attributes: ['cite'] },
          a: { attributes: ['href'] },
          time: { attributes: ['datetime'] },
        },
      }),
    ).toBeUndefined();
    expect(problem({ globalAttributes: ['id', 'title', 'lang', 'dir', 'class'] })).toBeUndefined();
  });

  it('takes only http(s) URLs for the site and the repository, and a plain path for the base', () => {
    expect(problem({ siteUrl: 'javascript:alert(1)//x' })).toContain('siteUrl: Expected an absolute http(s) URL');
    expect(problem({ siteUrl: 'ftp://files.example/' })).toContain('siteUrl: Expected an absolute http(s) URL');
    expect(problem({ repository: { url: 'javascript:alert(1)' } })).toContain('repository.url: Expected an absolute http(s) URL');
    for (const base of ['/a b/', 'postmortems/', '//evil.example/', '/x/../', '/<x>/'])
      expect(problem({ basePath: base }), base).toContain('basePath: Expected a path such as `/postmortems/`');
    expect(
      problem({ siteUrl: 'http://localhost:4321', basePath: '/pm/', repository: { url: 'https://github.com/acme/postmortems' } }),
    ).toBeUndefined();
  });

  it("takes only a GitHub repository's owner/name for the sync's issues, never a path of GitHub's API", () => {
    for (const full of ['../..', 'acme/..', 'acme/.', 'acme/postmortems/issues', '-acme/postmortems', 'acme', 'ac me/postmortems'])
      expect(problem({ github: { issuesRepository: full } }), full).toContain(
        'github.issuesRepository: Expected a GitHub repository as `owner/name`',
      );
    for (const full of ['acme/postmortems', 'my-org/repo.name_2', 'a/.github'])
      expect(problem({ github: { issuesRepository: full } }), full).toBeUndefined();
    // Derived from the repository's URL, the same rule: `https://github.com/../..` names no repository.
    const config = (url: string) => resolveConfig({ repository: { url } });
    expect(issuesRepository(config('https://github.com/acme/postmortems.git'))).toEqual({ owner: 'acme', repo: 'postmortems' });
    expect(issuesRepository(config('https://github.com/../..'))).toBeUndefined();
  });

  it('refuses a misspelt rule id, naming the closest one', () => {
    expect(problem({ rules: { 'privacy/emial': 'off' } })).toContain(
      'rules.privacy/emial: Unexpected rule id `privacy/emial`, expected one of the rule ids (`npm run check -- --list-rules`); did you mean `privacy/email`?',
    );
    expect(problem({ rules: { 'file/unexpectd': 'off' } })).toContain('did you mean `file/unexpected`?');
    expect(problem({ rules: { nothing: 'off' } })).not.toContain('did you mean');
  });

  it('refuses an unknown option, at the top level or nested, naming the closest one', () => {
    expect(problem({ titel: 'Incidents' })).toMatch(
      /\(root\): Unexpected option `titel`, expected one of `title`, .*; did you mean `title`\?/,
    );
    expect(problem({ github: { owner: {} } })).toContain(
      'github: Unexpected option `github.owner`, expected one of `owners`, `labels`, `issuesRepository`; did you mean `owners`?',
    );
    expect(problem({ tracker: { url: 'https://jira.example.com/browse/{id}', idPatern: 'X-\\d+' } })).toContain(
      'did you mean `idPattern`?',
    );
    expect(problem({ repository: { url: 'https://github.com/acme/postmortems', brnch: 'main' } })).toContain('did you mean `branch`?');
  });
});
