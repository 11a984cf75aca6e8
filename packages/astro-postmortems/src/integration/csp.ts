/**
 * The site's Content-Security-Policy (a <meta> element, as the site is static; `postmortems serve` and `astro dev`
 * send it as a header too): scripts only from this site or hashed by Astro, never inline handlers; WebAssembly for
 * Pagefind's search; no other host for anything. No inline styles either: code highlighting colours tokens with
 * classes (highlight.ts).
 */
import type { AstroConfig } from 'astro';

type Csp = Exclude<AstroConfig['security']['csp'], boolean | undefined>;

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
  scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'", { resource: "'none'", kind: 'attribute' }] },
  styleDirective: { resources: ["'self'"] },
};
