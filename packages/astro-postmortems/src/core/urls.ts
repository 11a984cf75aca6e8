/**
 * Every URL a postmortem puts on its page (images, links, link and image
 * definitions, GFM autolinks, URL attributes of the allow-listed elements) is
 * decided here, once, the way a browser will read it, and the same decision
 * serves the rules (`image/source`, `mdx/disallowed-element`) and the renderer.
 *
 * The value decided is the string the page's DOM gets: the Markdown parser has
 * already decoded character references and backslash escapes (`&#9;`, `&#92;`,
 * `\\`), and the renderer writes the value back escaped, so the browser's HTML
 * parser hands this very string to its URL parser. That parser (WHATWG URL, for
 * an `http:` or `https:` page) first drops leading and trailing C0 controls and
 * spaces and every tab and line break, then reads a scheme, and takes `\` for
 * `/`: `/\host/p.png`, `/<TAB>/host/p.png` and `\\host` all name another host.
 * `classifyUrl` follows those steps and checks itself against Node's WHATWG
 * parser resolving the value against the page's own URL (site origin and base
 * path). Its verdicts depend on neither: a URL is only ever "relative", "from
 * the root" or "another host" by its own characters, so `check` (which may not
 * know where the site will be served), the build and `astro dev` decide alike.
 */
import { POSTMORTEMS_DIR } from './paths.ts';

/** Where a URL goes, as a browser reads it on the page that shows it. */
export type UrlTarget =
  /** `''`: the page itself. */
  | { kind: 'empty' }
  /** `#part`: a place in the page. */
  | { kind: 'fragment' }
  /** `./chart.png`, `chart.png`, `../x/`, `?q`: relative to the page (for an image, a file beside the postmortem). */
  | { kind: 'relative' }
  /** `/brand/logo.png`, `\x`: a path on the site's origin, from its root. */
  | { kind: 'root'; url: URL }
  /** `https://…`, `http:…`: written with an http(s) scheme. */
  | { kind: 'absolute'; url: URL }
  /** No scheme written, yet another host: `//host/x`, `/\host/x`, `\\host/x`, `/<TAB>/host/x`. */
  | { kind: 'host'; url: URL }
  /** Another scheme: `mailto:`, `javascript:`, `data:`, `file:`… */
  | { kind: 'scheme'; scheme: string }
  /** A browser cannot parse it: it goes nowhere. */
  | { kind: 'invalid' };

/** The page a postmortem is shown on, where its site is not known (`check` without `siteUrl`). */
export const PLACEHOLDER_SITE = 'https://postmortems.invalid/';

/** An absolute `http:` or `https:` URL with a host: what a site's origin or a repository's web page can be. */
export function isWebUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
}

/**
 * Whether `value` is a path a site can be served under: `/`, or segments of letters, digits, `.`, `_`, `~` and `-`
 * between single slashes (`/postmortems/`, `/docs/incidents`), none of them `.` or `..`. It is written into every
 * page's links and the feed.
 */
export function isSitePath(value: string): boolean {
  return /^\/(?:[\w.~-]+(?:\/[\w.~-]+)*\/?)?$/.test(value) && !value.split('/').some((s) => s === '.' || s === '..');
}

/** What a site path (`isSitePath`) is, as a message says it after "expected". */
export const SITE_PATH_SHAPE =
  'a path such as `/postmortems/`: `/`, then letters, digits, `.`, `_`, `~` or `-` between single slashes, none of them `.` or `..`';

/** A configured or given address without its trailing slashes, ready for `/…` to be appended. */
export function withoutTrailingSlashes(url: string): string {
  return url.replace(/(?<!\/)\/+$/, '');
}

/** A site's base path with one slash at each end (`docs`, `/docs//` → `/docs/`; empty or `/` → `/`). */
export function basePath(base: string): string {
  return `/${base.replace(/^\/+|(?<!\/)\/+$/g, '')}/`.replace(/^\/\/$/, '/');
}

/** The URL of the page that shows postmortem `id` on a site served at `site` under `base`. */
export function pageUrl(id: string, site: string = PLACEHOLDER_SITE, base = '/'): URL {
  const path = basePath(base);
  let origin: URL;
  try {
    origin = new URL(site);
  } catch {
    origin = new URL(PLACEHOLDER_SITE);
  }
  return new URL(`${path}${POSTMORTEMS_DIR}/${encodeURIComponent(id)}/`, origin.origin);
}

/**
 * The string the URL parser goes on to read (WHATWG URL, "basic URL parser" before its first state): leading and
 * trailing C0 controls and spaces removed, then every ASCII tab and line break.
 */
