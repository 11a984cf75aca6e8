/**
 * `npm run action-items:sync [-- --dry-run]`
 *
 * For each open (or in-progress) action item with no `link`, in postmortems
 * that are `in-review` or `published` (a draft's items are still being
 * agreed), opens a GitHub issue — title, due date, owner, a link back to the
 * postmortem, labels, assignees from `github.owners` — and then opens one pull
 * request that writes each new issue's URL into the item's `link`, changing
 * nothing else in the files (`addActionItemLinks`).
 *
 * Decision: the pull request is made through the GitHub API (a branch, one
 * commit per file through the contents API, a pull request) rather than by a
 * workflow step running `git push`, so the same code runs locally, in CI and
 * against the tests' local server, and the job needs no credentials in git.
 * The branch is always `action-items-sync`: a new run resets it on the base
 * branch and reuses the open pull request, so there is never more than one.
 *
 * Idempotent: each issue carries a hidden marker (postmortem id + item title);
 * before opening an issue, the issues with the sync's label are read (all
 * pages) and a marked one is reused, so a run whose pull request is not merged
 * yet never opens the same issue twice.
 *
 * Exit status: 0 done (or nothing to do), 1 a GitHub call failed, 2 bad usage.
 */
import { readEnvironment } from '../core/environment.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Octokit } from '@octokit/rest';
import type { PostmortemConfig } from '../core/config.ts';
import type { ActionItem } from '../core/frontmatter-schema.ts';
import { checkRepository } from '../core/repository.ts';
import { addActionItemLinks } from './frontmatter-edit.ts';
import { isOpen } from '../core/utils/incident.ts';
import { todayIso } from '../core/utils/time.ts';
import { loadCliConfig, parseCommand, type CliIo } from './common.ts';
import { displayLine } from '../core/terminal-text.ts';
import { createGitHub, describeError, handlesFor, issuesRepository, type GitHubOptions } from './github.ts';
import { postmortemLink } from './report-overdue.ts';
import { githubPlainText, markdownCode, markdownHref, markdownLink, markdownText, mention } from '../core/github-markdown.ts';
import { withoutTrailingSlashes } from '../core/urls.ts';

export const SYNC_BRANCH = 'action-items-sync';
const MARKER = /<!-- postmortem-action-item: (\S+) (\S+) -->/;

const HELP = `Usage: npm run action-items:sync -- [options]

Opens a GitHub issue for each open action item without a link (in postmortems
that are in review or published), then opens a pull request that writes each
issue's URL into the item's \`link\`, changing nothing else in the files.

Options:
  --dry-run             show what would be done; no GitHub call, no token needed
  --repo <owner/name>   where to open issues and the pull request (default:
                        github.issuesRepository, else repository.url in
                        postmortems.config.ts)
  --base <branch>       branch the pull request targets (default: repository.branch, else main)
  --base-url <url>      site address for links back to the postmortems (default:
                        SITE_URL + BASE_PATH; else links to the files on GitHub)
  -h, --help            show this help

Environment: GITHUB_TOKEN (or GH_TOKEN) with issues, contents and pull-requests
write on the repository; GITHUB_API_URL for GitHub Enterprise (default
https://api.github.com). The token is never printed.

Exit status: 0 done, 1 a GitHub call failed, 2 bad usage.`;

export interface SyncIo extends CliIo {
  /** Test hook: how to wait before a rate-limit retry. */
  sleep?: GitHubOptions['sleep'];
}

export interface PendingItem {
  postmortem: { id: string; path: string; title: string };
  index: number;
  item: ActionItem;
}

/**
 * A stable key of an item across edits that move it in the list, kept in an HTML comment of the issue: the id is
 * percent-encoded (an id is a file name, and `-->` or a space in one must neither end the comment nor the key; an id
 * of the usual shape is unchanged, so markers written before still match).
 */
function itemKey(id: string, title: string): string {
  let h = 0x811c9dc5;
  for (const c of title.trim().toLowerCase()) h = Math.imul(h ^ c.codePointAt(0)!, 0x01000193) >>> 0;
  return `${encodeURIComponent(id)} ${h.toString(16).padStart(8, '0')}`;
}

/** An issue title is plain text where GitHub still finds mentions and references: shown with `githubPlainText`. */
export function issueTitle(item: ActionItem): string {
  const title = githubPlainText(item.title);
  return title.length > 240 ? `${title.slice(0, 239)}…` : title;
}

/**
 * The issue's body. Titles, owner, due date, type and path are content, each through core/github-markdown.ts; the
 * link back is the site's or the repository's http(s) address; the configured handles are the one mention.
 */
