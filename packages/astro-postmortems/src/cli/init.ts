/**
 * `npm run init`: makes a copy of this repository an organisation's own.
 *
 * It changes only the places an organisation owns (see README, "Taking a new
 * upstream version"): `postmortems.config.ts`, `postmortems/` (the sample
 * postmortems are removed, and only them) and, when asked, `.github/CODEOWNERS`.
 * Nothing of the sample company that acts is kept: its title, description and repository URL are replaced, and its
 * GitHub handles (`github.owners`, which the sync assigns issues to and the weekly report @-mentions) are removed.
 * The samples are recognised by `init-samples.json`: a path and the hash of
 * the content upstream shipped. A sample that was edited is never deleted: init
 * refuses and changes nothing. Running it twice is safe: the second run finds
 * no sample and keeps the configuration it wrote.
 *
 * CODEOWNERS gives `postmortems/` to the people who review content and
 * everything else to engine owners, `postmortems.config.ts` included: the
 * configuration is code (check, the build and deploys run it), so content
 * reviewers alone never approve it.
 */
import { execFileSync } from 'node:child_process';
import { sha256 } from '../core/utils/hash.ts';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import * as prompts from '@clack/prompts';
import { CONFIG_FILE, resolveConfig, type PostmortemConfigInput } from '../core/config.ts';
import { POSTMORTEMS_DIR } from '../core/repository.ts';
import { parseCommand, type CliIo } from './common.ts';
import { CODEOWNERS_FILE, ownersProblem, renderCodeowners } from './codeowners.ts';
import { displayLine } from '../core/terminal-text.ts';
import { basePath } from '../core/urls.ts';

export interface InitIo extends CliIo {
  input?: Readable;
  output?: Writable;
  /** `git remote get-url origin`, or undefined. */
  gitOrigin?: () => string | undefined;
}

export interface SampleManifest {
  files: { path: string; id: string; sha256: string }[];
  sampleConfig: {
    title: string;
    description: string;
    repositoryUrl: string;
    /** Hashes of the sample's GitHub handles (`github.owners`), lowercase without `@`: init removes them. */
    githubHandles?: string[];
  };
  /** Hash of the `.github/CODEOWNERS` upstream ships (it names the sample organisation's teams): removed like a sample. */
  sampleCodeowners?: string;
}

export const MANIFEST_URL = new URL('./init-samples.json', import.meta.url);

/** Every file `init` may change: the documented places an organisation owns. */
export const INIT_OWNED = [CONFIG_FILE, `${POSTMORTEMS_DIR}/`, CODEOWNERS_FILE] as const;

const HELP = `Usage: npm run init -- [options]

Makes this repository your organisation's own: writes ${CONFIG_FILE}, removes the
sample postmortems (only them), optionally sets ${CODEOWNERS_FILE}, prints the next steps.
On a terminal it asks for what the flags do not give; elsewhere pass --yes.

Options:
  --title <text>          Site name, e.g. "Kestrel Freight Postmortems"
  --description <text>    One sentence under the title
  --repository <url>      Web URL of the repository (default: git remote get-url origin)
  --branch <name>         Branch the site is built from (default: main)
  --base-path <path>      Path the site is served under, e.g. /postmortems/ (default: /)
  --codeowners <owners>   Who reviews postmortems/ (content) in ${CODEOWNERS_FILE}, e.g. "@acme/incident-review"
  --engine-owners <owners>
                          Who reviews everything else in ${CODEOWNERS_FILE}, ${CONFIG_FILE} included (it is
                          code: check, the build and deploys run it), e.g. "@acme/postmortem-engine";
                          required with --codeowners
  --keep-samples          Do not remove the sample postmortems
  --yes                   Accept the defaults for everything not given; never ask
  --help                  Show this help`;

export const hashText = (text: string): string => sha256(text.replace(/\r\n/g, '\n'));

export function readManifest(url: URL = MANIFEST_URL): SampleManifest {
  return JSON.parse(readFileSync(url, 'utf8')) as SampleManifest;
}

