/**
 * The site's Content-Security-Policy, defined once: Astro writes it into every built page's `<meta>` element (the
 * site is static), `postmortems serve` sends that as a header, and `astro dev` sends it as a header from the
 * integration's dev middleware (`devCsp`), so a preview of a pull request is held to what the published site is.
 * Scripts only from this site or hashed, never inline handlers; WebAssembly for Pagefind's search; no other host
 * for anything. No inline styles either: code highlighting colours tokens with classes (highlight.ts).
 */
import type { AstroConfig } from 'astro';
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';
import { THEME_BOOTSTRAP } from './theme-bootstrap.ts';

type Csp = Exclude<AstroConfig['security']['csp'], boolean | undefined>;

/** `'sha256-…'` of an inline script or style, as CSP hashes it. */
export function cspHash(content: string): `sha256-${string}` {
  return `sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}`;
}

export const SITE_CSP: Csp = {
  algorithm: 'SHA-256',
  directives: [
    "default-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-src 'none'",
  ],
  // The one inline script (base-layout.astro) is named here, so the policy allows it wherever it is sent.
  scriptDirective: {
    resources: ["'self'", "'wasm-unsafe-eval'", { resource: "'none'", kind: 'attribute' }],
    hashes: [cspHash(THEME_BOOTSTRAP)],
  },
  styleDirective: { resources: ["'self'"] },
};

type Resource = NonNullable<NonNullable<Csp['scriptDirective']>['resources']>[number];

function resources(list: readonly Resource[] | undefined, kind: 'default' | 'attribute'): string[] {
  return (list ?? []).flatMap((r) =>
    typeof r === 'string' ? (kind === 'default' ? [r] : []) : (r.kind ?? 'default') === kind ? [r.resource] : [],
  );
}

/**
 * The policy as one header value, in the shape Astro writes into a built page (its directives, then `script-src`
 * with the hashes, `script-src-attr`, `style-src`), with `extra` sources added where the dev server needs them.
 */
export function cspHeader(csp: Csp = SITE_CSP, extra: { style?: readonly string[] } = {}): string {
  const scripts = csp.scriptDirective;
  const styles = csp.styleDirective;
  type Hash = NonNullable<NonNullable<Csp['scriptDirective']>['hashes']>[number];
  // Only the hashes that apply to elements and the whole directive (`kind: 'attribute'` ones are not used here).
  const hashes = (list: readonly Hash[] | undefined) =>
    (list ?? []).flatMap((h) => (typeof h === 'string' ? [`'${h}'`] : h.kind === 'attribute' ? [] : [`'${h.hash}'`]));
  const parts = [
    ...(csp.directives ?? []),
    ['script-src', ...resources(scripts?.resources, 'default'), ...hashes(scripts?.hashes)].join(' '),
  ];
  const attribute = resources(scripts?.resources, 'attribute');
  if (attribute.length) parts.push(['script-src-attr', ...attribute].join(' '));
  parts.push(['style-src', ...resources(styles?.resources, 'default'), ...(extra.style ?? []), ...hashes(styles?.hashes)].join(' '));
  return parts.join('; ');
}

/**
 * Vite's dev client and Astro's dev pages put each stylesheet into an inline `<style>` element (the build links them
 * as files), so in dev, and only there, `style-src` also allows inline styles. Every other directive is the site's:
 * no other host for images, fonts, frames, connections or scripts, no inline script but the hashed one.
 */
export const DEV_STYLE_SOURCES = ["'unsafe-inline'"] as const;

/** Sends the site's policy with every response of `astro dev`, before Astro's and Vite's own middlewares answer. */
export function devCsp(): Plugin {
  const header = cspHeader(SITE_CSP, { style: DEV_STYLE_SOURCES });
  return {
    name: 'postmortems:dev-csp',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((_req, res, next) => {
        res.setHeader('Content-Security-Policy', header);
        next();
      });
    },
  };
}
