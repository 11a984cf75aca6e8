/**
 * `npm run report:overdue [-- --today YYYY-MM-DD] [--base-url URL] [--output FILE]`
 *
 * Markdown report of overdue action items (`open`/`in-progress`, past `due`),
 * grouped by owner, for the weekly GitHub issue (.github/workflows/overdue-report.yml).
 * Same reading of the files as `check`, so both agree on what is overdue.
 * Exit status: 0 report written (even when nothing is overdue), 2 bad usage.
 * In GitHub Actions it also sets the step output `overdue` to the item count.
 */
import { readEnvironment } from '../core/environment.ts';
import { appendFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { PostmortemConfig } from '../core/config.ts';
import type { ActionItem, Frontmatter } from '../core/frontmatter-schema.ts';
import { checkRepository } from '../core/repository.ts';
import { isOverdue, ownerKey } from '../core/utils/incident.ts';
import { plural } from '../core/utils/text.ts';
import { isIsoDate, todayIso } from '../core/utils/time.ts';
import { linkHref } from '../core/utils/tracker.ts';
import { displayLine } from '../core/terminal-text.ts';
import { markdownCode, markdownHref, markdownLink, markdownText, mention } from '../core/github-markdown.ts';
import { loadCliConfig, parseCommand, type CliIo } from './common.ts';
import { createGitHub, describeError, findDrift, handlesFor, type Drift, type DriftResult, type GitHubOptions } from './github.ts';
import { withoutTrailingSlashes } from '../core/urls.ts';

/** First line of the report: lets the workflow (and people) recognise the issue body. */
export const REPORT_MARKER = '<!-- postmortems:overdue-action-items -->';

const HELP = `Usage: npm run report:overdue -- [options]

Writes a Markdown report of overdue action items (open or in-progress, past
their due date), grouped by owner, with links to the postmortems.

Options:
  --today <YYYY-MM-DD>  date the report is as of (default: today, UTC)
  --base-url <url>      site address for links, e.g. https://acme.github.io/postmortems
                        (default: SITE_URL + BASE_PATH from the environment; else links
                        to the files in the repository configured in postmortems.config.ts)
  --output <file>       write the report to a file instead of standard output
  --drift               also read the GitHub issue linked to each action item and
                        report drift: issue closed while the item is open, issue
                        open while the item is done, issue deleted. Needs
                        GITHUB_TOKEN (or GH_TOKEN) with issues read; GITHUB_API_URL
                        for GitHub Enterprise
  -h, --help            show this help

Owners are @-mentioned with the handles in postmortems.config.ts (github.owners);
in GitHub Actions the step output \`mentions\` lists them, for a comment that
notifies them (an edited issue body notifies nobody).

Exit status: 0 report written, 2 bad usage.`;

export interface OverdueItem {
  item: ActionItem;
  /** Position in `actionItems`, for a stable order. */
  index: number;
  postmortem: { id: string; path: string; title: string; status: Frontmatter['status'] };
  daysOverdue: number;
}

export interface OwnerGroup {
  owner: string;
  items: OverdueItem[];
}

export interface OverdueReport {
  today: string;
  groups: OwnerGroup[];
  total: number;
  /** Files whose frontmatter could not be read, so their items are not in the report. */
  unreadable: string[];
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Groups overdue items by owner (case-insensitive, first spelling wins): most items first, then by name. */
export function collectOverdue(
  postmortems: readonly { id: string; path: string; data: Frontmatter | undefined }[],
  today: string,
): OverdueReport {
  const groups = new Map<string, OwnerGroup>();
  const unreadable: string[] = [];
  let total = 0;
  for (const pm of postmortems) {
    if (!pm.data) {
      unreadable.push(pm.path);
      continue;
    }
    (pm.data.actionItems ?? []).forEach((item, index) => {
      if (!isOverdue(item, today)) return;
      const owner = item.owner.trim();
      const key = ownerKey(owner);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { owner, items: [] }));
      group.items.push({
        item,
        index,
        postmortem: { id: pm.id, path: pm.path, title: pm.data!.title, status: pm.data!.status },
        daysOverdue: daysBetween(item.due, today),
      });
      total++;
    });
  }
  const sorted = [...groups.values()].sort((a, b) => b.items.length - a.items.length || a.owner.localeCompare(b.owner, 'en'));
  for (const g of sorted)
    g.items.sort((a, b) =>
      a.item.due < b.item.due
        ? -1
        : a.item.due > b.item.due
          ? 1
          : a.postmortem.id.localeCompare(b.postmortem.id, 'en') || a.index - b.index,
    );
  return { today, groups: sorted, total, unreadable: unreadable.sort() };
}

/*
 * Everything in the report that comes from a postmortem (owners, titles, paths, links) is hostile text: it goes into
 * a GitHub issue, where Markdown, HTML, @mentions and #references all do something. Each value goes through exactly
 * one function of core/github-markdown.ts; none is ever put into the Markdown as it is.
 */

