/**
 * `npm run pr-summary -- [--changed-list <file>] [--today YYYY-MM-DD] [<file>...]`
 *
 * Markdown for a pull request's job summary (`>> "$GITHUB_STEP_SUMMARY"`):
 * each changed postmortem's title, severity, status, action items and
 * problems, then one line about the rest of the repository. Exit 0 unless the
 * usage is wrong (2): the check step is what fails a pull request.
 */
import { parse as parseYaml } from 'yaml';
import { countLevels, type LintMessage } from '../core/messages.ts';
import type { AcceptedFinding } from '../core/rule.ts';
import { splitFrontmatter } from '../core/parse.ts';
import { checkRepository, type CheckedFile } from '../core/repository.ts';
import { isIsoDate } from '../core/utils/time.ts';
import { changedPostmortems, existing, readChangedList } from './changed.ts';
import { loadCliConfig, parseCommand, type CliIo } from './common.ts';
import { markdownCode, markdownText } from '../core/github-markdown.ts';
import { displayLine } from '../core/terminal-text.ts';

const HELP = `Usage: npm run pr-summary -- [--changed-list <file>] [--today YYYY-MM-DD] [<file>...]

Prints Markdown for a pull request's job summary: every changed postmortem's title,
severity, status, action items and problems. CI appends it to $GITHUB_STEP_SUMMARY.`;

/** A path as inline code (a backtick cannot end it early), outside a table. */
const code = (path: string) => markdownCode(path, { inTable: false });

interface Item {
  title?: unknown;
  owner?: unknown;
  due?: unknown;
  status?: unknown;
}

function rawFrontmatter(source: string): Record<string, unknown> {
  try {
    // The one split `check` uses; with ambiguous fences there is no frontmatter to show.
    const split = splitFrontmatter(source);
    if (split.problems.length) return {};
    const value = parseYaml(split.yaml) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const ICON = { error: '❌', warning: '⚠️' } as const;

export function renderPostmortem(
  file: CheckedFile | undefined,
  path: string,
  messages: readonly LintMessage[],
  accepted: readonly AcceptedFinding[] = file?.accepted ?? [],
): string {
  if (!file) return `### ${code(path)}\n\nDeleted in this pull request.\n`;
  const data = (file.data as unknown as Record<string, unknown> | undefined) ?? rawFrontmatter(file.source);
  const { errors, warnings } = countLevels(messages);
  const verdict = errors ? `❌ ${errors} error${errors === 1 ? '' : 's'}` : warnings ? '⚠️ no errors' : '✅ no problems';
  const lines = [
    `### ${data['title'] ? markdownText(data['title']) : '(no title)'}`,
    '',
    `${code(path)} · severity **${markdownText(data['severity'] ?? '—')}** · status **${markdownText(data['status'] ?? '—')}** · ${verdict}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`,
    '',
  ];
  const items = Array.isArray(data['actionItems']) ? (data['actionItems'] as Item[]) : [];
  if (items.length) {
    lines.push(`**Action items** (${items.length})`, '', '| Action item | Owner | Due | Status |', '| --- | --- | --- | --- |');
    for (const item of items) {
      const due = item.due instanceof Date ? item.due.toISOString().slice(0, 10) : item.due;
      lines.push(
        `| ${markdownText(item.title)} | ${markdownText(item.owner)} | ${markdownText(due)} | ${markdownText(item.status ?? 'open')} |`,
      );
    }
  } else {
    lines.push('**Action items**: none yet.');
  }
  lines.push('');
  if (messages.length) {
    lines.push(`**Problems** (${messages.length})`, '');
    for (const m of messages) lines.push(`- ${ICON[m.severity]} line ${m.line}:${m.column} \`${m.rule}\`: ${markdownText(m.message)}`);
    lines.push('');
  }
  if (accepted.length) {
    // Reviewers judge each reason: the finding is not a problem only because this file says so.
    lines.push(`**Accepted exceptions** (${accepted.length}): findings this file accepts, for reviewers to judge`, '');
    for (const a of accepted)
      lines.push(`- 🔎 line ${a.line}:${a.column} \`${a.rule}\`: “${markdownText(a.sentence)}”: ${markdownText(a.reason)}`);
    lines.push('');
  }
  return lines.join('\n');
}

export async function runPrSummary(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand('pr-summary', argv, io, {
    help: HELP,
    allowPositionals: true,
    options: { 'changed-list': { type: 'string' }, today: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (values.today !== undefined && !isIsoDate(values.today)) {
    io.stderr(displayLine`pr-summary: --today expects a real date YYYY-MM-DD, got \`${values.today}\``);
    return 2;
  }
  let changed: string[];
  try {
    changed = [
      ...new Set([
        ...(values['changed-list'] !== undefined ? readChangedList(io.cwd, values['changed-list']) : []),
        ...changedPostmortems(positionals),
      ]),
    ];
  } catch (error) {
    io.stderr(
      displayLine`pr-summary: could not read --changed-list \`${values['changed-list']}\` (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
    return 2;
  }
  const config = await loadCliConfig('pr-summary', io);
  if (!config) return 2;
  const result = await checkRepository({ root: io.cwd, config, ...(values.today ? { today: values.today } : {}) });
  const byPath = new Map(result.checked.map((f) => [f.path, f]));
  const present = new Set(existing(io.cwd, changed));
  const out = ['## Postmortems in this pull request', ''];
  if (!changed.length) out.push('No postmortem changed.', '');
  for (const path of changed) {
    const messages = result.messages.filter((m) => m.file === path);
    const file = byPath.get(path);
    if (!present.has(path)) out.push(renderPostmortem(undefined, path, []));
    else if (file) out.push(renderPostmortem(file, path, messages));
    else
      out.push(
        `### ${code(path)}\n\n${messages.map((m) => `- ${ICON[m.severity]} line ${m.line}:${m.column} \`${m.rule}\`: ${markdownText(m.message)}`).join('\n') || 'Not a postmortem the site builds.'}\n`,
      );
  }
  const others = result.messages.filter((m) => !changed.includes(m.file));
  const { errors, warnings } = countLevels(others);
  const otherFiles = result.fileCount - changed.filter((p) => present.has(p)).length;
  const otherAccepted = result.accepted.filter((a) => !changed.includes(a.file)).length;
  out.push(
    `**The other ${otherFiles} postmortem${otherFiles === 1 ? '' : 's'}**: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}${otherAccepted ? `, ${otherAccepted} accepted exception${otherAccepted === 1 ? '' : 's'}` : ''}${others.length ? ' (`npm run check` lists them)' : ''}.`,
  );
  const mine = result.accepted.length - otherAccepted;
  if (mine)
    out.push(
      '',
      `**Accepted exceptions in this pull request**: ${mine}. Each is listed above with its reason; approve the pull request only if every reason holds.`,
    );
  io.stdout(out.join('\n'));
  return 0;
}
