/**
 * The writing page's checker and previewer, in workers so typing never waits for them: the very modules `check` runs
 * (the parse, every rule, the text format) and the renderer the build uses, on the text the page sends. The page
 * starts this script twice, one instance per role (`WorkerInit.role`), so that a keystroke's rules never wait behind
 * the previous keystroke's preview (the slower half: rendering a 30 KB body costs more than its rules): the checker
 * only checks, the previewer only renders, each on its own core where there are two. One script for both costs no
 * second download. Each instance works on the newest text only: texts sent while one is being handled replace each
 * other.
 */
// First: no schema may be created before zod is told not to try eval.
import './zod-without-eval.ts';
import type { PostmortemConfig } from '../../core/config.ts';
import { formatText } from '../../core/format/index.ts';
import { lintFile } from '../../core/lint.ts';
import { outOfTime } from '../../core/file-problems.ts';
import { compareMessages, type LintMessage } from '../../core/messages.ts';
import { parsePostmortem, useYaml, type ParsedFile } from '../../core/parse.ts';
import type { RepositoryIndex } from '../../core/rule.ts';
import { renderHtml } from '../../integration/render.ts';
import { loadMissedDependencies, loadRuleDependencies } from './rule-dependencies.ts';
import * as yaml from 'yaml';

// Node loads `yaml` on first use with `require`; here it comes with the worker: on the writing page nearly every text
// has something to report in its frontmatter, which needs the positioned Document.
useYaml(yaml);

export interface WorkerInit {
  type: 'init';
  /** What this instance does with each text: run the rules (`result`) or render the preview (`preview`). */
  role: 'check' | 'preview';
  config: PostmortemConfig;
  /** Every published postmortem: id and repository path (`related/unknown`, `id/duplicate`). */
  postmortems: readonly (readonly [string, string])[];
}

export interface WorkerCheck {
  type: 'check';
  seq: number;
  path: string;
  text: string;
  /** `YYYY-MM-DD`, for the overdue rules (the browser's date, as `check` takes the machine's). */
  today: string;
}

export interface WorkerResult {
  type: 'result';
  seq: number;
  messages: LintMessage[];
  /** What `check` prints for this file (text format, uncoloured). */
  report: string;
  /** Milliseconds spent parsing and running the rules. */
  checkMs: number;
}

export interface WorkerPreview {
  type: 'preview';
  seq: number;
  /** The rendered body, when it parsed and the renderer accepted it. */
  html: string | undefined;
  /** Why there is no preview. */
  problem: string | undefined;
  renderMs: number;
}

/**
 * The checker is about to parse and run the rules on text `seq` (`running`: the page's time limit for it starts
 * now), or is about to fetch a rule's library for it (not `running`: a slow network is not a slow rule).
 */
export interface WorkerChecking {
  type: 'checking';
  seq: number;
  running: boolean;
}

/**
 * Sent to a fresh checker after the page stopped the one whose check of text `seq` ran out of time: it answers with
 * that text's result, the `file/time-limit` error, in `check`'s format.
 */
export interface WorkerOutOfTime {
  type: 'out-of-time';
  seq: number;
  path: string;
  limitMs: number;
}

export type WorkerMessage = WorkerResult | WorkerPreview | WorkerChecking | { type: 'ready' };

interface Scope {
  postMessage(message: WorkerMessage): void;
  onmessage: ((event: MessageEvent<WorkerInit | WorkerCheck | WorkerOutOfTime>) => void) | null;
}
const scope = self as unknown as Scope;

let config: PostmortemConfig | undefined;
let role: WorkerInit['role'] = 'check';
let repository: RepositoryIndex = { ids: new Map() };
let pending: WorkerCheck | undefined;
let busy = false;

scope.onmessage = (event) => {
  const data = event.data;
  if (data.type === 'init') {
    config = data.config;
    role = data.role;
    const ids = new Map<string, string[]>();
    for (const [id, path] of data.postmortems) ids.set(id, [...(ids.get(id) ?? []), path]);
    repository = { ids };
    return;
  }
  if (data.type === 'out-of-time') {
    scope.postMessage(resultOf(data.seq, [outOfTime(data.path, data.limitMs)], 0));
    return;
  }
  pending = data;
  if (!busy) void drain();
};

async function drain(): Promise<void> {
  busy = true;
  try {
    while (pending) {
      const job = pending;
      pending = undefined;
      if (role === 'check') scope.postMessage(await check(job));
      else scope.postMessage(await preview(job.seq, parsePostmortem(job.path, job.text)));
    }
  } finally {
    busy = false;
  }
}

async function check(job: WorkerCheck): Promise<WorkerResult> {
  const started = performance.now();
  // The prefilter that decides which libraries a text needs runs now, under the limit; their fetch does not.
  scope.postMessage({ type: 'checking', seq: job.seq, running: true });
  const loading = loadRuleDependencies(job.text);
  scope.postMessage({ type: 'checking', seq: job.seq, running: false });
  await loading;
  scope.postMessage({ type: 'checking', seq: job.seq, running: true });
  let file = parsePostmortem(job.path, job.text);
  let messages = lintFile(file, { config: config!, repository, today: job.today }).messages;
  scope.postMessage({ type: 'checking', seq: job.seq, running: false });
  if (await loadMissedDependencies()) {
    scope.postMessage({ type: 'checking', seq: job.seq, running: true });
    file = parsePostmortem(job.path, job.text);
    messages = lintFile(file, { config: config!, repository, today: job.today }).messages;
  }
  return resultOf(job.seq, messages, performance.now() - started);
}

function resultOf(seq: number, messages: LintMessage[], checkMs: number): WorkerResult {
  messages.sort(compareMessages);
  const report = formatText({ files: 1, messages, strict: false });
  return { type: 'result', seq, messages, report, checkMs };
}

async function preview(seq: number, file: ParsedFile): Promise<WorkerPreview> {
  const started = performance.now();
  let html: string | undefined;
  let problem: string | undefined;
  if (file.tree) {
    try {
      // Images beside the postmortem are not on the site yet: shown as their text, never fetched.
      html = (await renderHtml(file.tree, { config: config!, imageUrl: () => '' })).html;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
  } else {
    problem = 'the text does not parse yet; see the first problem listed.';
  }
  return { type: 'preview', seq, html, problem, renderMs: performance.now() - started };
}

// satteri's WebAssembly is imported by the parse above (top-level await): by now it is loaded.
scope.postMessage({ type: 'ready' });
