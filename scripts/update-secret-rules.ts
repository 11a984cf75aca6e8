/**
 * Updates the credential catalogue `secrets/leak` runs: gitleaks' default configuration, pinned to one commit.
 * It reads gitleaks' files from either of two places:
 *
 *   node scripts/update-secret-rules.ts --from <a clone of github.com/gitleaks/gitleaks> [--ref <commit or tag>]
 *   node scripts/update-secret-rules.ts --dir <folder of gitleaks' files>
 *
 * `--from` (a maintainer with a clone): every file at that commit (default HEAD), read with `git show`, so the
 * clone's work tree does not matter.
 *
 * `--dir`: a folder holding gitleaks' files at their repository paths (config/gitleaks.toml, LICENSE,
 * cmd/generate/config/utils/generate.go, cmd/generate/config/rules/*.go), with a manifest `SOURCES.json`,
 * `{ "repository": …, "via": "how the files were obtained", "files": { "<path>": "<commit>" } }`, naming the
 * commit each file was read at (the files may come from different commits; the catalogue's commit is
 * config/gitleaks.toml's). A rule file the folder lacks gives its rules no samples (they are listed).
 *
 * Writes:
 *   - config/gitleaks.toml and LICENSE, unmodified, to packages/astro-postmortems/src/core/secrets/gitleaks/, with
 *     SOURCE.md naming the repository, each file's path and commit, and how the files were obtained;
 *   - the rules as a data module, packages/astro-postmortems/src/core/secrets/gitleaks/rules.ts (committed, so Node
 *     runs it without TOML or this script; it carries gitleaks' MIT notice): id, description, RE2 pattern,
 *     keywords, entropy, secret group and allowlists, as written;
 *   - each rule's own true and false positives (`tps`, `fps` in cmd/generate/config/rules/*.go, evaluated by
 *     scripts/secrets/go-samples.ts with a fixed seed) to test/fixtures/gitleaks/samples.json, with the commit of
 *     every file they come from and gitleaks' licence, which `npm run bench:secrets` (all of them) and
 *     test/security/secrets-catalogue.test.ts (every rule's share) measure the rule against. Only the sample strings are written: the Go files themselves are never copied.
 *
 * Every pattern is compiled with re2js (the engine `findSecrets` runs) before anything is written: a pattern
 * that does not compile stops the update. Review the diff and run
 * `npm run bench:secrets` and `npx vitest run test/security/secrets-catalogue.test.ts` before committing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RE2JS } from 're2js';
import { parse as parseToml } from 'smol-toml';
import type { CatalogueAllowlist, CatalogueRule } from '../packages/astro-postmortems/src/core/secrets/catalogue.ts';
import { prefilterIndex } from '../packages/astro-postmortems/src/core/secrets/prefilter.ts';
import { displayLine, displayText } from '../packages/astro-postmortems/src/core/terminal-text.ts';
import { keywordsModule } from './secrets/keywords-module.ts';
import { readSamples, readTemplates } from './secrets/go-samples.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'packages/astro-postmortems/src/core/secrets/gitleaks');
const SAMPLES = join(ROOT, 'test/fixtures/gitleaks/samples.json');
const REPOSITORY = 'https://github.com/gitleaks/gitleaks';
const TOML = 'config/gitleaks.toml';
const LICENSE = 'LICENSE';
const GENERATE = 'cmd/generate/config/utils/generate.go';
const RULES_DIR = 'cmd/generate/config/rules';

/** gitleaks' files, wherever they are read from. */
interface Source {
  repository: string;
  /** How the files were obtained, for SOURCE.md and the samples. */
  via: string;
  /** The commit each file was read at. */
  commitOf(path: string): string;
  /** The commit date of the catalogue, when known. */
  date?: string;
  read(path: string): string;
  /** The rule generators: file name → Go source. */
  ruleFiles(): Record<string, string>;
}

