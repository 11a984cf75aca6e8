/**
 * Phase 1 of the import, `readSource`: one source file (Markdown or a published
 * HTML page) becomes one mdast tree and the fields its front matter or page
 * metadata gives. Nothing is inferred here.
 *
 * - Front matter: YAML (`---`), TOML (`+++`, read with smol-toml) and the
 *   unfenced `key: value` header of Pelican-style posts; nested tables
 *   (`[taxonomies] author = […]`) are flattened.
 * - HTML pages: the article is taken with rehype utilities (hast-util-select)
 *   rather than a readability port: `article`, `main` or `[role=main]`, else
 *   the body, with navigation, headers, footers, sidebars, forms, scripts and
 *   comments removed (by element, ARIA role and common class names), so the
 *   tree keeps every table and list of the article and nothing is guessed by
 *   text density. The `<title>` loses the site's name; a "Posted on" line is
 *   the page's publication date, not content.
 * - Raw HTML inside Markdown: blocks go through the same HTML path, inline
 *   tags are dropped (their text kept), `<br>` stays a line break, comments
 *   are dropped with a note.
 */
import type { Element, Root as HastRoot, RootContent as HastContent, ElementContent } from 'hast';
import type { Parent, Root, RootContent } from 'mdast';
import { select, selectAll } from 'hast-util-select';
import rehypeParse from 'rehype-parse';
import rehypeRemark from 'rehype-remark';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { parse as parseToml } from 'smol-toml';
import { unified } from 'unified';
import { parse as parseYaml } from 'yaml';
import { nodesOf, toString, walk } from '../core/utils/mdast.ts';
import { isSpacing } from './text.ts';

export const MARKDOWN_EXTENSIONS = ['.md', '.markdown', '.txt'];
export const HTML_EXTENSIONS = ['.html', '.htm'];

/** A field as the source wrote it, before it is mapped to the format. */
export interface SourceField {
  /** The source's own key, lower-cased (`title`, `author`, `date`, `taxonomies.author`…). */
  key: string;
  value: string | string[];
  from: string;
}

export interface SourceDocument {
  format: 'markdown' | 'html';
  tree: Root;
  fields: SourceField[];
  /** The page's `<title>` without the site's name, for HTML pages. */
  pageTitle?: string;
  /** When the page or post says it was published (a reference year, never the incident date). */
  published?: string;
  notes: string[];
}

export interface SourceInput {
  path: string;
  text: string;
}

const parseMarkdown = unified().use(remarkParse).use(remarkFrontmatter, ['yaml', 'toml']).use(remarkGfm);

/** Elements whose content is code or embedded media: dropped, with a note. */
const DROPPED_ELEMENTS = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'form',
  'button',
  'canvas',
  'svg',
  'video',
  'audio',
  'noscript',
  'template',
  'input',
  'select',
  'textarea',
]);

const CHROME_CLASS =
  /(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|sidebar|site-footer|site-header|footer|masthead|comments?|share|sharing|social|related|cookie|subscribe|newsletter|pagination|pager|skip-link|toc|table-of-contents|search)(?:$|[\s_-])/i;

export function readSource({ path, text }: SourceInput): SourceDocument {
  const isHtml = HTML_EXTENSIONS.some((e) => path.toLowerCase().endsWith(e));
  const doc = isHtml ? readHtmlPage(text) : readMarkdown(text);
  const dropped = dropEmptyHeadings(doc.tree);
  if (dropped)
    doc.notes.push(
      `left out ${dropped} empty heading${dropped === 1 ? '' : 's'} (the page's spacing, such as \`<h3> </h3>\`, not a section)`,
    );
  return doc;
}

/**
 * Removes the headings with no text, wherever they are, and says how many: a blog's `<h3> </h3>` is spacing, and
 * kept it would be a section with no title (`accessibility/name`).
 */
function dropEmptyHeadings(tree: Root): number {
  let dropped = 0;
  for (const node of nodesOf(tree)) {
    const parent = node as Parent;
    if (!parent.children) continue;
    // Only spaces and line breaks: a heading holding an image with no description is still content.
    const kept = parent.children.filter((c) => c.type !== 'heading' || !c.children.every(isSpacing));
    dropped += parent.children.length - kept.length;
    parent.children = kept;
  }
  return dropped;
}