export interface LinkOptions {
  /** Site address with base path, e.g. `https://acme.github.io/postmortems`. */
  baseUrl?: string | undefined;
  /** Repository web URL and branch, for file links when there is no site address. */
  repository?: PostmortemConfig['repository'];
  /** Tracker template, so a ticket id such as `OBS-120` links like a URL. */
  tracker?: PostmortemConfig['tracker'];
}

export function postmortemLink(pm: { id: string; path: string }, links: LinkOptions): string | undefined {
  if (links.baseUrl) return `${withoutTrailingSlashes(links.baseUrl)}/postmortems/${pm.id}/`;
  if (links.repository) return `${withoutTrailingSlashes(links.repository.url)}/blob/${links.repository.branch}/${pm.path}`;
  return undefined;
}

/** A postmortem in a table cell: its title linked to its page or file, or with its path when there is no address. */
function postmortemCell(pm: { id: string; path: string; title: string }, links: LinkOptions): string {
  const link = postmortemLink(pm, links);
  return link !== undefined && markdownHref(link)
    ? markdownLink(pm.title, link)
    : `${markdownText(pm.title)} (${markdownCode(pm.path, { inTable: true })})`;
}

export interface ReportExtras {
  /** Owner → GitHub handles (`github.owners`), for @-mentions. */
  handles?: (owner: string) => readonly string[];
  /** Issue-state drift, when `--drift` read it. */
  drift?: DriftResult | undefined;
}

const DRIFT_TEXT: Record<Drift['kind'], (d: Drift) => string> = {
  'issue-closed': (d) => `issue closed, item still \`${d.item.status}\`: set \`status: done\` (or \`wont-do\`), or reopen the issue`,
  'issue-open': (d) => `item \`${d.item.status}\`, issue still open: close the issue, or reopen the item`,
  'issue-missing': () => 'issue not found (deleted or moved): link the item to its new issue, or remove the link',
};

/** Every handle to notify: owners of overdue and of drifting items, once each, in report order. */
export function mentionsOf(report: OverdueReport, extras: ReportExtras): string[] {
  const owners = [...report.groups.map((g) => g.owner), ...(extras.drift?.drifts ?? []).map((d) => d.item.owner)];
  return [...new Set(owners.flatMap((o) => extras.handles?.(o) ?? []))];
}

export function formatReport(report: OverdueReport, links: LinkOptions, extras: ReportExtras = {}): string {
  const lines: string[] = [REPORT_MARKER, '# Overdue action items', ''];
  const owners = report.groups.length;
  lines.push(
    report.total
      ? `**${plural(report.total, 'overdue action item')}** for ${plural(owners, 'owner')}, as of ${report.today}.`
      : `No overdue action items as of ${report.today}.`,
    '',
  );
  if (report.total) {
    lines.push('| Owner | Overdue |', '|---|---:|');
    for (const g of report.groups) lines.push(`| ${markdownText(g.owner)} | ${g.items.length} |`);
    lines.push('');
  }
  for (const g of report.groups) {
    const handles = extras.handles?.(g.owner) ?? [];
    lines.push(
      `## ${markdownText(g.owner)} (${g.items.length})`,
      '',
      ...(handles.length ? [`cc ${mention(handles)}`, ''] : []),
      '| Action item | Postmortem | Due | Days overdue | Status |',
      '|---|---|---|---:|---|',
    );
    for (const o of g.items) {
      const title = markdownLink(o.item.title, linkHref(o.item.link, links.tracker));
      const pm = `${postmortemCell(o.postmortem, links)}${o.postmortem.status === 'published' ? '' : ` (${markdownText(o.postmortem.status)})`}`;
      lines.push(`| ${title} | ${pm} | ${markdownText(o.item.due)} | ${o.daysOverdue} | ${markdownText(o.item.status)} |`);
    }
    lines.push('');
  }
  const drift = extras.drift;
  if (drift) {
    lines.push('## Action items and their GitHub issues disagree', '');
    if (!drift.drifts.length)
      lines.push(`${plural(drift.checked, 'action item')} linked to GitHub issues, all in agreement with their issues.`, '');
    else {
      lines.push('| Action item | Postmortem | Owner | Issue | What to do |', '|---|---|---|---|---|');
      for (const d of drift.drifts) {
        const handles = extras.handles?.(d.item.owner) ?? [];
        const issue = markdownLink(`${d.issue.owner}/${d.issue.repo}#${d.issue.number}`, d.item.link);
        // Handles are validated GitHub logins (config), the only text here meant to notify.
        lines.push(
          `| ${markdownText(d.item.title)} | ${postmortemCell(d.postmortem, links)} | ${markdownText(d.item.owner)}${handles.length ? ` ${mention(handles)}` : ''} | ${issue} | ${DRIFT_TEXT[d.kind](d)} |`,
        );
      }
      lines.push('');
    }
    if (drift.failures.length)
      lines.push(
        `> [!WARNING]`,
        `> ${plural(drift.failures.length, 'linked issue')} could not be read: ${drift.failures.map((f) => `${markdownText(f.url)} (${markdownText(f.reason)})`).join(', ')}.`,
        '',
      );
  }
  if (report.unreadable.length) {
    lines.push(
      `> [!WARNING]`,
      `> ${plural(report.unreadable.length, 'postmortem')} could not be read, so their action items are missing here; run \`npm run check\` to see why: ${report.unreadable.map((p) => markdownCode(p, { inTable: false })).join(', ')}.`,
      '',
    );
  }
  lines.push(
    '---',
    '',
    "To close an item, its owner sets `status: done` (or `wont-do`, with a sentence why) on the item in the postmortem's frontmatter, or agrees a new `due` date, in a pull request; see CONTRIBUTING.md. This issue is rewritten by the *Overdue action items* workflow every Monday.",
  );
  return `${lines.join('\n')}\n`;
}

