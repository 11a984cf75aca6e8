/**
 * The GitHub client shared by `action-items:sync` and `report:overdue`: the
 * real `@octokit/rest` client with a retry on rate limits, and helpers to read
 * issue states. The token only ever goes to Octokit's `auth`; nothing here
 * prints a request, its headers or an error object (which would carry them).
 */
import { Octokit } from '@octokit/rest';
import { isGithubRepository, type PostmortemConfig } from '../core/config.ts';
import type { ActionItem } from '../core/frontmatter-schema.ts';
import { isOpen, ownerKey } from '../core/utils/incident.ts';
import { withoutTrailingSlashes } from '../core/urls.ts';

export interface GitHubOptions {
  token: string | undefined;
  /** API root; `GITHUB_API_URL` in Actions (GitHub Enterprise), a local server in tests. */
  baseUrl?: string | undefined;
  /** Waits (ms) before a retry; injected by tests so they need not sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** Longest wait for a rate limit to reset before giving up, in ms. */
  maxWait?: number;
  /** Retries per request on a rate limit. */
  retries?: number;
  /** Where a retry is announced (never with the request itself). */
  warn?: (text: string) => void;
}

const sleepFor = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

interface HttpError {
  status?: number;
  response?: { headers?: Record<string, string | number | undefined> };
}

/** How long to wait before retrying a rate-limited request, or `undefined` when it is not a rate limit. */
export function rateLimitDelay(error: HttpError, now = Date.now()): number | undefined {
  const status = error.status;
  if (status !== 403 && status !== 429) return undefined;
  const headers = error.response?.headers ?? {};
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined && /^\d+$/.test(String(retryAfter))) return Number(retryAfter) * 1000;
  // Primary rate limit: no requests left until the reset time (epoch seconds).
  if (String(headers['x-ratelimit-remaining']) === '0' && headers['x-ratelimit-reset'] !== undefined) {
    return Math.max(0, Number(headers['x-ratelimit-reset']) * 1000 - now) + 1000;
  }
  // A 429 without headers is still a rate limit (secondary limits): GitHub asks for at least a minute.
  return status === 429 ? 60_000 : undefined;
}

export function createGitHub(options: GitHubOptions): Octokit {
  const { sleep = sleepFor, maxWait = 15 * 60_000, retries = 3, warn = () => {} } = options;
  const octokit = new Octokit({
    ...(options.token ? { auth: options.token } : {}),
    ...(options.baseUrl ? { baseUrl: withoutTrailingSlashes(options.baseUrl) } : {}),
    userAgent: 'postmortems-action-items-sync',
    // Octokit's default logger prints deprecation notices with request details; route only our own words out.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  octokit.hook.wrap('request', async (request, endpoint) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(endpoint);
      } catch (error) {
        const delay = rateLimitDelay(error as HttpError);
        if (delay === undefined || attempt >= retries || delay > maxWait) throw error;
        warn(`GitHub rate limit on ${endpoint.method} ${String(endpoint.url).split('?')[0]}; retrying in ${Math.ceil(delay / 1000)} s`);
        await sleep(delay);
      }
    }
  });
  return octokit;
}

/** A short, safe description of a failed request: status and GitHub's message, never headers or the request. */
export function describeError(error: unknown): string {
  const e = error as { status?: number; message?: string; response?: { data?: { message?: string } } };
  const message = e.response?.data?.message ?? e.message ?? String(error);
  return `${e.status ? `HTTP ${e.status}: ` : ''}${message.split('\n')[0]!.slice(0, 200)}`;
}

export interface IssueRef {
  owner: string;
  repo: string;
  number: number;
}

/** `https://github.com/o/r/issues/12` (or the same on a GitHub Enterprise host) → its parts. */
export function parseIssueUrl(url: string | undefined, host = 'github.com'): IssueRef | undefined {
  if (!url) return undefined;
  const m = /^https:\/\/([^/]+)\/([\w.-]+)\/([\w.-]+)\/issues\/(\d+)\/?(?:[#?].*)?$/.exec(url);
  if (!m || m[1]!.toLowerCase() !== host.toLowerCase()) return undefined;
  return { owner: m[2]!, repo: m[3]!, number: Number(m[4]) };
}

/** `owner/name` where issues go: the configured one, else the site's repository when it is on GitHub. */
export function issuesRepository(
  config: Pick<PostmortemConfig, 'github' | 'repository'>,
  host = 'github.com',
): { owner: string; repo: string } | undefined {
  const full =
    config.github.issuesRepository ??
    (config.repository
      ? new RegExp(`^https://${host.replace(/\./g, '\\.')}/([\\w.-]+/[\\w.-]+?)(?:\\.git)?/?$`).exec(config.repository.url)?.[1]
      : undefined);
  // A repository URL such as `https://github.com/../..` names no repository: no issues are opened anywhere.
  if (!full || !isGithubRepository(full)) return undefined;
  const [owner, repo] = full.split('/') as [string, string];
  return { owner, repo };
}

/** The GitHub handles configured for an owner (case-insensitive), without `@`. */
export function handlesFor(owner: string, config: Pick<PostmortemConfig, 'github'>): string[] {
  const key = ownerKey(owner);
  for (const [name, handles] of Object.entries(config.github.owners)) if (ownerKey(name) === key) return handles;
  return [];
}

export type DriftKind = 'issue-closed' | 'issue-open' | 'issue-missing';

export interface Drift {
  kind: DriftKind;
  postmortem: { id: string; path: string; title: string };
  item: ActionItem;
  index: number;
  issue: IssueRef;
}

export interface DriftResult {
  drifts: Drift[];
  /** Linked issues whose state could not be read (other than 404/410), with why. */
  failures: { url: string; reason: string }[];
  checked: number;
}

/**
 * Compares each action item linked to a GitHub issue with the issue's state:
 * closed while the item is open or in progress, open while the item is done or
 * won't-do, or gone (404, 410: deleted or moved out of reach).
 */
export async function findDrift(
  octokit: Octokit,
  postmortems: readonly { id: string; path: string; title: string; items: readonly ActionItem[] }[],
  host = 'github.com',
): Promise<DriftResult> {
  const result: DriftResult = { drifts: [], failures: [], checked: 0 };
  for (const pm of postmortems) {
    for (const [index, item] of pm.items.entries()) {
      const issue = parseIssueUrl(item.link, host);
      if (!issue) continue;
      result.checked++;
      const postmortem = { id: pm.id, path: pm.path, title: pm.title };
      try {
        const { data } = await octokit.rest.issues.get({ owner: issue.owner, repo: issue.repo, issue_number: issue.number });
        const closed = data.state === 'closed';
        if (closed && isOpen(item)) result.drifts.push({ kind: 'issue-closed', postmortem, item, index, issue });
        else if (!closed && !isOpen(item)) result.drifts.push({ kind: 'issue-open', postmortem, item, index, issue });
      } catch (error) {
        const status = (error as HttpError).status;
        if (status === 404 || status === 410) result.drifts.push({ kind: 'issue-missing', postmortem, item, index, issue });
        else result.failures.push({ url: item.link!, reason: describeError(error) });
      }
    }
  }
  return result;
}