/** `git@github.com:acme/pm.git` or `https://github.com/acme/pm.git` → `https://github.com/acme/pm`; other URLs unchanged but for `.git`. */
export function webUrlFromRemote(remote: string): string | undefined {
  const text = remote.trim();
  if (!text) return undefined;
  const ssh = /^(?:ssh:\/\/)?git@([^:/]+)[:/](.+?)(?:\.git)?\/?$/.exec(text);
  if (ssh) return `https://${ssh[1]}/${ssh[2]}`;
  const http = /^https?:\/\/(?:[^@/]+@)?(.+?)(?:\.git)?\/?$/.exec(text);
  if (http) return `https://${http[1]}`;
  return undefined;
}

export function defaultGitOrigin(cwd: string): string | undefined {
  try {
    return (
      execFileSync('git', ['remote', 'get-url', 'origin'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() ||
      undefined
    );
  } catch {
    return undefined;
  }
}

export interface SamplePlan {
  /** Samples whose content is still upstream's: removed. */
  remove: string[];
  /** Sample paths whose content was changed: init refuses. */
  modified: string[];
  /** Other files under postmortems/: kept, never touched. */
  kept: string[];
}

async function listFiles(root: string, dir: string): Promise<string[]> {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  const entries = await readdir(abs, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) =>
      join(e.parentPath, e.name)
        .slice(root.length + 1)
        .split('\\')
        .join('/'),
    )
    .sort();
}

export async function planSamples(root: string, manifest: SampleManifest): Promise<SamplePlan> {
  const byPath = new Map(manifest.files.map((f) => [f.path, f.sha256]));
  const plan: SamplePlan = { remove: [], modified: [], kept: [] };
  for (const path of await listFiles(root, POSTMORTEMS_DIR)) {
    const expected = byPath.get(path);
    if (!expected) plan.kept.push(path);
    else if (hashText(readFileSync(join(root, path), 'utf8')) === expected) plan.remove.push(path);
    else plan.modified.push(path);
  }
  return plan;
}

/** The options in `postmortems.config.ts` as written (defaults not filled in), read in a child process so a second run in the same process sees the file as it is now. */
function readUserConfig(root: string): PostmortemConfigInput {
  const file = join(root, CONFIG_FILE);
  if (!existsSync(file)) return {};
  const script = `const m = await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(JSON.stringify(m.default ?? {}));`;
  const json = execFileSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(json) as PostmortemConfigInput;
}

/** A single-quoted string literal of `value`: JSON's escapes (line breaks and controls too, so the file stays valid), `'` escaped. */
function singleQuoted(value: string): string {
  return `'${[...value].map((c) => (c === "'" ? "\\'" : c === '"' ? c : JSON.stringify(c).slice(1, -1))).join('')}'`;
}

/** The configuration file, as `init` writes it: every option the organisation had, with the new identity. */
export function renderConfig(config: PostmortemConfigInput): string {
  const body = JSON.stringify(config, null, 2)
    .replace(/^(\s*)"([A-Za-z_$][\w$]*)":/gm, '$1$2:')
    .replace(/"((?:[^"\\]|\\.)*)"/g, (_m, s: string) => singleQuoted(JSON.parse(`"${s}"`) as string));
  return `/**
 * Site and format settings, in one typed place: yours to edit (upgrades of the
 * engine never change this file). Written by \`postmortems init\`; every option
 * is documented in the engine's docs ("Configuration") and in your editor.
 */
import { defineConfig } from 'astro-postmortems/config';

export default defineConfig(${body});
`;
}

class Cancelled extends Error {}

