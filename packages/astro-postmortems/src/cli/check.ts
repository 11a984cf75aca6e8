/**
 * `npm run check [-- <file|dir>…] [--format text|json|github] [--strict]`
 * Exit status: 0 no errors, 1 errors, 2 bad usage (contract §6). Never writes.
 *
 * Each file with no error goes through the site's render step too, as in the build, in its writing-nothing form
 * (`RenderStepOptions.articles` unset): whatever the renderer would refuse, `check` reports, so the two cannot
 * disagree.
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { FORMATS, formatGithub, formatGithubChanged, formatJson, formatText, type Format } from '../core/format/index.ts';
import { readChangedList } from './changed.ts';
import { loadCliConfig, parseCommand, type CliIo } from './common.ts';
import { countLevels } from '../core/messages.ts';
import { POSTMORTEMS_DIR } from '../core/paths.ts';
import { startCheckWorkers } from '../core/check-workers.ts';
import { isIsoDate } from '../core/utils/time.ts';
import { plainLinks } from '../core/rule.ts';
import { displayLine } from '../core/terminal-text.ts';
import { engineModule } from '../core/utils/module-url.ts';
import { deploymentSite, LOCAL_SITE } from '../integration/deployment.ts';
import type { RenderStepOptions } from '../integration/render.ts';

/** The site's render step, which `check` runs without its output. */
const RENDER_MODULE = engineModule('../integration/render-step.ts', import.meta.url).href;

const HELP = `Usage: npm run check -- [options] [<file|dir>...]

Checks postmortems against the format (default: everything under ${POSTMORTEMS_DIR}/).

Options:
  --format <text|json|github>  output format (default: github when GITHUB_ACTIONS=true, else text)
  --strict                     count warnings as errors
  --today <YYYY-MM-DD>         date used for overdue checks (default: today, UTC)
  --changed-list <file>        a list of changed files, one per line (CI: git diff --name-only):
                               with --format github, only the changed postmortems get annotations
                               and the other files' problems are summarised in one notice
  --list-rules                 print every rule id with its level and exit
  --explain <rule>             print what a rule means, how to fix what it reports, and an example
  -h, --help                   show this help

Exit status: 0 no errors, 1 at least one error, 2 bad usage.
Each message names its rule: \`npm run check -- --explain <rule>\` says more.`;

