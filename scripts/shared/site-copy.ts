/**
 * A real copy of this site around fixture postmortems, in a temp folder, with
 * the project's own sources and packages but its own caches. Shared by the
 * test suite (`test/helpers/site.ts` re-exports it) and the benchmark.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'node_modules/.bin');

export interface FixtureSite {
  dir: string;
  write(path: string, text: string): void;
}

/** The test suite's own repository: its postmortems and its configuration (never the checkout's). */
export const FIXTURE_REPOSITORY = join(ROOT, 'test/fixtures/repository');
export const FIXTURE_CONFIG = join(FIXTURE_REPOSITORY, 'postmortems.config.ts');

/**
 * What a temporary site copies from the checkout: the files an organisation's repository holds besides its content
 * (the engine itself comes from `node_modules/astro-postmortems`, the package). Content (`postmortems/`, the
 * configuration) is never copied.
 */
export const SITE_ENTRIES = ['src', 'public', 'astro.config.mjs', 'tsconfig.json', 'package.json'];

/**
 * Gives `dir` its own `node_modules` folder whose entries link to the
 * project's packages, leaving out the caches (`.astro`, `.vite`, `.cache`):
 * Astro's data store and Vite's dependency cache then live inside `dir`, so a
 * temporary site never reads or writes the checkout's caches.
 */
export function linkNodeModules(dir: string): void {
  const target = join(dir, 'node_modules');
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target);
  for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
    if (entry === '.astro' || entry === '.vite' || entry === '.cache' || entry === '.package-lock.json') continue;
    if (entry === ENGINE_PACKAGE) installEngine(join(target, entry));
    else symlinkSync(join(ROOT, 'node_modules', entry), join(target, entry));
  }
}

export const ENGINE_PACKAGE = 'astro-postmortems';
export const ENGINE_DIR = join(ROOT, 'packages', ENGINE_PACKAGE);

/** The `postmortems` command as the package installs it (compiled: `npm install` and the tests' setup build it). */
export const CLI = join(ENGINE_DIR, 'dist/cli/bin.js');

/**
 * The engine as `npm install` leaves it: the files its manifest publishes, copied into the site's own
 * `node_modules` (a link would put the package outside the site's root, which an installed package never is).
 */
function installEngine(to: string): void {
  const manifest = JSON.parse(readFileSync(join(ENGINE_DIR, 'package.json'), 'utf8')) as { files: string[] };
  mkdirSync(to);
  cpSync(join(ENGINE_DIR, 'package.json'), join(to, 'package.json'));
  for (const entry of manifest.files) {
    if (!entry.startsWith('!') && existsSync(join(ENGINE_DIR, entry)))
      cpSync(join(ENGINE_DIR, entry), join(to, entry), { recursive: true });
  }
}

export interface SiteOptions {
  /** Copy the test suite's sample postmortems (`test/fixtures/repository/postmortems`). */
  samples?: boolean;
  /** Text of the site's `postmortems.config.ts`; the test suite's own configuration by default. */
  config?: string;
}

/**
 * A site folder in a temp directory with the project's engine, the test
 * suite's configuration and the given files (paths relative to the site
 * root). It has its own `node_modules` of links (see `linkNodeModules`), so
 * its caches, `dist/` and `postmortems/` are its own.
 */
export function createSite(files: Record<string, string> = {}, options: SiteOptions = {}): FixtureSite {
  const dir = mkdtempSync(join(tmpdir(), 'pm-site-'));
  for (const entry of SITE_ENTRIES) {
    if (existsSync(join(ROOT, entry))) cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  writeFileSync(join(dir, 'postmortems.config.ts'), options.config ?? readFileSync(FIXTURE_CONFIG, 'utf8'));
  linkNodeModules(dir);
  mkdirSync(join(dir, 'postmortems'), { recursive: true });
  if (options.samples) cpSync(join(FIXTURE_REPOSITORY, 'postmortems'), join(dir, 'postmortems'), { recursive: true });
  // Whole or not at all, as most editors save: a running `astro dev` never reads a file half written (emptied, then
  // filled), which it would rightly report as a problem until the next event.
  const write = (path: string, text: string) => {
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    const temp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
    writeFileSync(temp, text);
    renameSync(temp, file);
  };
  for (const [path, text] of Object.entries(files)) write(path, text);
  return { dir, write };
}

/** The environment for child tools: the project's Node 22 first on PATH, and none of vitest's own variables (Astro and Vite change behaviour under them). */
export function toolEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|VITE_|TEST$|NODE_ENV$|MODE$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, PATH: `${BIN}:${process.env['PATH']}`, NO_COLOR: '1', FORCE_COLOR: '0', ASTRO_TELEMETRY_DISABLED: '1', ...extra };
}
