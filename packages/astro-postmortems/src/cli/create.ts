/**
 * `postmortems create <dir>`: an organisation's postmortem repository, from the package's template
 * (`templates/organisation/`): its configuration, an example postmortem, thin workflows whose steps run this
 * package's `postmortems` command, CODEOWNERS, Dependabot, editor settings and a README. The engine itself stays in
 * `node_modules`: the repository depends on it by a semver range (or, offline, on a packed tarball with
 * `--engine file:…tgz`) and takes every later version with `npm update`.
 *
 * It never overwrites: a folder that exists and is not empty is refused before anything is written, and every file
 * is created exclusively (`wx`), so a file that appears meanwhile is not replaced either.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { displayText } from '../core/terminal-text.ts';
import { CODEOWNERS_FILE, ownersProblem, renderCodeowners } from './codeowners.ts';
import { parseCommand, type CliIo } from './common.ts';

const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const TEMPLATE_DIR = join(PACKAGE_DIR, 'templates/organisation');

interface EngineManifest {
  name: string;
  version: string;
  peerDependencies: Record<string, string>;
}

export function engineManifest(): EngineManifest {
  return JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as EngineManifest;
}

const HELP = `Usage: postmortems create <dir> [options]

Creates your organisation's postmortem repository in <dir> (a new or empty folder):
configuration, an example postmortem, workflows, CODEOWNERS, Dependabot and a README.
The engine stays a dependency: upgrade it with \`npm update\`. Nothing is overwritten.

Options:
  --title <text>            Site name (default: from the folder's name)
  --description <text>      One sentence under the title
  --engine <spec>           The engine's version range (default: ^<this version>), or
                            file:<path>.tgz for a packed engine (offline)
  --content-owners <owners> Reviewers of postmortems/ in .github/CODEOWNERS, e.g. "@acme/incident-review"
  --engine-owners <owners>  Reviewers of the configuration, workflows and code, e.g. "@acme/postmortems-admins"
  --help                    Show this help`;

/** A template path as written: a leading `_` in a segment stands for `.` (npm never packs `.gitignore`, nor should a template's `.github/` be live). */
export function templatePath(path: string): string {
  return path
    .split('/')
    .map((segment) => segment.replace(/^_/, '.'))
    .join('/');
}

/** Every template file, by the path it takes in the new repository. */
export function templateFiles(dir = TEMPLATE_DIR): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const from = join(entry.parentPath, entry.name);
    files.set(templatePath(relative(dir, from).split(sep).join('/')), from);
  }
  return files;
}

/** A TypeScript string literal (single-quoted, as the configuration's style). */
const tsString = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;

/** `acme-postmortems` → `Acme Postmortems`; a name that does not say what it is gets " Postmortems". */
export function titleFromFolder(folder: string): string {
  const words = folder
    .split(/[-_.\s]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1));
  const title = words.join(' ') || 'Incident';
  return /postmortem/i.test(title) ? title : `${title} Postmortems`;
}

/** A valid npm package name from the folder's name. */
function packageName(folder: string): string {
  const name = folder
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|(?<![-_.])[-_.]+$/g, '')
    .slice(0, 214);
  return name || 'postmortems';
}

/** The version spec written to package.json: a semver range, or `file:` relative to the new repository. */
function engineSpec(given: string | undefined, cwd: string, target: string, version: string): { spec: string } | { error: string } {
  if (given === undefined) return { spec: `^${version}` };
  if (given.startsWith('file:')) {
    const path = resolve(cwd, given.slice('file:'.length));
    if (!existsSync(path) || !statSync(path).isFile() || !path.endsWith('.tgz'))
      return { error: `--engine ${given}: expected a packed engine, a .tgz file made by \`npm pack\`` };
    const rel = relative(target, path).split(sep).join('/');
    return { spec: `file:${rel.startsWith('.') ? rel : `./${rel}`}` };
  }
  if (!/^[\w.^~<>=| *-]+$/.test(given))
    return { error: `--engine ${given}: expected a version range such as ^${version}, or file:<path>.tgz` };
  return { spec: given };
}

export interface CreatePlan {
  target: string;
  files: Map<string, string>;
}

export interface CreateOptions {
  title?: string | undefined;
  description?: string | undefined;
  engine?: string | undefined;
  contentOwners?: string | undefined;
  engineOwners?: string | undefined;
}