function readMarkdown(text: string): SourceDocument {
  const notes: string[] = [];
  const fields: SourceField[] = [];
  let body = text.replace(/^\uFEFF/, '');
  // Pelican and some static-site exports: `key: value` lines up to the first blank line, with no fences.
  const unfenced = /^(?:[A-Za-z][\w -]{0,30}:[^\n]*\n)+\n/.exec(body);
  if (unfenced && /^(?:title|date)\s*:/im.test(unfenced[0]) && !/^---|^\+\+\+/.test(body)) {
    try {
      const data = parseYaml(unfenced[0]) as Record<string, unknown>;
      if (data && typeof data === 'object') {
        fields.push(...flatten(data, "the source's metadata header"));
        body = '\n'.repeat(unfenced[0].split('\n').length - 1) + body.slice(unfenced[0].length);
      }
    } catch {
      // Not metadata after all: it stays text.
    }
  }
  const tree = parseMarkdown.parse(body) as Root;
  const matter = tree.children[0];
  if (matter && (matter.type === 'yaml' || (matter.type as string) === 'toml')) {
    const value = (matter as { value: string }).value;
    const kind = matter.type === 'yaml' ? 'YAML' : 'TOML';
    try {
      const data = (kind === 'YAML' ? parseYaml(value) : parseToml(value)) as Record<string, unknown>;
      if (data && typeof data === 'object') fields.push(...flatten(data, `the source's ${kind} front matter`));
    } catch (error) {
      notes.push(
        `the source's ${kind} front matter could not be read (${(error as Error).message.split('\n')[0]}); its fields were left out`,
      );
    }
    tree.children.shift();
  }
  convertRawHtml(tree, notes);
  return { format: 'markdown', tree, fields, notes };
}

/** Nested front matter (`[taxonomies] author = […]`) as `taxonomies.author`; dates as ISO text. */
function flatten(data: Record<string, unknown>, from: string, prefix = ''): SourceField[] {
  const out: SourceField[] = [];
  for (const [k, v] of Object.entries(data)) {
    const key = `${prefix}${k.toLowerCase()}`;
    if (v == null) continue;
    if (v instanceof Date) out.push({ key, value: v.toISOString(), from: `${from} (\`${key}\`)` });
    else if (Array.isArray(v))
      out.push({ key, value: v.filter((x) => x != null && typeof x !== 'object').map(String), from: `${from} (\`${key}\`)` });
    else if (typeof v === 'object') out.push(...flatten(v as Record<string, unknown>, from, `${key}.`));
    else out.push({ key, value: String(v), from: `${from} (\`${key}\`)` });
  }
  return out;
}

function classes(el: Element): string[] {
  const c: unknown = el.properties['className'];
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(/\s+/) : [];
}

function hastText(node: HastContent | HastRoot): string {
  return toString(node as never)
    .replace(/\s+/g, ' ')
    .trim();
}

