/**
 * Issue 19, vector 3: what the reader sees is what is checked. Each postmortem of `VECTORS` hides a credential, an
 * address, blame or a direction control from a reading of the source as written (markup the page joins, invisible
 * characters, character references, YAML escapes). Through the real `check` (a child process over real files), each
 * is reported by its rule at the place it is written; through one real `astro build` of all of them (the shared
 * refused site, test/helpers/shared-sites.ts), the build refuses with the same findings and no built or cached file
 * holds the credential.
 */
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { projectCacheDir } from '../../../packages/astro-postmortems/src/integration/cache-folder.ts';
import { refusedSite, visibleFiles, type SharedSite } from '../../helpers/shared-sites.ts';
import { createSite } from '../../helpers/site.ts';
import { check, type JsonReport } from '../cli.ts';
import { TOKEN, VECTORS } from '../visible-vectors.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Each vector in a file of its own, named after its index so the file (and the id) is unique. */
const { files, fileOf } = visibleFiles();

/** Every file under `dir` (following no links), with its text. */
function* filesUnder(dir: string): Generator<[string, string]> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else if (entry.isFile() && statSync(path).size < 64 * 1024 * 1024) yield [path, readFileSync(path, 'latin1')];
  }
}

describe('check reports every vector at its place, through the real CLI', async () => {
  const site = createSite(files);
  dirs.push(site.dir);
  const run = await check(site.dir, ['--format', 'json']);
  const report = JSON.parse(run.stdout) as JsonReport;

  test.each(Object.entries(VECTORS))('%s', (name, v) => {
    const file = fileOf.get(name)!;
    const mine = report.messages.filter((m) => m.file === file && m.rule === v.rule);
    expect(mine.map((m) => `${m.line}:${m.column} ${m.message}`).join('\n'), `${file}`).toContain(`${v.line}:${v.column} `);
    const at = mine.find((m) => m.line === v.line && m.column === v.column)!;
    expect(at.message).toContain(v.says);
    // One place, one finding: the source scan and the reader's-text scan never both report it.
    expect(mine.filter((m) => m.line === at.line && m.column === at.column)).toHaveLength(1);
  });

  test('check fails, and never prints a credential it found', () => {
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).not.toContain(TOKEN);
    expect(run.stdout + run.stderr).not.toContain(TOKEN.slice(4, 20));
  });
});

describe('one real build of every vector refuses, and no token reaches a built or cached file', () => {
  // The shared refused site (test/helpers/shared-sites.ts) holds every vector, in the files named above, with the
  // search step on.
  let built: SharedSite;
  let checked: JsonReport;
  beforeAll(async () => {
    built = await refusedSite();
    checked = JSON.parse(built.checkJson) as JsonReport;
  });

  test('the build fails with the findings check reports, at the same places', () => {
    expect(built.code).not.toBe(0);
    expect(built.output).toContain('so the site was not built');
    const errors = checked.messages.filter((m) => m.severity === 'error');
    // Matched on the file too: the body vectors share one place (the block's line and column), and so do the title
    // vectors, so one finding at that place would otherwise stand for every vector of its group.
    for (const [name, v] of Object.entries(VECTORS).filter(([, x]) => x.secret)) {
      const file = fileOf.get(name)!;
      const found = errors.some((m) => m.file === file && m.rule === v.rule && m.line === v.line && m.column === v.column);
      expect(found, `${file}:${v.line}:${v.column} ${v.rule} (${name})`).toBe(true);
    }
    for (const m of errors) expect(built.output, `${m.file}:${m.line}:${m.column} ${m.rule}`).toContain(`${m.file}:${m.line}:${m.column}`);
  });

  // Every secret vector is an error, so no build that publishes can hold one: the refused build renders no page and
  // writes no dist/ at all, and that, not a scan of a folder that is not there, keeps the token out of its pages, RSS,
  // JSON and search index. The loader's own caches (rendered articles, counted
  // words, the check cache) live in the user's cache folder (cache-folder.ts), not in the site: scanned with Astro's.
  test("the refused build writes no dist/ (no page, RSS, JSON or search index), and no file of Astro's caches nor of the loader's cache folder holds the token, nor does the log", () => {
    expect(built.output).not.toContain(TOKEN);
    expect(existsSync(join(built.dir, 'dist'))).toBe(false);
    const loaderCache = projectCacheDir(built.dir);
    const scanned: string[] = [];
    const holding: string[] = [];
    for (const where of [...['.astro', 'node_modules/.astro', 'node_modules/.vite'].map((w) => join(built.dir, w)), loaderCache]) {
      for (const [path, text] of filesUnder(where)) {
        scanned.push(path);
        if (text.includes(TOKEN)) holding.push(path);
      }
    }
    // A missing folder yields no file, so the scan is shown to have read what the loader wrote before the build failed:
    // the check cache and the rendered articles. (Astro's data store is scanned when it is there, but Astro saves it
    // after a delay, so a build that fails first may not have written it: not a condition of this test.)
    expect(scanned).toContain(join(loaderCache, 'checks.json'));
    expect(scanned.filter((path) => path.startsWith(join(loaderCache, 'articles'))).length).toBeGreaterThan(0);
    expect(holding).toEqual([]);
  });
});