export async function runReportOverdue(argv: readonly string[], io: CliIo & { sleep?: GitHubOptions['sleep'] }): Promise<number> {
  const parsed = parseCommand('report:overdue', argv, io, {
    help: HELP,
    options: {
      today: { type: 'string' },
      'base-url': { type: 'string' },
      output: { type: 'string' },
      drift: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  if (values.today !== undefined && !isIsoDate(values.today)) {
    io.stderr(displayLine`report:overdue: Unexpected --today \`${values.today}\`, expected a date YYYY-MM-DD such as \`2026-11-23\``);
    return 2;
  }
  const baseUrl =
    values['base-url'] ??
    (readEnvironment('SITE_URL', io.env)
      ? `${withoutTrailingSlashes(readEnvironment('SITE_URL', io.env)!)}${readEnvironment('BASE_PATH', io.env) ?? ''}`
      : undefined);
  if (baseUrl !== undefined && !/^https?:\/\/[^/\s]+/.test(baseUrl)) {
    io.stderr(
      displayLine`report:overdue: Unexpected site address \`${baseUrl}\`, expected an http(s) URL such as \`https://acme.github.io/postmortems\``,
    );
    return 2;
  }
  const config = await loadCliConfig('report:overdue', io);
  if (!config) return 2;
  const today = values.today ?? todayIso();
  const result = await checkRepository({ root: io.cwd, config, today });
  const report = collectOverdue(
    result.checked.map((c) => ({ id: c.id, path: c.path, data: c.data })),
    today,
  );
  // Files that could not even be read (encoding, permissions) are not in `checked`.
  for (const m of result.messages) if (m.rule.startsWith('file/') && !report.unreadable.includes(m.file)) report.unreadable.push(m.file);
  let drift: DriftResult | undefined;
  if (values.drift) {
    const token = io.env['GITHUB_TOKEN'] || io.env['GH_TOKEN'];
    if (!token) {
      io.stderr('report:overdue: Unexpected --drift without a token, expected GITHUB_TOKEN (or GH_TOKEN) that can read the linked issues');
      return 2;
    }
    const octokit = createGitHub({
      token,
      baseUrl: io.env['GITHUB_API_URL'],
      warn: (t) => io.stderr(displayLine`report:overdue: ${t}`),
      ...(io.sleep ? { sleep: io.sleep } : {}),
    });
    const host = io.env['GITHUB_SERVER_URL'] ? new URL(io.env['GITHUB_SERVER_URL']).host : 'github.com';
    const postmortems = result.checked.flatMap((c) =>
      c.data ? [{ id: c.id, path: c.path, title: c.data.title, items: c.data.actionItems ?? [] }] : [],
    );
    try {
      drift = await findDrift(octokit, postmortems, host);
    } catch (error) {
      io.stderr(displayLine`report:overdue: could not read the linked issues (${describeError(error)})`);
      drift = { drifts: [], failures: [{ url: '(all)', reason: describeError(error) }], checked: 0 };
    }
  }
  const extras: ReportExtras = { handles: (owner) => handlesFor(owner, config), drift };
  const markdown = formatReport(report, { baseUrl, repository: config.repository, tracker: config.tracker }, extras);
  // In GitHub Actions, the count becomes the step output `overdue`, so the
  // workflow can reopen or close the issue without parsing the Markdown.
  const githubOutput = io.env['GITHUB_OUTPUT'];
  // `mentions` lets the workflow post a comment that notifies the owners; `drift` the number of disagreements.
  if (githubOutput)
    await appendFile(
      githubOutput,
      `overdue=${report.total}\ndrift=${drift?.drifts.length ?? 0}\nmentions=${mention(mentionsOf(report, extras))}\n`,
    );
  if (values.output) {
    try {
      await writeFile(resolve(io.cwd, values.output), markdown);
    } catch (error) {
      io.stderr(
        displayLine`report:overdue: could not write \`${values.output}\` (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
      return 2;
    }
    io.stderr(displayLine`report:overdue: ${plural(report.total, 'overdue action item')} written to ${values.output}`);
  } else {
    io.stdout(markdown.trimEnd());
  }
  return 0;
}
