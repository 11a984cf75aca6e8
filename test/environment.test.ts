/**
 * The environment variables the engine reads (src/core/environment.ts): each read there and nowhere else, documented
 * in docs/customising.md as the module says, and a value it does not take refused with a message naming it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ENVIRONMENT,
  EnvironmentError,
  readEnvironment,
  withAudienceFromEnvironment,
} from '../packages/astro-postmortems/src/core/environment.ts';

const ENGINE = new URL('../packages/astro-postmortems/src/', import.meta.url);

describe('environment variables', () => {
  it('docs/customising.md lists every one as the module says', () => {
    const docs = readFileSync(new URL('../docs/customising.md', import.meta.url), 'utf8');
    const rows = docs.split('\n').filter((line) => /^\| `[A-Z_]+` \|/.test(line));
    expect(rows).toEqual(Object.entries(ENVIRONMENT).map(([name, s]) => `| \`${name}\` | ${s.meaning} | ${s.values} | ${s.fallback} |`));
  });

  it('no engine module reads one of them but core/environment.ts', () => {
    const names = Object.keys(ENVIRONMENT).join('|');
    const direct = new RegExp(`(?:process\\.env|\\benv)(?:\\[['"]|\\.)(?:${names})\\b`);
    const dir = ENGINE.pathname;
    const offending = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(ts|astro|mjs)$/.test(e.name) && e.name !== 'environment.ts')
      .map((e) => join(e.parentPath, e.name))
      .filter((file) => direct.test(readFileSync(file, 'utf8')));
    expect(offending).toEqual([]);
  });

  it('reads the values each takes; unset or empty is the default', () => {
    expect(readEnvironment('POSTMORTEMS_PAGE_SIZE', { POSTMORTEMS_PAGE_SIZE: '4' })).toBe(4);
    expect(readEnvironment('POSTMORTEMS_PAGE_SIZE', { POSTMORTEMS_PAGE_SIZE: ' 12 ' })).toBe(12);
    expect(readEnvironment('POSTMORTEMS_PAGE_SIZE', { POSTMORTEMS_PAGE_SIZE: '' })).toBeUndefined();
    expect(readEnvironment('POSTMORTEMS_PAGE_SIZE', {})).toBeUndefined();
    expect(readEnvironment('POSTMORTEMS_SEARCH', { POSTMORTEMS_SEARCH: 'off' })).toBe('off');
    expect(readEnvironment('POSTMORTEMS_SEARCH_SHARD_SIZE', { POSTMORTEMS_SEARCH_SHARD_SIZE: '4' })).toBe(4);
    expect(readEnvironment('DEPLOY', { DEPLOY: '1' })).toBe('1');
    expect(readEnvironment('SITE_URL', { SITE_URL: 'https://postmortems.example' })).toBe('https://postmortems.example');
    expect(readEnvironment('SITE_URL', { SITE_URL: 'http://127.0.0.1:4321' })).toBe('http://127.0.0.1:4321');
    for (const path of ['/', '/postmortems', '/postmortems/', '/docs/incidents_2026/', '/my-repo.v2/'])
      expect(readEnvironment('BASE_PATH', { BASE_PATH: path })).toBe(path);
    expect(withAudienceFromEnvironment({ title: 'x' }, { POSTMORTEMS_AUDIENCE: 'external' })).toEqual({ title: 'x', audience: 'external' });
    expect(withAudienceFromEnvironment({ title: 'x' }, {})).toEqual({ title: 'x' });
  });

  it.each([
    [
      'POSTMORTEMS_PAGE_SIZE',
      'ten',
      /^POSTMORTEMS_PAGE_SIZE is "ten": expected a whole number of at least 1\. Unset it to use the default\.$/,
    ],
    ['POSTMORTEMS_PAGE_SIZE', '0', /^POSTMORTEMS_PAGE_SIZE is "0": expected a whole number/],
    ['POSTMORTEMS_PAGE_SIZE', '2.5', /^POSTMORTEMS_PAGE_SIZE is "2\.5": expected a whole number/],
    ['POSTMORTEMS_SEARCH_SHARD_SIZE', '-1', /^POSTMORTEMS_SEARCH_SHARD_SIZE is "-1": expected a whole number/],
    ['POSTMORTEMS_SEARCH', 'no', /^POSTMORTEMS_SEARCH is "no": expected "on" or "off"\./],
    ['DEPLOY', 'true', /^DEPLOY is "true": expected "1"\./],
    ['SITE_URL', 'javascript:alert(1)//', /^SITE_URL is "javascript:alert\(1\)\/\/": expected an absolute http\(s\) URL/],
    ['SITE_URL', 'postmortems.example', /^SITE_URL is "postmortems\.example": expected an absolute http\(s\) URL/],
    ['BASE_PATH', '/a b/', /^BASE_PATH is "\/a b\/": expected a path such as `\/postmortems\/`/],
    ['BASE_PATH', 'docs', /^BASE_PATH is "docs": expected a path/],
    ['BASE_PATH', '//evil.example/', /^BASE_PATH is "\/\/evil\.example\/": expected a path/],
  ] as const)('refuses %s=%s, naming the variable, the value and what it takes', (name, value, message) => {
    expect(() => readEnvironment(name, { [name]: value })).toThrow(EnvironmentError);
    expect(() => readEnvironment(name, { [name]: value })).toThrow(message);
  });
});
