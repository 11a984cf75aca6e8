/**
 * The remark-lint preset: every postmortem rule as a `unified-lint-rule`
 * plugin, so `remark --frail` and editors running the remark language server
 * report exactly what `check` reports. Each plugin reads the shared result of
 * one `lintFile` run per file; the rules themselves live in `src/core/rules`.
 */
import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import remarkFrontmatter from 'remark-frontmatter';
import remarkMdx from 'remark-mdx';
import { lintRule } from 'unified-lint-rule';
import type { VFile } from 'vfile';
import type { PostmortemConfig } from '../core/config.ts';
import { lintFile } from '../core/lint.ts';
import type { LintMessage } from '../core/messages.ts';
import { parsePostmortem } from '../core/parse.ts';
import { indexRepository, POSTMORTEMS_DIR } from '../core/repository.ts';
import { ruleAnchor, type RepositoryIndex } from '../core/rule.ts';
import { rules } from '../core/rules/index.ts';

/** Where each rule's documentation is: `docs/rules.md` in the configured repository, when there is one. */
export function rulesDocsUrl(config: PostmortemConfig): string | undefined {
  const repository = config.repository;
  if (!repository) return undefined;
  return `${repository.url.replace(/\/+$/, '')}/blob/${repository.branch}/docs/rules.md`;
}

/** Every id under `postmortems/`, read once per process (editors keep the process alive, so ids added later are picked up on the next start). */
const indexes = new Map<string, RepositoryIndex>();
function repositoryFor(cwd: string): RepositoryIndex {
  let index = indexes.get(cwd);
  if (!index) {
    const files: string[] = [];
    const walk = (dir: string) => {
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (e.name.startsWith('.')) continue;
        const abs = join(dir, e.name);
        if (e.isDirectory()) walk(abs);
        else if (e.name.endsWith('.mdx')) files.push(relative(cwd, abs).split('\\').join('/'));
      }
    };
    walk(resolve(cwd, POSTMORTEMS_DIR));
    index = indexRepository(files);
    indexes.set(cwd, index);
  }
  return index;
}

export function createPreset(config: PostmortemConfig) {
  const results = new WeakMap<VFile, LintMessage[]>();
  const messagesFor = (file: VFile): LintMessage[] => {
    let messages = results.get(file);
    if (!messages) {
      const cwd = file.cwd;
      const path = relative(cwd, file.path ? resolve(cwd, file.path) : join(cwd, POSTMORTEMS_DIR, 'untitled.mdx')).split('\\').join('/');
      const repository = repositoryFor(cwd);
      const known = repository.ids.get(path.slice(path.lastIndexOf('/') + 1).replace(/\.mdx$/, ''));
      const ids = known?.includes(path) ? repository : indexRepository([...[...repository.ids.values()].flat(), path]);
      messages = lintFile(parsePostmortem(path, String(file.value)), { config, repository: ids }).messages;
      results.set(file, messages);
    }
    return messages;
  };
  const docs = rulesDocsUrl(config);
  const plugins = rules
    // remark reports MDX syntax errors itself, before any rule runs.
    .filter((rule) => rule.id !== 'mdx/syntax')
    .map((rule) => {
      const plugin = lintRule({ origin: `postmortem:${rule.id}`, ...(docs ? { url: `${docs}#${ruleAnchor(rule.id)}` } : {}) }, (_tree, file) => {
        for (const m of messagesFor(file)) {
          if (m.rule === rule.id) file.message(m.message, { place: { line: m.line, column: m.column } });
        }
      });
      const level = config.rules[rule.id] ?? rule.level;
      // unified-lint-rule reads its severity from an array option: `[plugin, ['error']]`.
      return [plugin, [level === 'error' ? 'error' : level === 'off' ? 'off' : 'warn']] as const;
    });
  return { plugins: [remarkFrontmatter, remarkMdx, ...plugins] };
}