/** The files of the new repository and their text; an error when an option cannot be used. */
export function planCreate(cwd: string, dir: string, options: CreateOptions): CreatePlan | { error: string } {
  const target = resolve(cwd, dir);
  const manifest = engineManifest();
  const spec = engineSpec(options.engine, cwd, target, manifest.version);
  if ('error' in spec) return spec;
  for (const [flag, owners] of [
    ['--content-owners', options.contentOwners],
    ['--engine-owners', options.engineOwners],
  ] as const) {
    const problem = owners === undefined ? undefined : ownersProblem(owners);
    if (problem !== undefined) return { error: `${flag}: ${problem}` };
  }
  const folder = basename(target);
  const title = (options.title ?? titleFromFolder(folder)).replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
  if (!title) return { error: '--title: expected a name for the site' };
  const description = (
    options.description ??
    `Blameless postmortems of ${title.replace(/ Postmortems$/, '')} incidents: what happened, why, and what we changed.`
  )
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .trim();

  const files = new Map<string, string>();
  for (const [path, from] of templateFiles()) {
    let text = readFileSync(from, 'utf8');
    if (path === 'postmortems.config.ts')
      text = text.replace('__TITLE__', tsString(title)).replace('__DESCRIPTION__', tsString(description));
    if (path === 'README.md') text = text.replace('__TITLE_TEXT__', title.replace(/[\\`*_[\]<>#|]/g, '\\$&'));
    files.set(path, text);
  }
  files.set(
    CODEOWNERS_FILE,
    renderCodeowners({ content: options.contentOwners?.trim() || undefined, engine: options.engineOwners?.trim() || undefined }),
  );
  const pkg = {
    name: packageName(folder),
    version: '0.0.0',
    private: true,
    description,
    type: 'module',
    engines: { node: '>=22.12.0' },
    scripts: {
      dev: 'astro dev',
      start: 'postmortems build && astro preview --port 4321',
      build: 'postmortems build',
      preview: 'astro preview --port 4321',
      serve: 'postmortems serve',
      check: 'postmortems check',
      new: 'postmortems new',
      import: 'postmortems import',
      timeline: 'postmortems timeline',
      'report:overdue': 'postmortems report',
      'action-items:sync': 'postmortems sync',
      upgrade: 'postmortems upgrade',
      // What CI runs on a pull request: the rules, then the build (your pages and overrides included). Never the engine's tests.
      test: 'postmortems check && postmortems build',
    },
    dependencies: {
      [manifest.name]: spec.spec,
      astro: manifest.peerDependencies['astro']!,
    },
  };
  files.set('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
  return { target, files };
}

/** Files are written exclusively: an existing file is never replaced. */
export async function writePlan(plan: CreatePlan): Promise<void> {
  for (const [path, text] of [...plan.files].sort(([a], [b]) => a.localeCompare(b))) {
    const file = join(plan.target, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, text, { flag: 'wx' });
  }
}

/** A path or value as shown on a terminal or a CI log: the one escaping of that channel. */
const shown = displayText;

export async function runCreate(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand('create', argv, io, {
    help: HELP,
    usage: 'Run `postmortems create --help` for usage.',
    allowPositionals: true,
    options: {
      title: { type: 'string' },
      description: { type: 'string' },
      engine: { type: 'string' },
      'content-owners': { type: 'string' },
      'engine-owners': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (typeof parsed === 'number') return parsed;
  if (parsed.positionals.length !== 1) {
    io.stderr(`create: expected one folder, e.g. \`postmortems create acme-postmortems\`\nRun \`postmortems create --help\` for usage.`);
    return 2;
  }
  const dir = parsed.positionals[0]!;
  const v = parsed.values;
  const plan = planCreate(io.cwd, dir, {
    title: v.title,
    description: v.description,
    engine: v.engine,
    contentOwners: v['content-owners'],
    engineOwners: v['engine-owners'],
  });
  if ('error' in plan) {
    io.stderr(`create: ${shown(plan.error)}`);
    return 2;
  }
  if (existsSync(plan.target)) {
    if (!statSync(plan.target).isDirectory()) {
      io.stderr(`create: ${shown(dir)} exists and is not a folder; nothing was written.`);
      return 1;
    }
    if (readdirSync(plan.target).length > 0) {
      io.stderr(`create: ${shown(dir)} is not empty; nothing was written. Choose a new folder, or empty this one.`);
      return 1;
    }
  }
  try {
    await writePlan(plan);
  } catch (error) {
    io.stderr(`create: could not write ${shown(dir)}: ${shown((error as Error).message)}`);
    return 1;
  }
  const where = relative(io.cwd, plan.target) || '.';
  const cd = /^[\w./-]+$/.test(where) ? where : JSON.stringify(shown(where));
  io.stdout(
    [
      `Created ${shown(where)}: ${plan.files.size} files, your organisation's postmortem repository.`,
      '',
      'Next:',
      `  cd ${cd}`,
      '  npm install',
      '  npm run dev                 # the site at http://localhost:4321',
      '  git init && git add -A && git commit -m "Postmortem repository"',
      '',
      'Then:',
      '  - postmortems.config.ts: your repository URL, logo, colours… (every option is listed there)',
      `  - .github/CODEOWNERS: ${v['content-owners'] && v['engine-owners'] ? 'check the owners' : 'name the owners (--content-owners / --engine-owners, or edit the commented lines)'}`,
      '  - npm run new: your first postmortem; then delete the example in postmortems/',
      '  - to publish on GitHub Pages: Settings → Pages → Source "GitHub Actions" (a Pages site is public',
      '    unless your plan offers private Pages: read "Deploying" in the astro-postmortems README first)',
    ].join('\n'),
  );
  return 0;
}
