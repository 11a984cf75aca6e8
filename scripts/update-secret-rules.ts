/**
 * Updates the credential catalogue `secrets/leak` runs: gitleaks' default configuration, pinned to one commit.
 *
 *   node scripts/update-secret-rules.ts --from <a clone of github.com/gitleaks/gitleaks> [--ref <commit or tag>]
 *
 * Reads, at that commit (default HEAD), with `git show` so the clone's work tree does not matter:
 *   - config/gitleaks.toml and LICENSE: copied unmodified to packages/astro-postmortems/src/core/secrets/gitleaks/, with SOURCE.md naming
 *     the repository and the full commit SHA;
 *   - the rules as a data module, packages/astro-postmortems/src/core/secrets/gitleaks/rules.ts (committed, so Node runs it without TOML or
 *     this script): id, description, RE2 pattern, keywords, entropy, secret group and allowlists, as written;
 *   - each rule's own true and false positives (`tps`, `fps` in cmd/generate/config/rules/*.go, evaluated by
 *     scripts/secrets/go-samples.ts with a fixed seed) to test/fixtures/gitleaks/samples.json, which
 *     test/security/secrets-catalogue.test.ts measures the rule against.
 *
 * Every pattern is compiled with re2js (the engine `findSecrets` runs) before anything is written: a pattern
 * that does not compile stops the update. Run it again with a newer --ref to update; review the diff and run
 * `npx vitest run test/security/secrets-catalogue.test.ts` before committing.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { RE2JS } from 're2js';
import { parse as parseToml } from 'smol-toml';
import type { CatalogueAllowlist, CatalogueRule } from '../packages/astro-postmortems/src/core/secrets/catalogue.ts';
import { readSamples, readTemplates } from './secrets/go-samples.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'packages/astro-postmortems/src/core/secrets/gitleaks');
const SAMPLES = join(ROOT, 'test/fixtures/gitleaks/samples.json');
const REPOSITORY = 'https://github.com/gitleaks/gitleaks';

const { values } = parseArgs({ options: { from: { type: 'string' }, ref: { type: 'string', default: 'HEAD' } } });
if (!values.from) {
  console.error('Usage: node scripts/update-secret-rules.ts --from <gitleaks clone> [--ref <commit>]');
  process.exit(2);
}
const git = (...args: string[]) => execFileSync('git', ['-C', values.from!, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const commit = git('rev-parse', '--verify', `${values.ref}^{commit}`).trim();
const date = git('show', '-s', '--format=%cI', commit).trim();
const show = (path: string) => git('show', `${commit}:${path}`);

const toml = show('config/gitleaks.toml');
const license = show('LICENSE');

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
    throw new Error(`${where}: ${pattern}: ${(error as Error).message}`);
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

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'gitleaks.toml'), toml);
writeFileSync(join(OUT, 'LICENSE'), license);
writeFileSync(
  join(OUT, 'SOURCE.md'),
  `# gitleaks' default rules, vendored

- Repository: ${REPOSITORY}
- Commit: ${commit} (${date})
- Files: \`config/gitleaks.toml\` and \`LICENSE\`, copied here unmodified; \`rules.ts\` is generated from the TOML.
- Licence: MIT (\`LICENSE\` beside this file).
- Update: \`node scripts/update-secret-rules.ts --from <gitleaks clone> --ref <commit>\` (see the script's header).

Rules left out (they name a kind of file, not text): ${skipped.length ? skipped.join(', ') : 'none'}.
`,
);
writeFileSync(
  join(OUT, 'rules.ts'),
  `// Generated by scripts/update-secret-rules.ts from ${REPOSITORY} at ${commit}: do not edit.
// gitleaks is MIT-licensed (./LICENSE); the patterns are RE2 syntax, run by re2js.
import type { Catalogue } from '../catalogue.ts';

export const GITLEAKS: Catalogue = ${JSON.stringify({ source: { repository: REPOSITORY, commit, date }, allowlists: globalAllowlists, rules }, null, 1)};
`,
);

const rulesDir = 'cmd/generate/config/rules';
const goFiles: Record<string, string> = {};
for (const name of git('ls-tree', '--name-only', `${commit}:${rulesDir}`).split('\n')) {
  if (name.endsWith('.go') && !name.endsWith('_test.go')) goFiles[name] = show(`${rulesDir}/${name}`);
}
const samples = readSamples(goFiles, readTemplates(show('cmd/generate/config/utils/generate.go')));
const byRule: Record<string, { tps: string[]; fps: string[]; unknown: number }> = {};
for (const r of rules) {
  const s = samples.get(r.id);
  if (s) byRule[r.id] = { tps: s.tps, fps: s.fps, unknown: s.unknown };
}
mkdirSync(dirname(SAMPLES), { recursive: true });
writeFileSync(SAMPLES, JSON.stringify({ source: { repository: REPOSITORY, commit, files: `${rulesDir}/*.go` }, rules: byRule }, null, 1) + '\n');

const count = (k: 'tps' | 'fps') => Object.values(byRule).reduce((n, s) => n + s[k].length, 0);
console.log(`gitleaks ${commit.slice(0, 12)}: ${rules.length} rules (${skipped.length} path-only left out), ${count('tps')} true and ${count('fps')} false positives from ${Object.keys(byRule).length} rules; ${Object.values(byRule).reduce((n, s) => n + s.unknown, 0)} samples not evaluable, left out`);
