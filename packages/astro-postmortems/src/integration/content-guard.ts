/**
 * A Vite plugin that keeps `postmortems/` out of the module graph, in the
 * build and in the dev server: no file there is ever loaded, transformed,
 * compiled or served as a module or as a raw file. The loader renders
 * postmortems to HTML itself, so nothing legitimate asks for one; anything
 * that does (an import from a page, a request for
 * `/postmortems/x.mdx?import`, `/@fs/…/postmortems/…`) is refused.
 */
import type { Plugin } from 'vite';
import { posix, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { POSTMORTEMS_DIR } from '../core/paths.ts';

export const GUARD_PLUGIN = 'postmortems:content-is-not-code';

export function contentGuard(rootUrl: URL, base: string): Plugin {
  const folder = resolve(fileURLToPath(rootUrl), POSTMORTEMS_DIR);
  const folderPosix = folder.split(sep).join('/');
  // Case-insensitive: on macOS and Windows `/Postmortems/X.MDX` is the same file.
  const inFolder = (path: string) => {
    const p = path.split(sep).join('/').toLowerCase();
    const f = folderPosix.toLowerCase();
    return p === f || p.startsWith(`${f}/`);
  };
  const idPath = (id: string) => {
    const bare = id.replace(/^\0/, '').replace(/[?#].*$/s, '');
    try {
      return bare.startsWith('file:') ? fileURLToPath(bare) : bare;
    } catch {
      return bare;
    }
  };
  const refuse = (what: string) =>
    new Error(
      `Refusing to load ${what} as a module: postmortems under \`${POSTMORTEMS_DIR}/\` are content, rendered by the loader, never code`,
    );
  const pagePrefix = `${base.replace(/\/?$/, '/')}${POSTMORTEMS_DIR}/`.toLowerCase();
  return {
    name: GUARD_PLUGIN,
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer && inFolder(idPath(importer))) throw refuse(`\`${source}\` imported from a postmortem`);
      return null;
    },
    load(id) {
      if (inFolder(idPath(id))) throw refuse(`\`${idPath(id)}\``);
      return null;
    },
    configureServer(server) {
      // Registered before Vite's own middlewares: a request for a file under `postmortems/` never reaches the
      // transform or static-file middleware. Pages (`/postmortems/<id>/`) have no file extension and pass.
      server.middlewares.use((req, res, next) => {
        let path: string;
        try {
          path = posix.normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname));
        } catch {
          res.statusCode = 400;
          res.end('Bad request');
          return;
        }
        const lower = path.toLowerCase();
        const fsPath = lower.startsWith('/@fs/') ? path.slice(4) : lower.startsWith('/@id/') ? path.slice(4) : undefined;
        const asFile = lower.startsWith(pagePrefix) && /\.[^./]*$/.test(path.slice(pagePrefix.length));
        if (
          asFile ||
          (fsPath !== undefined && inFolder(fsPath)) ||
          (inFolder(resolve(server.config.root, `.${path}`)) && /\.[^./]*$/.test(path))
        ) {
          res.statusCode = 404;
          res.setHeader('Content-Type', 'text/plain; charset=utf-8');
          res.end(`Not found: files under ${POSTMORTEMS_DIR}/ are not served; postmortems are published as pages at ${pagePrefix}<id>/`);
          return;
        }
        next();
      });
    },
  };
}