export function browserForm(value: string): string {
  return value.replace(/^[\u0000-\u0020]+|(?<![\u0000-\u0020])[\u0000-\u0020]+$/g, '').replace(/[\t\n\r]/g, '');
}

/** The parser's "scheme start" and "scheme" states: an ASCII letter, then letters, digits, `+`, `-` or `.`, then `:`. */
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** The scheme a browser reads in `value`, lower-cased, or undefined when it has none (it is relative). */
export function urlScheme(value: string): string | undefined {
  return SCHEME.exec(browserForm(value))?.[1]?.toLowerCase();
}

/** Where `value` goes, read as a browser reads it on `page` (an `http:` or `https:` URL). */
export function classifyUrl(value: string, page: URL = pageUrl('x')): UrlTarget {
  const form = browserForm(value);
  const scheme = SCHEME.exec(form)?.[1]?.toLowerCase();
  let url: URL | undefined;
  try {
    url = new URL(value, page);
  } catch {
    url = undefined;
  }
  if (scheme !== undefined) {
    if (scheme !== 'http' && scheme !== 'https') return { kind: 'scheme', scheme };
    return url ? { kind: 'absolute', url } : { kind: 'invalid' };
  }
  if (!url) return { kind: 'invalid' };
  // With no scheme, on an http(s) page, two slashes of either kind start an authority: another host.
  if (/^[/\\]{2}/.test(form) || url.origin !== page.origin) return { kind: 'host', url };
  if (form === '') return { kind: 'empty' };
  if (form.startsWith('#')) return { kind: 'fragment' };
  if (form.startsWith('/') || form.startsWith('\\')) return { kind: 'root', url };
  return { kind: 'relative' };
}

export type UrlDecision = { ok: true; target: UrlTarget } | { ok: false; target: UrlTarget; problem: string };

/**
 * A control character the URL parser keeps (it drops only tabs and line breaks, and C0 controls and spaces at
 * either end): no author means one, and older browsers dropped them all (`java<U+0001>script:`), so no URL may
 * hold one.
 */
const KEPT_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function controlProblem(url: string, where: string): string | undefined {
  const found = KEPT_CONTROL.exec(browserForm(url))?.[0];
  if (found === undefined) return undefined;
  return `Unexpected control character U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} in the URL ${shownUrl(url)}${where}, expected a URL without control characters; remove it`;
}

/**
 * A URL as messages show it: one line, whatever it holds. Control characters become their visible pictures (a tab
 * is `␉`, so `/␉/host` is not mistaken for `/\t…`), backticks cannot end the code span, and long ones are shortened.
 */