function readHtmlPage(text: string): SourceDocument {
  const notes: string[] = [];
  const fields: SourceField[] = [];
  const hast = unified().use(rehypeParse).parse(text) as HastRoot;
  const titleEl = select('title', hast);
  const h1 = select('h1', hast);
  const siteName = select('meta[property="og:site_name"]', hast)?.properties['content'];
  const pageTitle = titleEl
    ? withoutSiteName(hastText(titleEl), h1 ? hastText(h1) : undefined, typeof siteName === 'string' ? siteName : undefined)
    : undefined;
  for (const meta of selectAll('meta[name]', hast)) {
    const name = String(meta.properties['name'] ?? '').toLowerCase();
    const content = String(meta.properties['content'] ?? '').trim();
    if (content && /^(?:author|dc\.creator|article:author)$/.test(name))
      fields.push({ key: 'author', value: content, from: `the page's \`<meta name="${name}">\`` });
  }
  // Confluence's page metadata: "Created by <span class="author">…</span>".
  for (const el of selectAll('.author', hast)) {
    const name = hastText(el);
    if (name && name.length < 80)
      fields.push({ key: 'author', value: name, from: `the page metadata (source line ${el.position?.start.line ?? '?'})` });
  }
  const article = select('article', hast) ?? select('main', hast) ?? select('[role=main]', hast) ?? select('body', hast) ?? hast;
  const root: HastRoot = { type: 'root', children: [article as HastContent] };
  let published: string | undefined;
  let removedChrome = 0;
  const prune = (parent: { children: (HastContent | ElementContent)[] }) => {
    parent.children = parent.children.filter((node) => {
      if (node.type === 'comment') return false;
      if (node.type !== 'element') return true;
      const el = node as Element;
      if (el !== article && isChrome(el)) {
        removedChrome++;
        return false;
      }
      if (DROPPED_ELEMENTS.has(el.tagName)) {
        notes.push(
          `dropped \`<${el.tagName}>\` at source line ${el.position?.start.line ?? '?'}: postmortems hold no embedded code or media`,
        );
        return false;
      }
      // The site's copyright line is chrome wherever the theme puts it.
      if (
        (el.tagName === 'p' || el.tagName === 'div' || el.tagName === 'small') &&
        /^(?:copyright\b|©|\(c\)\s*\d{4})/i.test(hastText(el)) &&
        hastText(el).length < 400
      ) {
        removedChrome++;
        return false;
      }
      // "Posted on: 2014-12-09 09:58:37+00:00": when the page was published, kept as a reference date only.
      if (el.tagName === 'p' && !published) {
        const m = /^(?:posted|published)(?:\s+on)?\s*(?::\s*)?(\d{4}-\d{2}-\d{2})/i.exec(hastText(el));
        if (m) {
          published = m[1];
          return false;
        }
      }
      prune(el);
      return true;
    });
  };
  prune(root);
  if (removedChrome)
    notes.push(
      `left out the page's navigation, header, footer and other site chrome (${removedChrome} element${removedChrome === 1 ? '' : 's'})`,
    );
  markConfluenceTasks(root);
  const tree = unified().use(rehypeRemark).runSync(root) as Root;
  // The page's own heading is its title; it is not a section.
  const first = tree.children.find((n) => n.type === 'heading');
  if (first && first.type === 'heading' && first.depth === 1 && pageTitle && sameText(toString(first), pageTitle))
    tree.children.splice(tree.children.indexOf(first), 1);
  const doc: SourceDocument = { format: 'html', tree, fields, notes };
  if (pageTitle) doc.pageTitle = pageTitle;
  if (published) doc.published = published;
  return doc;
}

function isChrome(el: Element): boolean {
  if (el.tagName === 'nav' || el.tagName === 'footer' || el.tagName === 'aside') return true;
  if (el.tagName === 'header') {
    // An article's own header holds its title; a page header holds the site's.
    return !/\bh1\b/.test(el.children.map((c) => (c.type === 'element' ? c.tagName : '')).join(' '));
  }
  const role = String(el.properties['role'] ?? '');
  if (/^(?:navigation|banner|contentinfo|search|complementary)$/.test(role)) return true;
  if (String(el.properties['ariaHidden']) === 'true') return true;
  const id = String(el.properties['id'] ?? '');
  return classes(el).some((c) => CHROME_CLASS.test(c)) || CHROME_CLASS.test(id);
}

function sameText(a: string, b: string): boolean {
  const n = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  return n(a) === n(b);
}

/**
 * The page title without the site's name: "Post title - Site", "Post title | Blog", "Site: Post title". The part
 * that is the page's `<h1>` wins; else the site name from `og:site_name`; else the longest part.
 */
