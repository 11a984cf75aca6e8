/**
 * A small GitHub REST API on 127.0.0.1 (node:http) for the tests of the
 * action-items sync and the drift report: the endpoints they use, with
 * pagination (Link headers), 404s for deleted issues, and rate limits
 * (403 with x-ratelimit-remaining/-reset, 429 with retry-after) injected on
 * demand. The real Octokit client talks to it; nothing leaves the machine.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeIssue {
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labels: string[];
  assignees: string[];
  html_url: string;
}

export interface FakePull {
  number: number;
  head: string;
  base: string;
  title: string;
  body: string;
  state: 'open' | 'closed';
  html_url: string;
}

export interface RequestLog {
  method: string;
  path: string;
  authorization: string | undefined;
  status: number;
}

export interface FakeGitHub {
  url: string;
  owner: string;
  repo: string;
  issues: FakeIssue[];
  /** Issue numbers that answer 404, as if deleted. */
  deleted: Set<number>;
  pulls: FakePull[];
  /** Branch → file path → content, and branch → head sha. */
  files: Map<string, Map<string, string>>;
  refs: Map<string, string>;
  /** Commits made through the contents API, with their messages. */
  commits: { branch: string; path: string; message: string }[];
  requests: RequestLog[];
  /** Answers the next requests (any endpoint) with these rate-limit errors, in order. */
  rateLimits: ('primary' | 'secondary')[];
  close(): Promise<void>;
}

const PER_PAGE_DEFAULT = 30;