export function shownUrl(url: string): string {
  const visible = url
    .replace(/[\u0000-\u001f]/g, (c) => String.fromCharCode(0x2400 + c.charCodeAt(0)))
    .replace(/\u007f/g, '\u2421')
    .replace(/[\u0080-\u009f\u2028\u2029]/g, (c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
  const short = visible.length > 80 ? `${visible.slice(0, 77)}...` : visible;
  return `\`${short.replaceAll('`', "'")}\``;
}

const BESIDE = `an image file beside the postmortem in \`${POSTMORTEMS_DIR}/\` linked relatively, such as \`./chart.png\``;

/**
 * Whether a postmortem may show `url` as an image: only a file beside it, which the site publishes under its hash
 * (`images.ts` then checks the file itself). Nothing from another host or scheme, and nothing from the site's root,
 * whose meaning would depend on where the site is served. `where` names an attribute (` in \`src\` on \`<img>\``).
 */
export function imageDecision(url: string, page?: URL, where = ''): UrlDecision {
  const target = classifyUrl(url, page);
  const refuse = (problem: string): UrlDecision => ({ ok: false, target, problem });
  const shown = shownUrl(url);
  const control = controlProblem(url, where);
  if (control) return refuse(control);
  switch (target.kind) {
    case 'relative':
      return { ok: true, target };
    case 'empty':
      return refuse(`Unexpected image${where} with an empty URL, expected ${BESIDE}; give the image's file name`);
    case 'fragment':
      return refuse(`Unexpected image ${shown}${where} that points into the page, expected ${BESIDE}`);
    case 'absolute':
      return refuse(
        `Unexpected remote image ${shown}${where}, expected ${BESIDE} (the site loads nothing from other hosts); download it into \`${POSTMORTEMS_DIR}/\` and link it relatively`,
      );
    case 'host':
      return refuse(
        `Unexpected remote image ${shown}${where} (a browser loads it from \`${target.url.host}\`), expected ${BESIDE} (the site loads nothing from other hosts); download it into \`${POSTMORTEMS_DIR}/\` and link it relatively`,
      );
    case 'scheme':
      return refuse(`Unexpected \`${target.scheme}:\` URL as an image${where} (${shown}), expected ${BESIDE}`);
    case 'root':
      return refuse(
        `Unexpected image ${shown}${where} from the site's root (where it points depends on where the site is served), expected ${BESIDE}; copy the image next to the postmortem`,
      );
    case 'invalid':
      return refuse(`Unexpected image URL ${shown}${where} that a browser cannot parse, expected ${BESIDE}`);
  }
}

/** Schemes a link may use besides http(s): e-mail. */
const LINK_SCHEMES = new Set(['mailto']);

/**
 * Whether a postmortem may link to `url`: http(s) and `mailto:` links anywhere, and links within the site; never
 * another scheme (`javascript:`, `data:`, `file:`…), and never another host written without its scheme (`//host`,
 * `/\host`): such a link reads as a path of this site and opens somewhere else. A URL no browser can parse is
 * inert and allowed; one holding a control character is not. `where` names the place (` in a link`, ` in \`href\` on \`<a>\``).
 */
export function linkDecision(url: string, page?: URL, where = ' in a link'): UrlDecision {
  const target = classifyUrl(url, page);
  const control = controlProblem(url, where);
  if (control) return { ok: false, target, problem: control };
  if (target.kind === 'scheme' && !LINK_SCHEMES.has(target.scheme)) {
    return {
      ok: false,
      target,
      problem: `Unexpected \`${target.scheme}:\` URL${where}, expected an \`https:\`, \`mailto:\` or relative URL; remove it`,
    };
  }
  if (target.kind === 'host') {
    return {
      ok: false,
      target,
      problem: `Unexpected URL ${shownUrl(url)}${where} that names another host without a scheme (a browser opens \`${target.url.href}\`), expected the full address with \`https://\`, or a relative URL`,
    };
  }
  return { ok: true, target };
}

/** What an attribute's value is to a browser, by the attribute's name (HTML's URL attributes). */
export type AttributeUse = 'resource' | 'navigation' | 'list' | 'text';

/** Attributes whose URL the browser loads by itself: images, to the rules. */
const RESOURCE_ATTRIBUTES = new Set(['src', 'poster', 'background', 'data', 'lowsrc', 'dynsrc', 'manifest', 'codebase', 'icon']);
/** Attributes whose URL is followed when the reader asks: links, to the rules. */
const NAVIGATION_ATTRIBUTES = new Set(['href', 'xlink:href', 'cite', 'action', 'formaction', 'longdesc', 'usemap', 'itemtype', 'itemid']);
/** Attributes that hold several URLs: never allowed. */
const LIST_ATTRIBUTES = new Set(['srcset', 'imagesrcset', 'ping', 'archive']);
/** Schemes that run code wherever a component might use a value as a URL; other `word:` text, such as `title="Note: …"`, is prose. */
const SCRIPT_SCHEMES = new Set(['javascript', 'vbscript']);

export function attributeUse(name: string): AttributeUse {
  const lower = name.toLowerCase();
  if (RESOURCE_ATTRIBUTES.has(lower)) return 'resource';
  if (NAVIGATION_ATTRIBUTES.has(lower)) return 'navigation';
  if (LIST_ATTRIBUTES.has(lower)) return 'list';
  return 'text';
}

/**
 * Whether an allowed attribute of an allowed element may carry `value`: a resource attribute (`src`) as an image, a
 * navigation attribute (`href`, `cite`) as a link, a list of URLs (`srcset`) never, and any other attribute no
 * `javascript:` URL.
 */
export function attributeDecision(element: string, name: string, value: string, page?: URL): UrlDecision & { use: AttributeUse } {
  const use = attributeUse(name);
  const where = ` in \`${name.replaceAll('`', "'")}\` on \`<${element.replaceAll('`', "'")}>\``;
  if (use === 'resource') return { ...imageDecision(value, page, where), use };
  if (use === 'navigation') return { ...linkDecision(value, page, where), use };
  const target = classifyUrl(value, page);
  if (use === 'list') {
    return {
      ok: false,
      target,
      use,
      problem: `Unexpected \`${name.replaceAll('`', "'")}\` on \`<${element.replaceAll('`', "'")}>\` (a list of URLs), expected \`src\` or \`href\` with one URL; remove it`,
    };
  }
  if (target.kind === 'scheme' && SCRIPT_SCHEMES.has(target.scheme)) {
    return {
      ok: false,
      target,
      use,
      problem: `Unexpected \`${target.scheme}:\` URL${where}, expected an \`https:\` or relative URL; remove it`,
    };
  }
  return { ok: true, target, use };
}
