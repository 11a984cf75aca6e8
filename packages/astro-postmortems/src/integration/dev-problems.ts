/**
 * Dev only (`astro dev`): the problems of the postmortems the content loader
 * left out, so that the postmortem's URL shows them (file, line, rule, fix)
 * instead of "Page not found". The loader records (`recordAll`, `recordFile`);
 * `src/components/dev-problems.astro`, rendered by the 404 page in dev,
 * reads. Kept on `globalThis` because the loader and the pages may run in
 * different module graphs of the same process. Never used by a build.
 */
import { fileProblems } from '../core/file-problems.ts';
import { idFromPath } from '../core/parse.ts';
import type { LintMessage } from '../core/messages.ts';
import { rules } from '../core/rules/index.ts';
import { globalMemo } from '../lib/global-memo.ts';

export interface FileProblems {
  id: string;
  path: string;
  /** Every message of the file, errors and warnings, in file order. */
  messages: LintMessage[];
}

const registry = () => globalMemo('dev-problems', () => new Map<string, FileProblems>());

/** Replaces what is known with one full check of the repository: files with at least one error are kept. */
export function recordAll(messages: readonly LintMessage[]): void {
  const map = registry();
  map.clear();
  const byFile = new Map<string, LintMessage[]>();
  for (const m of messages) byFile.set(m.file, [...(byFile.get(m.file) ?? []), m]);
  for (const [path, list] of byFile) recordFile(path, list);
}

/** The latest messages of one file (none: it was fixed or deleted). */
export function recordFile(path: string, messages: readonly LintMessage[]): void {
  const map = registry();
  const id = idFromPath(path);
  if (messages.some((m) => m.severity === 'error')) map.set(id, { id, path, messages: [...messages] });
  else if (map.get(id)?.path === path || !messages.length) map.delete(id);
}

/** The problems of the postmortem a URL path points to (`<base>postmortems/<id>/`), if it was left out. */
export function problemsAt(pathname: string, base = '/'): FileProblems | undefined {
  const prefix = `${base.replace(/\/?$/, '/')}postmortems/`;
  if (!pathname.startsWith(prefix)) return undefined;
  let id: string;
  try {
    id = decodeURIComponent(pathname.slice(prefix.length).replace(/\/$/, ''));
  } catch {
    return undefined;
  }
  if (!id || id.includes('/')) return undefined;
  return registry().get(id);
}

/** Rule id → how to fix it, from the rule modules and file problems (the "How to fix" of `docs/rules.md`); `root` is not read. */
export function ruleFixes(_root?: string): Map<string, string> {
  return new Map([...rules, ...fileProblems].map((p) => [p.id, p.docs.fix]));
}