export function issueBody(p: PendingItem, link: string | undefined, handles: readonly string[]): string {
  const postmortem =
    link !== undefined && markdownHref(link)
      ? markdownLink(p.postmortem.title, link)
      : `${markdownText(p.postmortem.title)} (${markdownCode(p.postmortem.path, { inTable: false })})`;
  const lines = [
    `Action item from the postmortem **${postmortem}**.`,
    '',
    `- **Due:** ${markdownText(p.item.due)}`,
    `- **Owner:** ${markdownText(p.item.owner)}${handles.length ? ` (${mention(handles)})` : ''}`,
    ...(p.item.type ? [`- **Type:** ${markdownText(p.item.type)}`] : []),
    '',
    "When it is done, close this issue and set the item's `status: done` in the postmortem; the weekly overdue report shows any difference between the two.",
    '',
    `<!-- postmortem-action-item: ${itemKey(p.postmortem.id, p.item.title)} -->`,
  ];
  return lines.join('\n');
}

export function issueLabels(item: ActionItem, config: PostmortemConfig): string[] {
  return [...config.github.labels, ...(item.type ? [`action-item:${item.type}`] : [])];
}

export async function runActionItemsSync(argv: readonly string[], io: SyncIo): Promise<number> {
  const parsed = parseCommand('action-items:sync', argv, io, {
    help: HELP,
    options: {
      'dry-run': { type: 'boolean', default: false },
      repo: { type: 'string' },
      base: { type: 'string' },
      'base-url': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const config = await loadCliConfig('action-items:sync', io);
  if (!config) return 2;
  const target = values.repo ? (/^([\w.-]+)\/([\w.-]+)$/.exec(values.repo) ?? undefined) : undefined;
  if (values.repo && !target) {
    io.stderr(displayLine`action-items:sync: Unexpected --repo \`${values.repo}\`, expected \`owner/name\` such as \`acme/postmortems\``);
    return 2;
  }
  const repo = target ? { owner: target[1]!, repo: target[2]! } : issuesRepository(config);
  if (!repo) {
    io.stderr(
      'action-items:sync: Unexpected configuration without a GitHub repository, expected `github.issuesRepository` or a github.com `repository.url` in postmortems.config.ts, or `--repo owner/name`',
    );
    return 2;
  }
  const base = values.base ?? config.repository?.branch ?? 'main';
  const baseUrl =
    values['base-url'] ??
    (readEnvironment('SITE_URL', io.env)
      ? `${withoutTrailingSlashes(readEnvironment('SITE_URL', io.env)!)}${readEnvironment('BASE_PATH', io.env) ?? ''}`
      : undefined);
  const links = { baseUrl, repository: config.repository ?? { url: `https://github.com/${repo.owner}/${repo.repo}`, branch: base } };

  const result = await checkRepository({ root: io.cwd, config, today: todayIso() });
  const pending: PendingItem[] = [];
  for (const c of result.checked) {
    if (!c.data || c.data.status === 'draft') continue;
    c.data.actionItems?.forEach((item, index) => {
      if (isOpen(item) && !item.link) pending.push({ postmortem: { id: c.id, path: c.path, title: c.data!.title }, index, item });
    });
  }
  if (!pending.length) {
    io.stdout('action-items:sync: every open action item has a link; nothing to do.');
    return 0;
  }

  if (values['dry-run']) {
    io.stdout(
      displayLine`action-items:sync (dry run): would open ${pending.length} issue${pending.length === 1 ? '' : 's'} in ${repo.owner}/${repo.repo} and a pull request into ${base}:`,
    );
    for (const p of pending) {
      const handles = handlesFor(p.item.owner, config);
      const assignees = handles.length ? handles.map((h) => `@${h}`).join(' ') : `none, owner \`${p.item.owner}\` is not in github.owners`;
      io.stdout(
        displayLine`  ${p.postmortem.path} actionItems[${p.index}]: "${issueTitle(p.item)}" (due ${p.item.due}; labels ${issueLabels(p.item, config).join(', ')}; assignees ${assignees})`,
      );
    }
    return 0;
  }

  const token = io.env['GITHUB_TOKEN'] || io.env['GH_TOKEN'];
  if (!token) {
    io.stderr(
      'action-items:sync: Unexpected run without a token, expected GITHUB_TOKEN (or GH_TOKEN) with issues, contents and pull-requests write; or use --dry-run',
    );
    return 2;
  }
  const octokit = createGitHub({
    token,
    baseUrl: io.env['GITHUB_API_URL'],
    warn: (t) => io.stderr(displayLine`action-items:sync: ${t}`),
    ...(io.sleep ? { sleep: io.sleep } : {}),
  });
  try {
    const created = await openIssues(octokit, repo, pending, config, links, io);
    const pr = await openPullRequest(octokit, repo, base, created, io);
    io.stdout(
      displayLine`action-items:sync: ${created.length} issue${created.length === 1 ? '' : 's'} linked${pr ? `; pull request ${pr}` : ''}`,
    );
    return 0;
  } catch (error) {
    io.stderr(
      displayLine`action-items:sync: a GitHub call failed (${describeError(error)}); nothing more was changed. Run again once it is fixed: issues already opened are found by their marker, not opened twice.`,
    );
    return 1;
  }
}

interface Created extends PendingItem {
  url: string;
}

async function openIssues(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  pending: PendingItem[],
  config: PostmortemConfig,
  links: Parameters<typeof postmortemLink>[1],
  io: CliIo,
): Promise<Created[]> {
  // Issues opened by an earlier run whose pull request is not merged yet: reuse them.
  const known = new Map<string, string>();
  const label = config.github.labels[0];
  const existing = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...repo,
    state: 'all',
    per_page: 100,
    ...(label ? { labels: label } : {}),
  });
  for (const issue of existing) {
    const m = MARKER.exec(issue.body ?? '');
    if (m && !issue.pull_request) known.set(`${m[1]} ${m[2]}`, issue.html_url);
  }
  const created: Created[] = [];
  for (const p of pending) {
    const key = itemKey(p.postmortem.id, p.item.title);
    const reuse = known.get(key);
    if (reuse) {
      io.stdout(displayLine`  ${p.postmortem.path} actionItems[${p.index}]: already has ${reuse}`);
      created.push({ ...p, url: reuse });
      continue;
    }
    const handles = handlesFor(p.item.owner, config);
    const { data } = await octokit.rest.issues.create({
      ...repo,
      title: issueTitle(p.item),
      body: issueBody(p, postmortemLink(p.postmortem, links), handles),
      labels: issueLabels(p.item, config),
      ...(handles.length ? { assignees: [...handles] } : {}),
    });
    io.stdout(displayLine`  ${p.postmortem.path} actionItems[${p.index}]: opened ${data.html_url}`);
    known.set(key, data.html_url);
    created.push({ ...p, url: data.html_url });
  }
  return created;
}

/** Writes the links on the `action-items-sync` branch (reset on `base`) and opens or reuses its pull request. */
async function openPullRequest(
  octokit: Octokit,
  repo: { owner: string; repo: string },
  base: string,
  created: Created[],
  io: CliIo,
): Promise<string | undefined> {
  const byFile = new Map<string, Created[]>();
  for (const c of created) byFile.set(c.postmortem.path, [...(byFile.get(c.postmortem.path) ?? []), c]);
  const { data: baseRef } = await octokit.rest.git.getRef({ ...repo, ref: `heads/${base}` });
  const sha = baseRef.object.sha;
  try {
    await octokit.rest.git.getRef({ ...repo, ref: `heads/${SYNC_BRANCH}` });
    await octokit.rest.git.updateRef({ ...repo, ref: `heads/${SYNC_BRANCH}`, sha, force: true });
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
    await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${SYNC_BRANCH}`, sha });
  }
  let changed = 0;
  for (const [path, items] of byFile) {
    // The edit is applied to the file as it is on the base branch, which must be what was read here.
    const { data } = await octokit.rest.repos.getContent({ ...repo, path, ref: base });
    if (Array.isArray(data) || data.type !== 'file' || !('content' in data)) throw new Error(`\`${path}\` is not a file on ${base}`);
    const remote = Buffer.from(data.content, 'base64').toString('utf8');
    const local = await readFile(join(io.cwd, path), 'utf8');
    if (remote !== local) {
      io.stderr(
        displayLine`action-items:sync: \`${path}\` differs from ${base}; its links are left for the next run (the issues are kept and will be reused)`,
      );
      continue;
    }
    const text = addActionItemLinks(remote, new Map(items.map((c) => [c.index, c.url])));
    await octokit.rest.repos.createOrUpdateFileContents({
      ...repo,
      path,
      branch: SYNC_BRANCH,
      sha: data.sha,
      message: `Link ${items.length} action item${items.length === 1 ? '' : 's'} of ${githubPlainText(items[0]!.postmortem.id)} to GitHub issues`,
      content: Buffer.from(text, 'utf8').toString('base64'),
    });
    changed++;
  }
  if (!changed) return undefined;
  const open = await octokit.paginate(octokit.rest.pulls.list, {
    ...repo,
    state: 'open',
    head: `${repo.owner}:${SYNC_BRANCH}`,
    base,
    per_page: 100,
  });
  if (open[0]) return open[0].html_url;
  const body = [
    'Links each action item below to the GitHub issue opened for it by `npm run action-items:sync`. Only the `link:` lines are added; nothing else in the files changes.',
    '',
    ...created.map((c) => `- ${markdownCode(c.postmortem.path, { inTable: false })} — ${markdownLink(c.item.title, c.url)}`),
  ].join('\n');
  const { data: pr } = await octokit.rest.pulls.create({
    ...repo,
    head: SYNC_BRANCH,
    base,
    title: 'Link action items to their GitHub issues',
    body,
  });
  return pr.html_url;
}