function fromClone(clone: string, ref: string): Source {
  const git = (...args: string[]) => execFileSync('git', ['-C', clone, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const commit = git('rev-parse', '--verify', `${ref}^{commit}`).trim();
  const read = (path: string) => git('show', `${commit}:${path}`);
  return {
    repository: REPOSITORY,
    via: `git clone, \`git show ${commit}:<path>\``,
    commitOf: () => commit,
    date: git('show', '-s', '--format=%cI', commit).trim(),
    read,
    ruleFiles: () => {
      const files: Record<string, string> = {};
      for (const name of git('ls-tree', '--name-only', `${commit}:${RULES_DIR}`).split('\n')) {
        if (name.endsWith('.go') && !name.endsWith('_test.go')) files[`${RULES_DIR}/${name}`] = read(`${RULES_DIR}/${name}`);
      }
      return files;
    },
  };
}

function fromFolder(folder: string): Source {
  const manifestPath = join(folder, 'SOURCES.json');
  if (!existsSync(manifestPath)) throw new Error(displayLine`${manifestPath}: missing; it names the commit each file was read at`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { repository?: string; via?: string; files?: Record<string, string> };
  const commits = manifest.files ?? {};
  const commitOf = (path: string) => {
    const commit = commits[path];
    if (!commit || !/^[0-9a-f]{40}$/.test(commit)) throw new Error(displayLine`SOURCES.json: no full commit SHA for ${path}`);
    return commit;
  };
  const read = (path: string) => {
    commitOf(path);
    return readFileSync(join(folder, path), 'utf8');
  };
  return {
    repository: manifest.repository ?? REPOSITORY,
    via: manifest.via ?? 'a folder of files',
    commitOf,
    read,
    ruleFiles: () => {
      const files: Record<string, string> = {};
      for (const name of readdirSync(join(folder, RULES_DIR)).sort()) {
        if (name.endsWith('.go') && !name.endsWith('_test.go')) files[`${RULES_DIR}/${name}`] = read(`${RULES_DIR}/${name}`);
      }
      return files;
    },
  };
}

const USAGE = 'Usage: node scripts/update-secret-rules.ts --from <gitleaks clone> [--ref <commit>] | --dir <folder with SOURCES.json>';
const { values } = parseArgs({ options: { from: { type: 'string' }, ref: { type: 'string', default: 'HEAD' }, dir: { type: 'string' } } });
if (!values.from === !values.dir) {
  console.error(USAGE);
  process.exit(2);
}
const source = values.from ? fromClone(values.from, values.ref!) : fromFolder(values.dir!);
const commit = source.commitOf(TOML);

const toml = source.read(TOML);
const license = source.read(LICENSE);

interface TomlAllowlist {
  description?: string;
  condition?: string;
  regexTarget?: string;
  regexes?: string[];
  stopwords?: string[];
  paths?: string[];
  commits?: string[];
}
interface TomlRule {
  id: string;
  description?: string;
  regex?: string;
  path?: string;
  keywords?: string[];
  entropy?: number;
  secretGroup?: number;
  allowlists?: TomlAllowlist[];
  allowlist?: TomlAllowlist;
  required?: unknown[];
  skipReport?: boolean;
}
const config = parseToml(toml) as unknown as { allowlist?: TomlAllowlist; allowlists?: TomlAllowlist[]; rules: TomlRule[] };

/** A checked allowlist as gitleaks applies it to content (commits and paths are kept for the AND condition). */
function allowlist(a: TomlAllowlist): CatalogueAllowlist {
  return {
    ...(a.description ? { description: a.description } : {}),
    condition: a.condition?.toUpperCase() === 'AND' ? 'AND' : 'OR',
    regexTarget: a.regexTarget === 'match' || a.regexTarget === 'line' ? a.regexTarget : 'secret',
    regexes: a.regexes ?? [],
    stopwords: (a.stopwords ?? []).map((s) => s.toLowerCase()),
    paths: a.paths ?? [],
    commits: a.commits ?? [],
  };
}

const compile = (pattern: string, where: string) => {
  try {
    RE2JS.compile(pattern);
  } catch (error) {
    throw new Error(displayLine`${where}: ${pattern}: ${(error as Error).message}`);
  }
};

const rules: CatalogueRule[] = [];
const skipped: string[] = [];
for (const r of config.rules) {
  // A path-only rule names a kind of file (a .p12 keystore), not text a postmortem can hold.
  if (!r.regex) {
    skipped.push(`${r.id} (path only)`);
    continue;
  }
  compile(r.regex, r.id);
  const lists = [...(r.allowlists ?? []), ...(r.allowlist ? [r.allowlist] : [])].map(allowlist);
  for (const a of lists) for (const p of a.regexes) compile(p, `${r.id} allowlist`);
  rules.push({
    id: r.id,
    description: r.description ?? r.id,
    regex: r.regex,
    keywords: [...new Set((r.keywords ?? []).map((k) => k.toLowerCase()))],
    ...(r.entropy ? { entropy: r.entropy } : {}),
    ...(r.secretGroup ? { secretGroup: r.secretGroup } : {}),
    ...(r.path ? { path: r.path } : {}),
    allowlists: lists,
  });
}
const globalAllowlists = [...(config.allowlist ? [config.allowlist] : []), ...(config.allowlists ?? [])].map(allowlist);
for (const a of globalAllowlists) for (const p of a.regexes) compile(p, 'global allowlist');

// The samples, before anything is written: a rule file that does not evaluate stops the update here.
const ruleFiles = source.ruleFiles();
const samples = readSamples(ruleFiles, readTemplates(source.read(GENERATE)));
const byRule: Record<string, { tps: string[]; fps: string[]; unknown: number }> = {};
for (const r of rules) {
  const s = samples.get(r.id);
  if (s && s.tps.length + s.fps.length > 0) byRule[r.id] = { tps: s.tps, fps: s.fps, unknown: s.unknown };
}
const withoutSamples = rules.map((r) => r.id).filter((id) => !byRule[id]);
const noGenerator = withoutSamples.filter((id) => !samples.has(id));
const noSamples = withoutSamples.filter((id) => samples.has(id));
const files = Object.fromEntries([TOML, LICENSE, GENERATE, ...Object.keys(ruleFiles).sort()].map((path) => [path, source.commitOf(path)]));
const otherCommits = Object.entries(files).filter(([, c]) => c !== commit);
const licenceName = /^\s*MIT License/.test(license) ? 'MIT' : 'see LICENSE';

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'gitleaks.toml'), toml);
writeFileSync(join(OUT, 'LICENSE'), license);
const list = (ids: string[]) => (ids.length ? ids.map((id) => `\`${id}\``).join(', ') : 'none');
writeFileSync(
  join(OUT, 'SOURCE.md'),
  `# gitleaks' default rules, vendored

- Repository: ${source.repository}
- \`gitleaks.toml\`: \`${TOML}\` at commit ${commit}${source.date ? ` (${source.date})` : ''}, copied unmodified.
- \`LICENSE\`: \`${LICENSE}\` at commit ${source.commitOf(LICENSE)}, copied unmodified. Licence: ${licenceName}.
- \`rules.ts\`: generated from \`gitleaks.toml\` by \`scripts/update-secret-rules.ts\`; it carries the licence
  notice.
- Obtained through: ${source.via}.
- Test data: the true and false positives of gitleaks' rule generators (\`${RULES_DIR}/*.go\`),
  evaluated by the script, are in \`test/fixtures/gitleaks/samples.json\` with the commit each file was read at${
    otherCommits.length ? ` (${otherCommits.length} of the ${Object.keys(files).length} files at another commit than the TOML's)` : ''
  }. The Go files themselves are not copied.
- Update, from a clone: \`npm run secrets:update -- --from <gitleaks clone> --ref <commit>\`; from a folder
  of gitleaks' files with a \`SOURCES.json\` naming each file's commit: \`npm run secrets:update -- --dir <folder>\`
  (see the script's header).

Rules left out (they name a kind of file, not text): ${skipped.length ? skipped.join(', ') : 'none'}.

Rules without samples, whose generator is not in the files read: ${list(noGenerator)}.

Rules without samples, whose generator has none: ${list(noSamples)}.
`,
);
const notice = license
  .trimEnd()
  .split('\n')
  .map((line) => `//   ${line}`.trimEnd())
  .join('\n');
writeFileSync(
  join(OUT, 'rules.ts'),
  `// Generated by scripts/update-secret-rules.ts from ${source.repository} (${TOML} at ${commit}): do not edit.
// The patterns are RE2 syntax, run by re2js. gitleaks' licence (./LICENSE):
//
${notice}

import type { Catalogue } from '../catalogue.ts';

export const GITLEAKS: Catalogue = ${JSON.stringify(
    {
      source: { repository: source.repository, commit, path: TOML, ...(source.date ? { date: source.date } : {}) },
      allowlists: globalAllowlists,
      rules,
    },
    null,
    1,
  )};
`,
);

mkdirSync(dirname(SAMPLES), { recursive: true });
writeFileSync(
  SAMPLES,
  JSON.stringify(
    {
      source: {
        repository: source.repository,
        via: source.via,
        catalogue: { path: TOML, commit },
        description: `The tps and fps of gitleaks' rule generators (${RULES_DIR}/*.go), evaluated by scripts/secrets/go-samples.ts with a fixed seed per rule function; files: the commit each was read at.`,
        files,
        licence: { name: licenceName, path: LICENSE, commit: source.commitOf(LICENSE), text: license },
      },
      rulesWithoutSamples: { noGenerator, noSamples },
      rules: byRule,
    },
    null,
    1,
  ) + '\n',
);

const count = (k: 'tps' | 'fps') => Object.values(byRule).reduce((n, s) => n + s[k].length, 0);
// Rule ids and paths come from the files read: shown as any user-derived text is.
console.log(
  displayText(
    `gitleaks ${commit.slice(0, 12)}: ${rules.length} rules (${skipped.length} path-only left out), ${count('tps')} true and ${count('fps')} false positives from ${Object.keys(byRule).length} rules (without: ${noGenerator.length} whose generator is not in the files read, ${list(noGenerator)}; ${noSamples.length} whose generator has none, ${list(noSamples)}); ${Object.values(byRule).reduce((n, s) => n + s.unknown, 0)} samples not evaluable, left out; ${otherCommits.length} files read at another commit than the TOML's`,
  ),
);
// The keywords alone, for the writing page's worker: it fetches the patterns (and re2js) only for a text where
// `catalogueMayMatch` (core/secrets/prefilter.ts) finds one that can start a match.
const keywords = [...new Set(rules.filter((r) => !r.path).flatMap((r) => r.keywords))].sort();
writeFileSync(join(OUT, 'keywords.ts'), keywordsModule(`${source.repository} (${TOML} at ${commit})`, keywords, prefilterIndex(rules)));
