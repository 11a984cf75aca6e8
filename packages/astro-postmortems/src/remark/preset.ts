/**
 * The remark-lint preset, built the way remark-lint presets are: `remark-lint`
 * first, then every postmortem rule as a `unified-lint-rule` plugin, so that
 * `remark --frail` and editors running the remark language server report
 * exactly what `check` reports, at the same places. There is one core path:
 * the file is decoded (`decodePostmortem`) and parsed (`parsePostmortem`,
 * parse limits included) the way `check` does it, the repository's ids come
 * from `findPostmortems`, and `lintFile` runs the rules of `src/core/rules`.
 * Each rule plugin reports its own messages from that one run.
 *
 * remark's own tree is kept for remark's own use (configuration comments,
 * formatting); when remark's MDX parser fails where core's does not (or where
 * both do), the tree is the document as one raw node, so that nothing is lost
 * and the problem is reported once, by `mdx/syntax`, where `check` reports it.
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Root } from 'mdast';
import remarkFrontmatter from 'remark-frontmatter';
import remarkLint from 'remark-lint';
import remarkMdx from 'remark-mdx';
import type { Pluggable, Preset, Processor } from 'unified';
import { lintRule } from 'unified-lint-rule';
import type { VFile } from 'vfile';
import { loadConfig } from '../core/load-config.ts';
import type { PostmortemConfig } from '../core/config.ts';
import { atConfiguredLevel, fileProblems } from '../core/file-problems.ts';
import { lintFile } from '../core/lint.ts';
import type { LintMessage } from '../core/messages.ts';
import { idFromPath, parsePostmortem, type ParsedFile } from '../core/parse.ts';
import { decodePostmortem, findPostmortems, indexRepository, POSTMORTEMS_DIR } from '../core/repository.ts';
import { ruleAnchor, type RepositoryIndex } from '../core/rule.ts';
import { rules } from '../core/rules/index.ts';
import { withoutTrailingSlashes } from '../core/urls.ts';

/**
 * Where each rule's documentation is: `docs/rules.md` in the configured repository, when the repository has that page
 * (`root`: where the preset runs, the repository's root). An organisation's repository made by `postmortems create`
 * does not: its messages link nowhere rather than to a missing page (`npm run check -- --explain <rule>` explains a rule).
 */
export function rulesDocsUrl(config: PostmortemConfig, root = process.cwd()): string | undefined {
  const repository = config.repository;
  if (!repository || !existsSync(join(root, 'docs', 'rules.md'))) return undefined;
  return `${withoutTrailingSlashes(repository.url)}/blob/${repository.branch}/docs/rules.md`;
}

export interface PresetOptions {
  /** `YYYY-MM-DD` for the overdue rules; default: today (UTC), as in `check`. */
  today?: string;
}

/** What the parser leaves on the file for the check: core's parse, or the reason the file could not be read. */
interface Parsed {
  file?: ParsedFile;
  problem?: LintMessage;
  messages?: LintMessage[];
}

const STATE = 'postmortem';

function state(file: VFile): Parsed {
  return ((file.data as Record<string, unknown>)[STATE] ??= {}) as Parsed;
}

/** The file's repository-relative `/` path, as `check` names it. */
function pathOf(file: VFile): string {
  const abs = file.path ? resolve(file.cwd, file.path) : resolve(file.cwd, POSTMORTEMS_DIR, 'untitled.mdx');
  return relative(file.cwd, abs).split('\\').join('/');
}

export function createPreset(config: PostmortemConfig, options: PresetOptions = {}): Preset {
  /** Every id under `postmortems/`, found once per process and folder (editors keep the process alive; ids added later are picked up on the next start). */
  const indexes = new Map<string, Promise<RepositoryIndex>>();
  const repositoryFor = (cwd: string): Promise<RepositoryIndex> => {
    let index = indexes.get(cwd);
    if (!index) indexes.set(cwd, (index = findPostmortems(cwd, POSTMORTEMS_DIR).then((found) => indexRepository(found.files))));
    return index;
  };

  /** Core's decode and parse; remark's tree besides, for remark's own use. */
  function postmortemParse(this: Processor) {
    const remarkParser = this.parser;
    this.parser = (document: string, file: VFile): Root => {
      const path = pathOf(file);
      const loaded = file.value instanceof Uint8Array ? decodePostmortem(path, file.value) : { path, text: document };
      const parsed = state(file);
      if (loaded.problem) parsed.problem = loaded.problem;
      else parsed.file = parsePostmortem(path, loaded.text!);
      const raw: Root = { type: 'root', children: [{ type: 'html', value: document }] };
      if (!parsed.file?.tree || !remarkParser) return raw;
      try {
        return remarkParser(document, file) as Root;
      } catch {
        return raw;
      }
    };
  }

  /** One `lintFile` run per file, as in `check`; the rule plugins below report from it. */
  function postmortemCheck() {
    return async (_tree: Root, file: VFile) => {
      const parsed = state(file);
      if (!parsed.file) {
        parsed.messages = parsed.problem ? [atConfiguredLevel(parsed.problem, config) ?? []].flat() : [];
        return;
      }
      const path = parsed.file.path;
      const repository = await repositoryFor(file.cwd);
      const known = repository.ids.get(idFromPath(path));
      const ids = known?.includes(path) ? repository : indexRepository([...[...repository.ids.values()].flat(), path]);
      parsed.messages = lintFile(parsed.file, {
        config,
        repository: ids,
        root: file.cwd,
        ...(options.today ? { today: options.today } : {}),
      }).messages;
    };
  }

  const docs = rulesDocsUrl(config);
  const plugins = [...rules, ...fileProblems].map((rule): Pluggable => {
    const plugin = lintRule(
      { origin: `postmortem:${rule.id}`, ...(docs ? { url: `${docs}#${ruleAnchor(rule.id)}` } : {}) },
      (_tree, file) => {
        for (const m of state(file).messages ?? []) {
          if (m.rule !== rule.id) continue;
          const message = file.message(m.message, { place: { line: m.line, column: m.column } });
          // A level per status: the message's own severity (from `lintFile`) decides, not the plugin's.
          if (perStatus) message.fatal = m.severity === 'error';
        }
      },
    );
    const setting = config.rules[rule.id];
    const perStatus = typeof setting === 'object';
    const level = perStatus ? 'warning' : (setting ?? rule.level);
    // unified-lint-rule reads its severity from an array option: `[plugin, ['error']]`.
    return [plugin, [level === 'error' ? 'error' : level === 'off' ? 'off' : 'warn']];
  });
  return { plugins: [remarkLint, remarkFrontmatter, remarkMdx, postmortemParse, postmortemCheck, ...plugins] };
}

/**
 * The preset for a repository's `.remarkrc.mjs`, configured from its `postmortems.config.ts`:
 *
 *     import { repositoryPreset } from 'astro-postmortems/remark-preset';
 *     export default await repositoryPreset();
 */
export async function repositoryPreset(root: string = process.cwd(), options: PresetOptions = {}): Promise<Preset> {
  return createPreset(await loadConfig(root), options);
}