export async function runInit(argv: readonly string[], io: InitIo, manifest: SampleManifest = readManifest()): Promise<number> {
  const parsed = parseCommand('init', argv, io, {
    help: HELP,
    options: {
      title: { type: 'string' },
      description: { type: 'string' },
      repository: { type: 'string' },
      branch: { type: 'string' },
      'base-path': { type: 'string' },
      codeowners: { type: 'string' },
      'engine-owners': { type: 'string' },
      'keep-samples': { type: 'boolean' },
      yes: { type: 'boolean', short: 'y' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const interactive = !values.yes;
  if (interactive && !io.isTTY) {
    io.stderr(`init: not a terminal, so nothing can be asked; pass --yes (with --title and the other flags you need).\n\n${HELP}`);
    return 2;
  }

  let current: PostmortemConfigInput;
  try {
    current = readUserConfig(io.cwd);
  } catch (error) {
    io.stderr(displayLine`init: could not read ${CONFIG_FILE}: ${(error as Error).message}`);
    return 1;
  }
  // The sample's identity is never kept: it names the sample company.
  const sample = manifest.sampleConfig;
  const isSample = (value: string | undefined, hash: string) => value !== undefined && hashText(value) === hash;
  const defaults = resolveConfig({});
  const currentTitle = isSample(current.title, sample.title) ? undefined : current.title;
  const currentDescription = isSample(current.description, sample.description) ? undefined : current.description;
  const currentUrl = isSample(current.repository?.url, sample.repositoryUrl) ? undefined : current.repository?.url;
  const origin = webUrlFromRemote((io.gitOrigin ?? (() => defaultGitOrigin(io.cwd)))() ?? '');

  const plan = await planSamples(io.cwd, manifest);
  if (plan.modified.length && !values['keep-samples']) {
    io.stderr(
      [
        `init: refusing to remove sample postmortems that were edited (their content differs from the sample upstream shipped):`,
        ...plan.modified.map((p) => displayLine`  - ${p}`),
        `Nothing was changed. If they are yours now, rename them (init only removes unchanged samples at their original paths);`,
        `otherwise delete them yourself, then run init again. Or pass --keep-samples to leave every sample in place.`,
      ].join('\n'),
    );
    return 1;
  }

  for (const flag of ['codeowners', 'engine-owners'] as const) {
    const owners = values[flag]?.trim();
    const problem = owners ? ownersProblem(owners) : undefined;
    if (problem) {
      io.stderr(`init: --${flag}: ${problem}. Nothing was changed.`);
      return 2;
    }
  }

  if (values.codeowners?.trim() && !values['engine-owners']?.trim()) {
    io.stderr(
      `init: --codeowners gives ${POSTMORTEMS_DIR}/ to its reviewers; ${CONFIG_FILE} and the rest of the repository are code, reviewed by engine owners: give them with --engine-owners (e.g. "@acme/postmortem-engine") too. Nothing was changed.`,
    );
    return 2;
  }

  let answers: Answers;
  try {
    const given = {
      title: values.title ?? currentTitle ?? defaults.title,
      description: values.description ?? currentDescription ?? defaults.description,
      repository: values.repository ?? currentUrl ?? origin,
      branch: values.branch ?? current.repository?.branch ?? 'main',
      basePath: values['base-path'] ?? current.basePath,
      codeowners: values.codeowners?.trim() || undefined,
      engineOwners: values['engine-owners']?.trim() || undefined,
      removeSamples: !values['keep-samples'] && plan.remove.length > 0,
    };
    answers = interactive ? await ask(given, values, plan, io) : given;
  } catch (error) {
    if (error instanceof Cancelled) {
      io.stderr('init: cancelled; nothing was changed.');
      return 130;
    }
    throw error;
  }

  const next: PostmortemConfigInput = { ...current, title: answers.title, description: answers.description };
  delete next.repository;
  if (answers.repository) next.repository = { url: answers.repository, branch: answers.branch };
  delete next.basePath;
  if (answers.basePath && basePath(answers.basePath.trim()) !== '/') next.basePath = basePath(answers.basePath.trim());
  // Keep the key order readable: identity first, then whatever else the organisation set.
  const sampleHandles = new Set(sample.githubHandles ?? []);
  const owners = withoutSampleHandles(next.github?.owners, (handle) => sampleHandles.has(hashText(handle.replace(/^@/, '').toLowerCase())));
  if (next.github) {
    const github = { ...next.github, ...(owners ? { owners } : {}) };
    if (!owners) delete github.owners;
    if (Object.keys(github).length) next.github = github;
    else delete next.github;
  }
  const ordered: PostmortemConfigInput = {
    title: next.title,
    description: next.description,
    ...(next.repository ? { repository: next.repository } : {}),
    ...next,
  };
  try {
    resolveConfig(ordered);
  } catch (error) {
    io.stderr(`${displayLine`init: ${(error as Error).message}`}\nNothing was changed.`);
    return 2;
  }

  const changed: string[] = [];
  const configText = renderConfig(ordered);
  const configPath = join(io.cwd, CONFIG_FILE);
  if (!existsSync(configPath) || readFileSync(configPath, 'utf8') !== configText) {
    await writeFile(configPath, configText);
    changed.push(`wrote ${CONFIG_FILE}`);
  }
  if (answers.removeSamples) {
    for (const path of plan.remove) await rm(join(io.cwd, path));
    await removeEmptyFolders(join(io.cwd, POSTMORTEMS_DIR));
    await mkdir(join(io.cwd, POSTMORTEMS_DIR), { recursive: true });
    // Git does not keep empty folders; this keeps postmortems/ until the first postmortem arrives.
    const keep = join(io.cwd, POSTMORTEMS_DIR, '.gitkeep');
    if (!existsSync(keep) && plan.kept.length === 0) await writeFile(keep, '');
    changed.push(`removed ${plan.remove.length} sample postmortem${plan.remove.length === 1 ? '' : 's'}`);
  }
  const codeownersPath = join(io.cwd, CODEOWNERS_FILE);
  if (answers.engineOwners) {
    const text = renderCodeowners({ content: answers.codeowners, engine: answers.engineOwners });
    if (!existsSync(codeownersPath) || readFileSync(codeownersPath, 'utf8') !== text) {
      await mkdir(dirname(codeownersPath), { recursive: true });
      await writeFile(codeownersPath, text);
      const content = answers.codeowners ? displayLine`${answers.codeowners} reviews ${POSTMORTEMS_DIR}/, ` : '';
      changed.push(`wrote ${CODEOWNERS_FILE} (${content}${displayLine`${answers.engineOwners}`} reviews ${CONFIG_FILE} and the rest)`);
    }
  } else if (
    answers.removeSamples &&
    manifest.sampleCodeowners &&
    existsSync(codeownersPath) &&
    hashText(readFileSync(codeownersPath, 'utf8')) === manifest.sampleCodeowners
  ) {
    // Upstream's own, naming the sample organisation's teams: removed like the samples, and only while unchanged.
    await rm(codeownersPath);
    changed.push(`removed the sample ${CODEOWNERS_FILE} (it named the sample organisation's teams)`);
  }

  const lines = [changed.length ? `init: ${changed.join('; ')}.` : 'init: nothing to change; the repository is already set up.'];
  if (plan.kept.length)
    lines.push(
      `Kept ${plan.kept.length} file${plan.kept.length === 1 ? '' : 's'} under postmortems/ that ${plan.kept.length === 1 ? 'is' : 'are'} not a sample.`,
    );
  if (!answers.repository)
    lines.push(
      `No repository URL (no --repository and no git remote "origin"): pages have no "Edit" and "History" links until you set repository.url in ${CONFIG_FILE}.`,
    );
  lines.push(
    '',
    'Next steps:',
    '  1. git add -A && git commit -m "Make the postmortem site our own"   (init changed only the files above)',
    '  2. npm run new            write your first postmortem (CONTRIBUTING.md explains each section)',
    '  3. npm start              build and preview the site at http://localhost:4321/',
    '  4. Decide who may read the site before deploying it: docs/deploy.md (GitHub Pages sites are public unless',
    '     your plan offers private Pages). Deployment builds need SITE_URL.',
    `  5. Optional: a logo in public/ (see README, "What is yours"); who reviews what with --codeowners <content owners>`,
    `     --engine-owners <code owners> (${CONFIG_FILE} is code: give it to the engine owners).`,
  );
  io.stdout(lines.join('\n'));
  return 0;
}

/**
 * `github.owners` without the sample's handles: an owner left with none is removed, and `undefined` when none is
 * left. Handles the organisation added, even beside a sample's, are kept.
 */
export function withoutSampleHandles(
  owners: Record<string, readonly string[]> | undefined,
  isSample: (handle: string) => boolean,
): Record<string, string[]> | undefined {
  if (!owners) return undefined;
  const kept = Object.entries(owners)
    .map(([owner, handles]) => [owner, handles.filter((h) => !isSample(h))] as const)
    .filter(([, handles]) => handles.length > 0);
  return kept.length ? Object.fromEntries(kept) : undefined;
}

async function removeEmptyFolders(dir: string): Promise<void> {
  if (!existsSync(dir)) return;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const sub = join(dir, entry.name);
      await removeEmptyFolders(sub);
      if ((await readdir(sub)).length === 0) await rmdir(sub);
    }
  }
}

interface Answers {
  title: string;
  description: string;
  repository: string | undefined;
  branch: string;
  basePath: string | undefined;
  /** Reviewers of `postmortems/`. */
  codeowners: string | undefined;
  /** Reviewers of everything else, the configuration included. */
  engineOwners: string | undefined;
  removeSamples: boolean;
}

async function ask(
  given: Answers,
  flags: {
    title?: string | undefined;
    description?: string | undefined;
    repository?: string | undefined;
    branch?: string | undefined;
    'base-path'?: string | undefined;
    codeowners?: string | undefined;
    'engine-owners'?: string | undefined;
    'keep-samples'?: boolean | undefined;
  },
  plan: SamplePlan,
  io: InitIo,
): Promise<Answers> {
  const common = { ...(io.input ? { input: io.input } : {}), ...(io.output ? { output: io.output } : {}) };
  const answer = <T>(value: T): Exclude<T, symbol> => {
    if (prompts.isCancel(value)) throw new Cancelled();
    return value as Exclude<T, symbol>;
  };
  const required = (v: string | undefined) => (v && v.trim() ? undefined : 'Required');
  const url = (v: string | undefined) =>
    !v || !v.trim() || /^https?:\/\/\S+$/.test(v.trim()) ? undefined : 'A web URL such as https://github.com/acme/postmortems, or empty';
  prompts.intro('Make this postmortem repository your own', common);
  const out = { ...given };
  if (flags.title === undefined)
    out.title = answer(await prompts.text({ message: 'Site title', initialValue: given.title, validate: required, ...common })).trim();
  if (flags.description === undefined)
    out.description = answer(
      await prompts.text({ message: 'One-sentence description', initialValue: given.description, ...common }),
    ).trim();
  if (flags.repository === undefined) {
    const value = answer(
      await prompts.text({
        message: 'Repository web URL (for "Edit" and "History" links; empty for none)',
        initialValue: given.repository ?? '',
        validate: url,
        ...common,
      }),
    ).trim();
    out.repository = value || undefined;
  }
  if (flags.branch === undefined && out.repository)
    out.branch = answer(
      await prompts.text({ message: 'Branch the site is built from', initialValue: given.branch, validate: required, ...common }),
    ).trim();
  if (flags['base-path'] === undefined) {
    const value = answer(
      await prompts.text({
        message: 'Path the site is served under ("/" at the root of a domain)',
        initialValue: given.basePath ?? '/',
        ...common,
      }),
    ).trim();
    out.basePath = value || undefined;
  }
  if (flags.codeowners === undefined) {
    const value = answer(
      await prompts.text({
        message: 'Owners who must review postmortems/ (CODEOWNERS, e.g. @acme/incident-review; empty to skip)',
        initialValue: '',
        validate: (v) => (v?.trim() ? ownersProblem(v) : undefined),
        ...common,
      }),
    ).trim();
    out.codeowners = value || undefined;
  }
  if (flags['engine-owners'] === undefined && out.codeowners) {
    out.engineOwners = answer(
      await prompts.text({
        message: `Owners who must review ${CONFIG_FILE} and the rest (code: check and the build run it), e.g. @acme/postmortem-engine`,
        initialValue: '',
        validate: (v) => required(v) ?? ownersProblem(v!),
        ...common,
      }),
    ).trim();
  }
  if (flags['keep-samples'] === undefined && plan.remove.length) {
    out.removeSamples = answer(
      await prompts.confirm({ message: `Remove the ${plan.remove.length} sample postmortems?`, initialValue: true, ...common }),
    );
  }
  prompts.outro('Writing the files', common);
  return out;
}
