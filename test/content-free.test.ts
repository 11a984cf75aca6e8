/**
 * The engine's tests never read the checkout's `postmortems/` or
 * `postmortems.config.ts`: they build from test/fixtures/repository, so an
 * organisation may replace both freely and CI's content-independence step
 * (.ci/content-independence.ts) need not rerun them on other content.
 *
 * A static check over the test sources (and the helpers they share): every way
 * a test has reached a checkout file is a pattern below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/site.ts';

/** The one test about the reference site's own samples (init's shipped manifest of them), named with why. */
const ABOUT_THE_REFERENCE_SITE: Record<string, string> = {
  'test/cli/init.test.ts': "init on a copy of this repository: proves the shipped sample manifest matches this repository's samples",
};

const READS_CHECKOUT_CONTENT: [name: string, pattern: RegExp][] = [
  ['a path under the checkout joined to postmortems', /\b(?:join|resolve)\(\s*ROOT\s*,\s*['"`]postmortems(?:\/|\.config|['"`])/],
  [
    'a path relative to the working folder',
    /\b(?:readFileSync|readFile|readdirSync|readdir|existsSync|statSync|stat|glob|cpSync|cp)\(\s*['"`](?:\.\/)?postmortems(?:\/|\.config|['"`])/,
  ],
  [
    'a command that reads content, run in the checkout',
    /\b(?:CLI|astro|['"`](?:check|build|dev|serve|import|sync|report)['"`])\b[^;\n]{0,200}\bcwd:\s*ROOT\b/,
  ],
  [
    "a copy of the checkout's tracked files that keeps its content",
    /ls-files[^;\n]{0,200}\bcwd:\s*ROOT\b(?![\s\S]{0,400}startsWith\(['"`]postmortems\/['"`]\))/,
  ],
];

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !join(e.parentPath, e.name).includes(`${join('test', 'fixtures')}`))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

function findings(text: string): string[] {
  return READS_CHECKOUT_CONTENT.filter(([, pattern]) => pattern.test(text)).map(([name]) => name);
}

describe('content-free tests', () => {
  it("no test reads the checkout's postmortems or configuration", () => {
    const files = [...sources('test'), ...sources('scripts/shared')].filter((f) => f !== 'test/content-free.test.ts');
    expect(files.length).toBeGreaterThan(50);
    const offending = files
      .filter((f) => !(f in ABOUT_THE_REFERENCE_SITE))
      .flatMap((f) => findings(readFileSync(join(ROOT, f), 'utf8')).map((why) => `${f}: ${why}`));
    expect(offending).toEqual([]);
    // Each exception still does what it is excused for (otherwise drop it from the list).
    for (const file of Object.keys(ABOUT_THE_REFERENCE_SITE))
      expect(findings(readFileSync(join(ROOT, file), 'utf8')), file).not.toEqual([]);
  });

  it('recognises each way a test could read them', () => {
    expect(findings("readFileSync(join(ROOT, 'postmortems.config.ts'), 'utf8')")).toEqual([
      'a path under the checkout joined to postmortems',
    ]);
    expect(findings("await readdir('postmortems/2025')")).toEqual(['a path relative to the working folder']);
    expect(findings("spawnSync(node, [CLI, 'check'], { cwd: ROOT })")).toEqual(['a command that reads content, run in the checkout']);
    expect(findings("execFileSync('npm', ['pack', '--dry-run'], { cwd: ROOT })")).toEqual([]);
    expect(findings("execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })")).toEqual([
      "a copy of the checkout's tracked files that keeps its content",
    ]);
    expect(
      findings(
        "execFileSync('git', ['ls-files'], { cwd: ROOT });\nfor (const path of tracked) if (path.startsWith('postmortems/')) continue;",
      ),
    ).toEqual([]);
    expect(findings("ok(org, 'git', ['ls-files'])")).toEqual([]);
    expect(findings("readFileSync(join(FIXTURE_REPOSITORY, 'postmortems.config.ts'))")).toEqual([]);
  });
});