export async function runCheck(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand('check', argv, io, {
    help: HELP,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      strict: { type: 'boolean', default: false },
      today: { type: 'string' },
      'list-rules': { type: 'boolean', default: false },
      explain: { type: 'string' },
      'changed-list': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values['list-rules']) {
    const { rules } = await import('../core/rules/index.ts');
    io.stdout(rules.map((r) => `${r.id.padEnd(30)} ${r.level.padEnd(8)} ${r.description}`).join('\n'));
    return 0;
  }
  if (values.explain !== undefined) return explain(values.explain, io);
  const format = (values.format ?? (io.env['GITHUB_ACTIONS'] === 'true' ? 'github' : 'text')) as Format;
  if (!FORMATS.includes(format)) {
    io.stderr(displayLine`check: unknown format \`${values.format}\`, expected one of ${FORMATS.map((f) => `\`${f}\``).join(', ')}`);
    return 2;
  }
  if (values.today !== undefined && !isIsoDate(values.today)) {
    io.stderr(displayLine`check: --today expects a real date YYYY-MM-DD, got \`${values.today}\``);
    return 2;
  }
  const missing = positionals.filter((p) => !existsSync(resolve(io.cwd, p)));
  if (missing.length) {
    io.stderr(missing.map((p) => displayLine`check: path \`${p}\` does not exist`).join('\n'));
    return 2;
  }
  if (!positionals.length && !existsSync(resolve(io.cwd, POSTMORTEMS_DIR))) {
    io.stderr(
      displayLine`check: no \`${POSTMORTEMS_DIR}/\` folder in ${io.cwd}; run from the repository root, or create it with \`npm run new\``,
    );
    return 2;
  }
  // The modules this process is about to load (the rules, the parser, the schema) take each thread ~0.3 s: workers for
  // a whole repository start first and load theirs meanwhile. Whatever happens next (a configuration error, fewer
  // files than counted), each is stopped before the command returns.
  const started = positionals.length ? [] : startCheckWorkers(countPostmortems(resolve(io.cwd, POSTMORTEMS_DIR)), [RENDER_MODULE]);
  let result: Awaited<ReturnType<typeof import('../core/repository.ts').checkRepository>>;
  try {
    const [config, { checkRepository }] = await Promise.all([loadCliConfig('check', io), import('../core/repository.ts')]);
    if (!config) return 2;
    result = await checkRepository({
      root: io.cwd,
      config,
      render: { module: RENDER_MODULE, options: renderOptions(config, io.env) },
      started,
      ...(positionals.length ? { only: positionals } : {}),
      ...(values.today ? { today: values.today } : {}),
    });
  } finally {
    await Promise.all(started.map((w) => w.stop()));
  }
  const report = { files: result.fileCount, messages: result.messages, strict: values.strict, accepted: result.accepted };
  const color = io.isTTY && !io.env['NO_COLOR'] && format === 'text';
  let changed: Set<string> | undefined;
  if (values['changed-list'] !== undefined) {
    try {
      changed = new Set(readChangedList(io.cwd, values['changed-list']));
    } catch (error) {
      io.stderr(
        displayLine`check: could not read --changed-list \`${values['changed-list']}\` (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
      return 2;
    }
  }
  io.stdout(
    format === 'json'
      ? formatJson(report)
      : format === 'github'
        ? changed
          ? formatGithubChanged(report, changed)
          : formatGithub(report)
        : formatText(report, color),
    { workflowCommands: format === 'github' },
  );
  const { errors, warnings } = countLevels(result.messages);
  return errors > 0 || (values.strict && warnings > 0) ? 1 : 0;
}

/**
 * `--explain <rule>`: a rule's documentation (the rule module's, which `docs/rules.md` is generated from), where an
 * organisation's repository has no copy of that page: meaning, fix, what triggers it and the message it gives.
 */
async function explain(id: string, io: CliIo): Promise<number> {
  const [{ rules }, { fileProblems }, { unknownRuleId }] = await Promise.all([
    import('../core/rules/index.ts'),
    import('../core/file-problems.ts'),
    import('../core/config.ts'),
  ]);
  const found = [...rules, ...fileProblems].find((r) => r.id === id);
  if (!found) {
    io.stderr(displayLine`check: ${unknownRuleId(id)}`);
    return 2;
  }
  const { docs } = found;
  const example = docs.notOk[0]?.message;
  io.stdout(
    [
      `${found.id} (${found.level} unless postmortems.config.ts \`rules\` sets another level)`,
      found.description,
      '',
      `What it means: ${plainLinks(docs.meaning)}`,
      '',
      `How to fix it: ${plainLinks(docs.fix)}`,
      '',
      `Triggered by: ${docs.trigger}`,
      ...(example ? ['', `Its message, for example: ${example}`] : []),
    ].join('\n'),
  );
  return 0;
}

/**
 * About how many postmortems `dir` holds, to decide early whether workers will help: `.mdx` names at any depth, links
 * not followed. `checkRepository` walks the folder itself (`findPostmortems`), and its count decides how many workers
 * are used; a wrong guess only starts a worker too many (stopped unused) or too few (started then).
 */
function countPostmortems(dir: string): number {
  try {
    return readdirSync(dir, { recursive: true }).filter((name) => /\.mdx$/i.test(String(name))).length;
  } catch {
    return 0;
  }
}

/** Where the build would serve the pages, read as the build reads it; URLs are decided against it (their verdicts do not depend on it). */
function renderOptions(config: Parameters<typeof deploymentSite>[0], env: Record<string, string | undefined>): RenderStepOptions {
  try {
    const { site, base } = deploymentSite(config, env, () => {});
    return { site, base: base.replace(/\/?$/, '/') };
  } catch {
    // DEPLOY=1 without a site URL fails the build, not the check.
    return { site: LOCAL_SITE, base: '/' };
  }
}

export type { CliIo };