export async function startGitHub(
  options: { owner?: string; repo?: string; files?: Record<string, string>; branch?: string } = {},
): Promise<FakeGitHub> {
  const owner = options.owner ?? 'acme';
  const repo = options.repo ?? 'postmortems';
  const branch = options.branch ?? 'main';
  let sha = 0;
  const nextSha = () => (++sha).toString(16).padStart(40, '0');
  const state: Omit<FakeGitHub, 'url' | 'close'> = {
    owner,
    repo,
    issues: [],
    deleted: new Set(),
    pulls: [],
    files: new Map([[branch, new Map(Object.entries(options.files ?? {}))]]),
    refs: new Map([[branch, nextSha()]]),
    commits: [],
    requests: [],
    rateLimits: [],
  };
  const web = `https://github.com/${owner}/${repo}`;

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
    const send = (status: number, data: unknown, headers: Record<string, string> = {}) => {
      state.requests.push({
        method: req.method!,
        path: decodeURIComponent(url.pathname) + url.search,
        authorization: req.headers.authorization,
        status,
      });
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(data === undefined ? '' : JSON.stringify(data));
    };
    const limit = state.rateLimits.shift();
    if (limit === 'primary') {
      return send(
        403,
        { message: 'API rate limit exceeded' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-limit': '5000', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3) },
      );
    }
    if (limit === 'secondary') return send(429, { message: 'You have exceeded a secondary rate limit' }, { 'retry-after': '2' });

    const prefix = `/repos/${owner}/${repo}`;
    if (!url.pathname.startsWith(prefix)) return send(404, { message: 'Not Found' });
    // Octokit encodes a `/` inside a parameter (`heads%2Fmain`): match on the decoded path.
    const path = decodeURIComponent(url.pathname.slice(prefix.length));
    const page = <T>(list: T[]) => {
      const perPage = Number(url.searchParams.get('per_page') ?? PER_PAGE_DEFAULT);
      const n = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(list.length / perPage));
      const link = (p: number) => {
        const u = new URL(url.href.replace('http://127.0.0.1', `http://127.0.0.1:${(server.address() as AddressInfo).port}`));
        u.searchParams.set('page', String(p));
        return u.href;
      };
      const rels = [
        ...(n < last ? [`<${link(n + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`] : []),
        ...(n > 1 ? [`<${link(1)}>; rel="first"`, `<${link(n - 1)}>; rel="prev"`] : []),
      ];
      return { items: list.slice((n - 1) * perPage, n * perPage), headers: rels.length ? { link: rels.join(', ') } : {} };
    };
    let m: RegExpExecArray | null;

    if (req.method === 'GET' && path === '/issues') {
      const labels = url.searchParams.get('labels')?.split(',').filter(Boolean) ?? [];
      const wanted = url.searchParams.get('state') ?? 'open';
      const list = state.issues.filter(
        (i) => !state.deleted.has(i.number) && (wanted === 'all' || i.state === wanted) && labels.every((l) => i.labels.includes(l)),
      );
      const { items, headers } = page(list);
      return send(200, items.map(issueJson), headers);
    }
    if (req.method === 'POST' && path === '/issues') {
      if (typeof body['title'] !== 'string' || !body['title']) return send(422, { message: 'Validation Failed' });
      const number = state.issues.length + state.pulls.length + 1;
      const issue: FakeIssue = {
        number,
        title: body['title'],
        body: String(body['body'] ?? ''),
        state: 'open',
        labels: (body['labels'] as string[]) ?? [],
        assignees: (body['assignees'] as string[]) ?? [],
        html_url: `${web}/issues/${number}`,
      };
      state.issues.push(issue);
      return send(201, issueJson(issue));
    }
    if (req.method === 'GET' && (m = /^\/issues\/(\d+)$/.exec(path))) {
      const issue = state.issues.find((i) => i.number === Number(m![1]));
      if (!issue || state.deleted.has(issue.number)) return send(404, { message: 'Not Found' });
      return send(200, issueJson(issue));
    }
    if (req.method === 'GET' && (m = /^\/git\/ref\/heads\/(.+)$/.exec(path))) {
      const head = state.refs.get(decodeURIComponent(m[1]!));
      return head ? send(200, { ref: `refs/heads/${m[1]}`, object: { sha: head, type: 'commit' } }) : send(404, { message: 'Not Found' });
    }
    if (req.method === 'POST' && path === '/git/refs') {
      const name = String(body['ref']).replace(/^refs\/heads\//, '');
      if (state.refs.has(name)) return send(422, { message: 'Reference already exists' });
      const from = [...state.refs].find(([, s]) => s === body['sha']);
      if (!from) return send(422, { message: 'Object does not exist' });
      state.refs.set(name, String(body['sha']));
      state.files.set(name, new Map(state.files.get(from[0])));
      return send(201, { ref: body['ref'], object: { sha: body['sha'] } });
    }
    if (req.method === 'PATCH' && (m = /^\/git\/refs\/heads\/(.+)$/.exec(path))) {
      const name = decodeURIComponent(m[1]!);
      const from = [...state.refs].find(([, s]) => s === body['sha']);
      if (!state.refs.has(name) || !from) return send(422, { message: 'Reference does not exist' });
      state.refs.set(name, String(body['sha']));
      state.files.set(name, new Map(state.files.get(from[0])));
      return send(200, { ref: `refs/heads/${name}`, object: { sha: body['sha'] } });
    }
    if ((m = /^\/contents\/(.+)$/.exec(path))) {
      const file = decodeURIComponent(m[1]!);
      if (req.method === 'GET') {
        const ref = url.searchParams.get('ref') ?? branch;
        const text = state.files.get(ref)?.get(file);
        if (text === undefined) return send(404, { message: 'Not Found' });
        return send(200, {
          type: 'file',
          path: file,
          encoding: 'base64',
          content: Buffer.from(text).toString('base64'),
          sha: blobSha(text),
        });
      }
      if (req.method === 'PUT') {
        const target = String(body['branch'] ?? branch);
        const files = state.files.get(target);
        if (!files) return send(404, { message: 'Branch not found' });
        const current = files.get(file);
        if (current !== undefined && body['sha'] !== blobSha(current)) return send(409, { message: 'sha does not match' });
        files.set(file, Buffer.from(String(body['content']), 'base64').toString('utf8'));
        state.commits.push({ branch: target, path: file, message: String(body['message'] ?? '') });
        state.refs.set(target, nextSha());
        return send(200, { content: { path: file }, commit: { sha: state.refs.get(target) } });
      }
    }
    if (req.method === 'GET' && path === '/pulls') {
      const head = url.searchParams.get('head');
      const list = state.pulls.filter(
        (p) => p.state === (url.searchParams.get('state') ?? 'open') && (!head || `${owner}:${p.head}` === head),
      );
      return send(200, page(list).items);
    }
    if (req.method === 'POST' && path === '/pulls') {
      if (!state.refs.has(String(body['head']))) return send(422, { message: 'Validation Failed: head' });
      const number = state.issues.length + state.pulls.length + 1;
      const pull: FakePull = {
        number,
        head: String(body['head']),
        base: String(body['base']),
        title: String(body['title']),
        body: String(body['body'] ?? ''),
        state: 'open',
        html_url: `${web}/pull/${number}`,
      };
      state.pulls.push(pull);
      return send(201, pull);
    }
    return send(404, { message: `Not Found: ${req.method} ${path}` });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}

function issueJson(i: FakeIssue) {
  return { ...i, labels: i.labels.map((name) => ({ name })), assignees: i.assignees.map((login) => ({ login })) };
}

function blobSha(text: string): string {
  let h = 0;
  for (const c of text) h = (Math.imul(h, 31) + c.codePointAt(0)!) >>> 0;
  return h.toString(16).padStart(40, '0');
}
