/**
 * A small static server for the built site (`dist/`), for an internal host:
 * `npm run serve` behind a company proxy or SSO, or in a container. No
 * framework: `node:http` only.
 *
 * - The Content-Security-Policy Astro put in each page's `<meta>` element is
 *   sent as an HTTP header, with `frame-ancestors 'none'` (which a `<meta>`
 *   cannot carry); other responses get a deny-all policy.
 * - Security headers on every response: nosniff, no referrer, no framing,
 *   same-origin opener; `X-Robots-Tag: noindex` unless indexing is allowed.
 * - Only files inside the site folder: the URL path is decoded once,
 *   normalised, and must stay inside the folder (also after resolving
 *   symbolic links); anything else is the site's 404 page.
 * - `GET` and `HEAD` only.
 */
import { createReadStream, type Stats } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { basePath } from '../core/urls.ts';

export interface StaticServerOptions {
  /** The built site, e.g. `dist`. */
  dir: string;
  /** The path the site is served under, e.g. `/postmortems/` (default `/`). */
  basePath?: string;
  /** Send `X-Robots-Tag: noindex, nofollow` (default true: postmortems are internal). */
  noindex?: boolean;
}

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  // Pagefind's index files.
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_filter': 'application/octet-stream',
};

/** Headers on every response. */
export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/** For responses that are not pages (assets, errors without a page). */
export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'";

const META_CSP = /<meta\s+http-equiv=["']?content-security-policy["']?\s+content=(?:"([^"]*)"|'([^']*)')/i;

function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|quot|apos|amp|lt|gt);/gi, (_m, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return ({ quot: '"', apos: "'", amp: '&', lt: '<', gt: '>' } as Record<string, string>)[lower]!;
  });
}

/** The policy of a page's `<meta http-equiv="content-security-policy">`, with `frame-ancestors 'none'` added; undefined without one. */
export function cspFromHtml(html: string): string | undefined {
  const match = META_CSP.exec(html);
  if (!match) return undefined;
  const policy = decodeEntities(match[1] ?? match[2] ?? '')
    .trim()
    .replace(/;\s*$/, '');
  return /(^|;)\s*frame-ancestors\b/.test(policy) ? policy : `${policy}; frame-ancestors 'none'`;
}

export function createStaticServer(options: StaticServerOptions): Server {
  const root = resolve(options.dir);
  const base = basePath(options.basePath ?? '/');
  const noindex = options.noindex ?? true;
  let realRoot: Promise<string> | undefined;
  /** Page policies by file, read once per modification. */
  const policies = new Map<string, { mtimeMs: number; csp: string | undefined }>();

  const headersFor = (extra: Record<string, string>): Record<string, string> => ({
    ...SECURITY_HEADERS,
    ...(noindex ? { 'X-Robots-Tag': 'noindex, nofollow' } : {}),
    ...extra,
  });

  /** The file for a URL path inside the site, or undefined. */
  async function locate(pathname: string): Promise<{ file: string; info: Stats } | 'redirect' | undefined> {
    if (!pathname.startsWith(base) && `${pathname}/` !== base) return undefined;
    let relative: string;
    try {
      relative = decodeURIComponent(pathname.slice(Math.min(base.length, pathname.length)));
    } catch {
      return undefined;
    }
    if (relative.includes('\0') || relative.includes('\\')) return undefined;
    if (relative.split('/').some((segment) => segment === '..')) return undefined;
    const candidate = resolve(root, `.${sep}${relative}`);
    if (candidate !== root && !candidate.startsWith(root + sep)) return undefined;
    let info: Stats;
    try {
      info = await stat(candidate);
    } catch {
      return undefined;
    }
    let file = candidate;
    if (info.isDirectory()) {
      if (!pathname.endsWith('/')) return 'redirect';
      file = join(candidate, 'index.html');
      try {
        info = await stat(file);
      } catch {
        return undefined;
      }
    }
    if (!info.isFile()) return undefined;
    // A symbolic link must not lead out of the site either.
    realRoot ??= realpath(root);
    const real = await realpath(file);
    const top = await realRoot;
    if (!real.startsWith(top + sep)) return undefined;
    return { file, info };
  }

  async function policyFor(file: string, info: Stats): Promise<string> {
    const cached = policies.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs) return cached.csp ?? DEFAULT_CSP;
    const csp = cspFromHtml(await readFile(file, 'utf8'));
    policies.set(file, { mtimeMs: info.mtimeMs, csp });
    return csp ?? DEFAULT_CSP;
  }

  async function send(req: IncomingMessage, res: ServerResponse, status: number, file: string, info: Stats): Promise<void> {
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const isHtml = type.startsWith('text/html');
    const immutable = file.startsWith(join(root, '_astro') + sep);
    res.writeHead(
      status,
      headersFor({
        'Content-Type': type,
        'Content-Length': String(info.size),
        'Content-Security-Policy': isHtml ? await policyFor(file, info) : DEFAULT_CSP,
        'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        'Last-Modified': info.mtime.toUTCString(),
      }),
    );
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  async function notFound(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const page = join(root, '404.html');
    try {
      const info = await stat(page);
      await send(req, res, 404, page, info);
    } catch {
      res.writeHead(404, headersFor({ 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': DEFAULT_CSP }));
      res.end(req.method === 'HEAD' ? undefined : 'Not found\n');
    }
  }

  return createServer((req, res) => {
    void (async () => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(
          405,
          headersFor({ Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': DEFAULT_CSP }),
        );
        res.end('Method not allowed\n');
        return;
      }
      const raw = req.url ?? '/';
      const pathname = raw.split(/[?#]/, 1)[0]!;
      if (!pathname.startsWith('/')) return notFound(req, res);
      const found = await locate(pathname);
      if (found === 'redirect') {
        const query = raw.slice(pathname.length);
        // Only ever a path on this host (no `//host` open redirect).
        res.writeHead(301, headersFor({ Location: `/${pathname.replace(/^\/+/, '')}/${query}`, 'Content-Security-Policy': DEFAULT_CSP }));
        res.end();
        return;
      }
      if (!found) return notFound(req, res);
      await send(req, res, 200, found.file, found.info);
    })().catch(() => {
      if (!res.headersSent)
        res.writeHead(500, headersFor({ 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': DEFAULT_CSP }));
      res.end();
    });
  });
}
