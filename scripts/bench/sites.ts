/**
 * The bench's temporary projects, built from the same generated postmortems:
 * a copy of the real site (the tests' `createSite`), and the bare project in
 * `scripts/bench/bare/`. Each gets its own `node_modules` folder of links to
 * the project's packages (`linkNodeModules`, shared with the tests), so Astro's caches (`node_modules/.astro`,
 * `node_modules/.vite`) stay inside the temporary project instead of the
 * shared checkout, and every run can start cold.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectCacheDir } from '../../packages/astro-postmortems/src/integration/cache-folder.ts';
import { rules } from '../../packages/astro-postmortems/src/core/rules/index.ts';
import { createSite, linkNodeModules, ROOT } from '../shared/site-copy.ts';
import { writePostmortems, type GeneratedPostmortem } from './generate.ts';

export { BIN, CLI, linkNodeModules, ROOT, toolEnv } from '../shared/site-copy.ts';

export const BARE = join(ROOT, 'scripts/bench/bare');

/** Folders where Astro and Vite keep state between runs; removed before every measured run. */
const CACHES = ['dist', '.astro', 'node_modules/.astro', 'node_modules/.vite'];

/** Astro's and Vite's caches, and the loader's own (its articles and check cache, in the user's cache folder). */
export function clearCaches(dir: string): void {
  for (const c of CACHES) rmSync(join(dir, c), { recursive: true, force: true });
  rmSync(projectCacheDir(dir), { recursive: true, force: true });
}

export interface BenchSites {
  /** Temp folder of the generated files and the bare project. */
  base: string;
  /** Copy of the real site with the generated postmortems, a git repository. */
  full: string;
  /** The bare project with the same postmortems. */
  bare: string;
  /** The full site with the rules switched off (`unchecked-loader.ts`), for stage (e). */
  unchecked: string;
  /** The full site's postmortems with a configuration that turns every rule off, for stage (f); made on first use. */
  rulesOff(): string;
  files: GeneratedPostmortem[];
  dispose(): void;
}

/**
 * Generates `count` postmortems once and copies them into both projects. The
 * full site is committed to git (one commit per incident year) so the site's
 * "last updated" dates come from real history, as in a real repository.
 */
export function createBenchSites(count: number, seed: number): BenchSites {
  const base = mkdtempSync(join(tmpdir(), 'pm-bench-'));
  const source = join(base, 'generated');
  const files = writePostmortems(source, count, { seed });

  const full = createSite().dir;
  cpSync(join(source, 'postmortems'), join(full, 'postmortems'), { recursive: true });
  commitByYear(full);

  // Stage (e): the same site and history, whose content collection skips the rules.
  const unchecked = join(base, 'unchecked');
  cpSync(full, unchecked, { recursive: true, filter: (src) => !src.startsWith(join(full, 'node_modules')) });
  linkNodeModules(unchecked);
  writeFileSync(
    join(unchecked, 'src/content.config.ts'),
    [
      "import { defineCollection } from 'astro:content';",
      "import { resolveConfig } from 'astro-postmortems/config';",
      "import userConfig from '../postmortems.config.ts';",
      `import { uncheckedLoader } from ${JSON.stringify(join(ROOT, 'scripts/bench/unchecked-loader.ts'))};`,
      '',
      'export const collections = { postmortems: defineCollection({ loader: uncheckedLoader(resolveConfig(userConfig)) }) };',
      '',
    ].join('\n'),
  );

  const bare = join(base, 'bare');
  cpSync(BARE, bare, { recursive: true });
  linkNodeModules(bare);
  cpSync(join(source, 'postmortems'), join(bare, 'postmortems'), { recursive: true });

  // Stage (f): a site made as `full` is, with the same postmortems and every rule `off` in its configuration (the
  // schema and the render step still run); made on first use, so no build output of `full` is copied.
  let rulesOffDir: string | undefined;
  const rulesOff = () => {
    if (rulesOffDir) return rulesOffDir;
    const off = Object.fromEntries(rules.map((r) => [r.id, 'off']));
    const dir = createSite({}, { config: `export default ${JSON.stringify({ rules: off }, null, 2)};\n` }).dir;
    cpSync(join(source, 'postmortems'), join(dir, 'postmortems'), { recursive: true });
    return (rulesOffDir = dir);
  };

  const dispose = () => {
    for (const dir of [full, unchecked]) rmSync(projectCacheDir(dir), { recursive: true, force: true });
    rmSync(full, { recursive: true, force: true });
    if (rulesOffDir) rmSync(rulesOffDir, { recursive: true, force: true });
    rmSync(base, { recursive: true, force: true });
  };
  return { base, full, bare, unchecked, rulesOff, files, dispose };
}

function commitByYear(dir: string): void {
  const git = (...args: string[]) =>
    // No automatic `git gc`: it runs detached after a commit and repacks while the site is being copied (stage e's copy
    // failed on a vanished object at N = 20,000).
    execFileSync(
      'git',
      [
        '-C',
        dir,
        '-c',
        'user.name=Bench',
        '-c',
        'user.email=bench@example.invalid',
        '-c',
        'commit.gpgsign=false',
        '-c',
        'gc.auto=0',
        ...args,
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' },
      },
    );
  try {
    git('init', '-q', '-b', 'main');
    git('add', '--', ':!postmortems', ':!node_modules');
    git('commit', '-q', '-m', 'site');
    for (const year of readdirSync(join(dir, 'postmortems')).sort()) {
      if (!existsSync(join(dir, 'postmortems', year))) continue;
      git('add', '--', `postmortems/${year}`);
      git('commit', '-q', '-m', `postmortems of ${year}`);
    }
  } catch (error) {
    // Without git the site still builds; its pages then show no "last updated" date.
    process.stderr.write(`bench: could not commit the generated postmortems to git (${(error as Error).message.split('\n')[0]})\n`);
  }
}