export function withoutSiteName(title: string, h1: string | undefined, siteName: string | undefined): string {
  const parts = title
    .split(/(?<!\s)\s+(?:[|–—·»-]|::)\s+/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length < 2) return title.trim();
  if (h1) {
    if (title.toLowerCase().startsWith(h1.toLowerCase().trim())) return h1.trim();
    const match = parts.find((p) => sameText(p, h1));
    if (match) return match;
  }
  if (siteName) {
    const rest = parts.filter((p) => !sameText(p, siteName));
    if (rest.length && rest.length < parts.length) return rest.join(' - ');
  }
  return parts.reduce((a, b) => (b.length > a.length ? b : a));
}

/** Confluence marks done tasks with a class, not a checkbox: give hast-util-to-mdast the checkbox it understands. */
function markConfluenceTasks(root: HastRoot): void {
  for (const node of walk(root) as Iterable<HastContent>) {
    if (node.type !== 'element') continue;
    const el = node as Element;
    if (
      el.tagName === 'li' &&
      (el.properties['dataInlineTaskId'] !== undefined || classes(el).some((c) => c === 'checked' || c === 'unchecked'))
    ) {
      el.children.unshift({
        type: 'element',
        tagName: 'input',
        properties: { type: 'checkbox', checked: classes(el).includes('checked') },
        children: [],
      });
    }
  }
}

/** An HTML fragment (a block of raw HTML inside Markdown) as mdast. */
function fragmentToMdast(html: string, notes: string[], line: number | undefined): RootContent[] {
  const hast = unified().use(rehypeParse, { fragment: true }).parse(html) as HastRoot;
  const prune = (parent: { children: (HastContent | ElementContent)[] }) => {
    parent.children = parent.children.filter((node) => {
      if (node.type === 'comment') return false;
      if (node.type !== 'element') return true;
      const el = node as Element;
      if (DROPPED_ELEMENTS.has(el.tagName)) {
        notes.push(
          `dropped \`<${el.tagName}>\` at source line ${(line ?? 1) + (el.position?.start.line ?? 1) - 1}: postmortems hold no embedded code or media`,
        );
        return false;
      }
      prune(el);
      return true;
    });
  };
  prune(hast);
  markConfluenceTasks(hast);
  return (unified().use(rehypeRemark).runSync(hast) as Root).children;
}

/** Raw HTML inside Markdown: blocks are converted through the HTML path, inline tags dropped (text kept), `<br>` kept as a break. */
function convertRawHtml(tree: Root, notes: string[]): void {
  const inline = new Map<string, { count: number; line: number | undefined }>();
  const visit = (parent: { type?: string; children: RootContent[] }) => {
    for (let i = 0; i < parent.children.length; i++) {
      const node = parent.children[i]!;
      if (node.type === 'html') {
        const line = node.position?.start.line;
        const value = node.value.trim();
        if (/^<!--[\s\S]*-->$/.test(value)) {
          notes.push(`dropped an HTML comment at source line ${line}`);
          parent.children.splice(i--, 1);
          continue;
        }
        if (/^<br\s*\/?>$/i.test(value)) {
          parent.children.splice(i, 1, { type: 'break' } as RootContent);
          continue;
        }
        const isBlock = parent.type === 'root' || parent.type === 'listItem' || parent.type === 'blockquote' || parent.type === undefined;
        if (isBlock) {
          const converted = fragmentToMdast(node.value, notes, line);
          notes.push(`converted a block of raw HTML at source line ${line} to Markdown`);
          parent.children.splice(i, 1, ...converted);
          i += converted.length - 1;
          continue;
        }
        const tag = /^<\/?([a-zA-Z][\w-]*)/.exec(value)?.[1]?.toLowerCase();
        if (tag && !value.startsWith('</')) {
          const seen = inline.get(tag) ?? { count: 0, line };
          seen.count++;
          inline.set(tag, seen);
        }
        parent.children.splice(i--, 1);
        continue;
      }
      if ('children' in node) visit(node as { type: string; children: RootContent[] });
    }
  };
  visit(tree);
  // One note per tag, not one per occurrence: old blog editors wrap every sentence in <span style=…>.
  for (const [tag, { count, line }] of inline)
    notes.push(
      `dropped the inline HTML tag \`<${tag}>\` ${count === 1 ? `at source line ${line}` : `${count} times, first at source line ${line}`} (its text is kept)`,
    );
}
