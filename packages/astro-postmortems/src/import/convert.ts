/**
 * Converts one existing postmortem (Markdown, or HTML exported from Confluence
 * or Google Docs) into a postmortem of this repository: frontmatter inferred
 * from what the document says, sections mapped by the configured synonyms, and
 * a body that is safe MDX. Pure: no I/O; `src/cli/import.ts` reads, writes and
 * checks.
 *
 * Library choice: the unified family (remark-parse + remark-gfm for Markdown,
 * rehype-parse + rehype-remark for HTML, remark-stringify with remark-mdx's
 * serializer for output). Both inputs become one mdast tree, the same tree the
 * rules read, so inference and section mapping are written once; GFM tables and
 * task lists survive both ways; and remark-mdx's serializer escapes every `<`
 * and `{` that MDX would read as JSX or JavaScript, so the output is safe by
 * construction rather than by a regular expression. turndown would give HTML →
 * Markdown text only, leaving tables, task lists and escaping to us.
 *
 * Never invents: a field the source does not give is left as a commented line
 * for a person, and reported with its line in the written file.
 */
import type { Element, Root as HastRoot, RootContent as HastContent } from 'hast';
import type { Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Table, TableRow } from 'mdast';
import rehypeParse from 'rehype-parse';
import rehypeRemark from 'rehype-remark';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { parse as parseYaml } from 'yaml';
import type { PostmortemConfig } from '../core/config.ts';
import { ACTION_ITEM_TYPES } from '../core/frontmatter-schema.ts';
import { IMPORT_MISSING_SECTION, isPlaceholderOwner, isPlaceholderTitle } from '../core/placeholders.ts';
import { normalizeHeading } from '../core/rule.ts';
import { sectionFor } from '../core/section-names.ts';
import { toString, walk } from '../core/utils/mdast.ts';
import { slugify, yamlString, yamlWord } from '../core/utils/text.ts';
import { instant, localDate } from '../core/utils/time.ts';
import { isTrackerId } from '../core/utils/tracker.ts';
import { findDate, findZone, parseDay, parseInstant } from './times.ts';

export const MARKDOWN_EXTENSIONS = ['.md', '.markdown', '.txt'];
export const HTML_EXTENSIONS = ['.html', '.htm'];

export interface Provenance {
  field: string;
  value: string;
  /** Where in the source, e.g. `line 4 (metadata table)`. */
  from: string;
}

export interface ToComplete {
  /** Line in the written file. */
  line: number;
  what: string;
}

export interface ImportReport {
  /** Fields taken as written (perhaps reformatted), with where they came from. */
  found: Provenance[];
  /** Fields inferred by a rule of thumb a person should confirm (UTC assumed, severity mapped, time from the timeline). */
  inferred: Provenance[];
  /** Source heading → section in the output. */
  sections: { from: string; to: string; line: number }[];
  /** What a person must write, with its line in the output. */
  complete: ToComplete[];
  /** Raw HTML converted or dropped, and other content changed on the way. */
  notes: string[];
}

export interface Conversion {
  /** `YYYY-MM-DD-slug.mdx`, or `undefined` when the source gives no date to name the file by. */
  fileName: string | undefined;
  text: string;
  report: ImportReport;
}

type Meta = 'title' | 'date' | 'started' | 'detected' | 'mitigated' | 'resolved' | 'severity' | 'services' | 'authors' | 'status' | 'tags' | 'usersAffected';

/** Metadata labels as templates write them (lower-cased, trailing colon dropped) → field. */
const LABELS: Record<string, Meta> = {
  title: 'title', 'incident title': 'title', 'incident name': 'title', 'postmortem title': 'title',
  date: 'date', 'incident date': 'date', 'date of incident': 'date', day: 'date',
  start: 'started', started: 'started', 'start time': 'started', 'incident start': 'started', 'impact start': 'started', 'start of impact': 'started', 'impact started': 'started', began: 'started', 'incident began': 'started', 'started at': 'started',
  detected: 'detected', 'detection time': 'detected', 'time detected': 'detected', 'detected at': 'detected', 'first alert': 'detected',
  mitigated: 'mitigated', 'mitigation time': 'mitigated', 'time mitigated': 'mitigated', 'mitigated at': 'mitigated',
  resolved: 'resolved', end: 'resolved', ended: 'resolved', 'end time': 'resolved', 'resolution time': 'resolved', 'time resolved': 'resolved', 'incident end': 'resolved', 'end of impact': 'resolved', 'impact ended': 'resolved', recovered: 'resolved', 'resolved at': 'resolved',
  severity: 'severity', sev: 'severity', priority: 'severity', 'incident severity': 'severity', 'impact level': 'severity', 'incident priority': 'severity', 'severity level': 'severity',
  services: 'services', service: 'services', 'affected services': 'services', 'services affected': 'services', 'systems affected': 'services', 'affected systems': 'services', components: 'services', 'affected components': 'services', 'impacted services': 'services', systems: 'services',
  authors: 'authors', author: 'authors', 'written by': 'authors', 'prepared by': 'authors', 'postmortem owner': 'authors', 'document owner': 'authors', owner: 'authors', owners: 'authors', 'created by': 'authors',
  status: 'status', 'document status': 'status', 'postmortem status': 'status',
  tags: 'tags', labels: 'tags',
  'users affected': 'usersAffected', 'customers affected': 'usersAffected', 'affected users': 'usersAffected',
};

const FINAL_STATUS = /^(?:complete|completed|final|published|done|closed|reviewed|approved)\b/i;

function label(text: string): Meta | undefined {
  return LABELS[text.trim().toLowerCase().replace(/[*_:]+$/g, '').replace(/^[*_]+/, '').replace(/\s+/g, ' ').trim()];
}

interface MetaValue {
  value: string;
  from: string;
}

interface Item {
  title: string;
  owner?: string;
  due?: string;
  status?: string;
  type?: string;
  link?: string;
  /** A ticket id that cannot be a link without a tracker. */
  ticket?: string;
  from: string;
}

const parseMarkdown = unified().use(remarkParse).use(remarkFrontmatter, ['yaml']).use(remarkGfm);

/** Elements whose content is code or embedded media: dropped, with a report line. */
const DROPPED_ELEMENTS = new Set(['script', 'style', 'iframe', 'object', 'embed', 'form', 'button', 'canvas', 'svg', 'video', 'audio', 'noscript', 'template']);

function htmlToMdast(html: string, fragment: boolean, notes: string[], where: (line: number | undefined) => string): Root {
  const hast = unified().use(rehypeParse, { fragment }).parse(html) as HastRoot;
  for (const node of walk(hast) as Iterable<HastContent>) {
    if (node.type !== 'element') continue;
    const el = node as Element;
    if (DROPPED_ELEMENTS.has(el.tagName)) notes.push(`dropped \`<${el.tagName}>\` ${where(el.position?.start.line)}: postmortems hold no embedded code or media`);
    // Confluence marks done tasks with a class, not a checkbox: give hast-util-to-mdast the checkbox it understands.
    if (el.tagName === 'li' && (el.properties['dataInlineTaskId'] !== undefined || classes(el).some((c) => c === 'checked' || c === 'unchecked'))) {
      el.children.unshift({ type: 'element', tagName: 'input', properties: { type: 'checkbox', checked: classes(el).includes('checked') }, children: [] });
    }
  }
  for (const node of walk(hast) as Iterable<HastContent>) {
    if (node.type === 'element') (node as Element).children = (node as Element).children.filter((c) => !(c.type === 'element' && DROPPED_ELEMENTS.has(c.tagName)));
  }
  return unified().use(rehypeRemark).runSync(hast) as Root;
}

function classes(el: Element): string[] {
  const c: unknown = el.properties['className'];
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(/\s+/) : [];
}

/** Raw HTML inside Markdown: blocks are converted through the HTML path, inline tags dropped (text kept), `<br>` kept as a break. */
function convertRawHtml(tree: Root, notes: string[]): void {
  const visit = (parent: { children: RootContent[] }) => {
    for (let i = 0; i < parent.children.length; i++) {
      const node = parent.children[i]!;
      if (node.type === 'html') {
        const line = node.position?.start.line;
        const value = node.value.trim();
        if (value.startsWith('<!--')) {
          notes.push(`dropped an HTML comment at source line ${line}`);
          parent.children.splice(i--, 1);
          continue;
        }
        const isBlock = (parent as { type?: string }).type === 'root' || (parent as { type?: string }).type === 'listItem' || (parent as { type?: string }).type === 'blockquote';
        if (/^<br\s*\/?>$/i.test(value)) {
          parent.children.splice(i, 1, { type: 'break' } as RootContent);
          continue;
        }
        if (isBlock) {
          const converted = htmlToMdast(node.value, true, notes, (l) => `at source line ${(line ?? 1) + (l ?? 1) - 1}`);
          notes.push(`converted a block of raw HTML at source line ${line} to Markdown`);
          parent.children.splice(i, 1, ...converted.children);
          i += converted.children.length - 1;
          continue;
        }
        const tag = /^<\/?([a-zA-Z][\w-]*)/.exec(value)?.[1]?.toLowerCase();
        if (tag && !value.startsWith('</')) notes.push(`dropped the inline HTML tag \`<${tag}>\` at source line ${line} (its text is kept)`);
        parent.children.splice(i--, 1);
        continue;
      }
      if ('children' in node) visit(node as { children: RootContent[] });
    }
  };
  visit(tree);
}

/** Line text of a paragraph, list item or cell, as plain text. */
function lines(node: RootContent | PhrasingContent | TableRow | ListItem): string[] {
  return toString(node).split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}

/** `Key: value` per line; `undefined` unless every line is one with a known key. */
function keyValues(text: string[]): [Meta, string][] | undefined {
  const pairs: [Meta, string][] = [];
  for (const line of text) {
    const m = /^[-*•]?\s*([A-Za-z][A-Za-z /()]{0,40}?)\s*[:：]\s*(.+)$/.exec(line);
    const key = m && label(m[1]!);
    if (!key) return undefined;
    pairs.push([key, m[2]!.trim()]);
  }
  return pairs.length ? pairs : undefined;
}

function cellText(row: TableRow, i: number): string {
  const cell = row.children[i];
  return cell ? toString(cell).trim() : '';
}

/** Severity as configured, from `SEV-1`, `Sev 1`, `P1`, `critical`…; with how it was mapped when that was a guess. */
export function mapSeverity(written: string, severities: readonly string[]): { value: string; how?: string } | undefined {
  const text = written.trim();
  const exact = severities.find((s) => s.toLowerCase() === text.toLowerCase());
  if (exact) return { value: exact };
  const numbered = /\b(?:sev(?:erity)?|p|priority|level|s)[\s-]*(\d)\b/i.exec(text) ?? /^(\d)\b/.exec(text);
  const last = severities.length - 1;
  if (numbered) {
    const n = Number(numbered[1]);
    const index = Math.min(Math.max(n - 1, 0), last);
    return { value: severities[index]!, how: `\`${text}\` read as level ${n}${n === 0 ? ' (above the most critical configured level)' : ''}, mapped to \`${severities[index]}\` (level ${index + 1} of ${severities.length} configured)` };
  }
  const words: [RegExp, number][] = [
    [/\b(?:critical|blocker|emergency|highest|sev0)\b/i, 0],
    [/\b(?:high|major|severe)\b/i, 1],
    [/\b(?:medium|moderate|normal)\b/i, 2],
    [/\b(?:low|minor|lowest|trivial)\b/i, 3],
  ];
  for (const [re, i] of words) {
    if (re.test(text)) {
      const index = Math.min(i, last);
      return { value: severities[index]!, how: `\`${text}\` mapped to \`${severities[index]}\`` };
    }
  }
  return undefined;
}

function splitList(text: string): string[] {
  return text
    .split(/\s*(?:,|;|\/|\band\b|&)\s*/i)
    .map((s) => s.replace(/^@/, '').trim())
    .filter(Boolean);
}

const ITEM_STATUS: [RegExp, string][] = [
  [/\b(?:won'?t\s*(?:do|fix)|wontfix|cancel+ed|rejected|dropped|not\s+planned)\b/i, 'wont-do'],
  [/\b(?:in[\s-]*progress|started|ongoing|wip|doing|in\s+review)\b/i, 'in-progress'],
  [/\b(?:done|complete|completed|closed|fixed|resolved|finished|shipped)\b/i, 'done'],
  [/\b(?:open|todo|to\s*do|not\s+started|new|planned|backlog|pending)\b/i, 'open'],
];

function mapItemStatus(text: string): string | undefined {
  return ITEM_STATUS.find(([re]) => re.test(text))?.[1];
}

function mapItemType(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  if ((ACTION_ITEM_TYPES as readonly string[]).includes(t)) return t;
  if (/\b(?:prevent(?:ion|ive|ative)?|repair|fix)\b/.test(t)) return 'prevent';
  if (/\b(?:detect(?:ion)?|monitor(?:ing)?|alert(?:ing)?)\b/.test(t)) return 'detect';
  if (/\b(?:mitigat(?:e|ion)|recover(?:y)?)\b/.test(t)) return 'mitigate';
  if (/\b(?:process|procedure|documentation|training|policy)\b/.test(t)) return 'process';
  return undefined;
}

type Column = 'title' | 'owner' | 'due' | 'status' | 'type' | 'link';

function column(header: string): Column | undefined {
  const h = header.trim().toLowerCase().replace(/[*_:]/g, '');
  if (/^(?:action(?:\s+items?)?|items?|tasks?|description|title|what|follow[\s-]?ups?|remediation|todo)$/.test(h)) return 'title';
  if (/^(?:owners?|assignees?|assigned(?:\s+to)?|who|responsible|dri|team)$/.test(h)) return 'owner';
  if (/^(?:due(?:\s+date)?|deadline|target(?:\s+date)?|eta|by\s+when|when|date)$/.test(h)) return 'due';
  if (/^(?:status|state|done|progress)$/.test(h)) return 'status';
  if (/^(?:type|kind|category)$/.test(h)) return 'type';
  if (/^(?:bug|ticket|jira|issue|link|tracker|tracking|ref(?:erence)?|url)$/.test(h)) return 'link';
  return undefined;
}

function linkOf(node: RootContent | PhrasingContent | TableRow | ListItem | undefined): string | undefined {
  if (!node) return undefined;
  for (const n of walk(node)) {
    const url = n.type === 'link' ? (n as unknown as { url: string }).url : '';
    if (/^https?:\/\//i.test(url)) return url;
  }
  return undefined;
}

function assignLink(item: Item, url: string | undefined, text: string, config: PostmortemConfig): void {
  if (url) {
    item.link = url;
    return;
  }
  const id = /\b[A-Z][A-Z0-9]+-\d+\b/.exec(text)?.[0];
  if (!id) return;
  if (isTrackerId(id, config.tracker)) item.link = id;
  else item.ticket = id;
}

function itemsFromTable(table: Table, config: PostmortemConfig): Item[] | undefined {
  const [header, ...rows] = table.children;
  if (!header) return undefined;
  const columns = header.children.map((c) => column(toString(c)));
  if (!columns.includes('title')) return undefined;
  return rows
    .map((row): Item | undefined => {
      const get = (c: Column) => {
        const i = columns.indexOf(c);
        return i < 0 ? '' : cellText(row, i);
      };
      const title = get('title');
      if (!title) return undefined;
      const item: Item = { title, from: `source line ${row.position?.start.line ?? '?'} (table row)` };
      const owner = get('owner');
      if (owner) item.owner = owner.replace(/^@/, '');
      const due = parseDay(get('due'));
      if (due) item.due = due;
      const status = get('status') && mapItemStatus(get('status'));
      if (status) item.status = status;
      const type = get('type') && mapItemType(get('type'));
      if (type) item.type = type;
      const li = columns.indexOf('link');
      if (li >= 0) assignLink(item, linkOf(row.children[li]), get('link'), config);
      else assignLink(item, linkOf(row.children[columns.indexOf('title')]), '', config);
      return item;
    })
    .filter((i): i is Item => !!i);
}

function itemFromListItem(li: ListItem, config: PostmortemConfig): Item | undefined {
  // Only the item's own paragraph: nested lists are sub-notes, kept out of the title.
  const first = li.children.find((c) => c.type === 'paragraph');
  if (!first) return undefined;
  let text = toString(first).replace(/\s+/g, ' ').trim();
  const item: Item = { title: '', from: `source line ${li.position?.start.line ?? '?'} (${li.checked == null ? 'list item' : 'task list item'})` };
  if (li.checked === true) item.status = 'done';
  else if (li.checked === false) item.status = 'open';
  const take = (re: RegExp): string | undefined => {
    const m = re.exec(text);
    if (!m) return undefined;
    text = (text.slice(0, m.index) + text.slice(m.index + m[0].length)).trim();
    return m[1]?.trim();
  };
  const owner = take(/[([,;–—-]?\s*\b(?:owner|assignee|assigned to|owned by|dri)\s*[:=]?\s*@?([\w .'-]+?)\s*(?=[,;)\]]|\bdue\b|$)[)\]]?/i) ?? take(/(?:^|\s)@([\w.-]+)/);
  if (owner) item.owner = owner;
  const dueText = take(/[([,;–—-]?\s*\b(?:due(?:\s+date)?|deadline|by|target)\s*[:=]?\s*([^,;)\]]+?)\s*(?=[,;)\]]|$)[)\]]?/i);
  const due = dueText && parseDay(dueText);
  if (due) item.due = due;
  const status = take(/[([,;–—-]?\s*\b(?:status)\s*[:=]\s*([\w' -]+?)\s*(?=[,;)\]]|$)[)\]]?/i);
  if (status && mapItemStatus(status)) item.status = mapItemStatus(status)!;
  const type = take(/[([,;–—-]?\s*\btype\s*[:=]\s*(\w+)\s*[)\]]?/i);
  if (type && mapItemType(type)) item.type = mapItemType(type)!;
  const url = linkOf(first);
  const id = /\b[A-Z][A-Z0-9]+-\d+\b/.exec(text)?.[0];
  assignLink(item, url, id ?? '', config);
  if (id) text = text.replace(new RegExp(`\\[?\\(?${id}\\)?\\]?:?`), '');
  item.title = text.replace(/\s*[([]\s*[)\]]\s*/g, ' ').replace(/^[\s:–—-]+|[\s,;:–—-]+$/g, '').replace(/\s+/g, ' ').trim();
  return item.title ? item : undefined;
}


export interface ConvertInput {
  /** Source path, for the report and as a last resort for the title. */
  path: string;
  text: string;
  config: PostmortemConfig;
}

/** Converts one document. */
export function convert({ path, text, config }: ConvertInput): Conversion {
  const report: ImportReport = { found: [], inferred: [], sections: [], complete: [], notes: [] };
  const isHtml = HTML_EXTENSIONS.some((e) => path.toLowerCase().endsWith(e));
  const meta = new Map<Meta, MetaValue>();
  const setMeta = (key: Meta, value: string, from: string) => {
    if (!meta.has(key) && value.trim()) meta.set(key, { value: value.trim(), from });
  };

  let tree: Root;
  let htmlTitle: string | undefined;
  if (isHtml) {
    const hast = unified().use(rehypeParse).parse(text) as HastRoot;
    for (const node of walk(hast) as Iterable<HastContent>) {
      if (node.type !== 'element') continue;
      const el = node as Element;
      if (el.tagName === 'title') htmlTitle = toString(el as never).trim();
      // Confluence's page metadata: "Created by <span class="author">…</span>".
      if (classes(el).includes('author')) setMeta('authors', toString(el as never), `the page metadata (source line ${el.position?.start.line})`);
      if (el.tagName === 'meta' && /^(?:author|dc\.creator)$/i.test(String(el.properties['name'] ?? ''))) setMeta('authors', String(el.properties['content'] ?? ''), 'the `<meta name="author">` tag');
    }
    // Confluence titles the export "Space : Page"; the page is the title.
    if (htmlTitle) htmlTitle = htmlTitle.replace(/^[^:]{1,60}\s:\s/, '').trim();
    tree = htmlToMdast(text, false, report.notes, (l) => `at source line ${l ?? '?'}`);
    // Breadcrumbs and "Created by…" lines are page furniture, not content.
    tree.children = tree.children.filter((n) => !(n.type === 'paragraph' && /^(?:created by|last (?:updated|modified) (?:by|on)|document generated by|\s*$)/i.test(toString(n))));
  } else {
    tree = parseMarkdown.parse(text) as Root;
    const yamlNode = tree.children.find((n) => n.type === 'yaml');
    if (yamlNode && yamlNode.type === 'yaml') {
      try {
        const data = parseYaml(yamlNode.value) as Record<string, unknown>;
        for (const [key, value] of Object.entries(data ?? {})) {
          const field = label(key.replace(/[_-]/g, ' '));
          if (!field || value == null) continue;
          setMeta(field, Array.isArray(value) ? value.join(', ') : value instanceof Date ? value.toISOString() : String(value), `the source's front matter (\`${key}\`)`);
        }
      } catch {
        report.notes.push('the source\'s front matter is not valid YAML; it was left out');
      }
      tree.children = tree.children.filter((n) => n.type !== 'yaml');
    }
    convertRawHtml(tree, report.notes);
  }

  // Title: the first level-1 heading that is not itself a section, removed from the body (the page shows the title).
  const firstH1 = tree.children.find((n): n is Heading => n.type === 'heading' && n.depth === 1);
  const h1s = tree.children.filter((n): n is Heading => n.type === 'heading' && n.depth === 1);
  if (firstH1 && !sectionFor(toString(firstH1), config) && (h1s.length === 1 || tree.children.indexOf(firstH1) === tree.children.findIndex((n) => n.type === 'heading'))) {
    setMeta('title', toString(firstH1), `the level-1 heading (source line ${firstH1.position?.start.line})`);
    tree.children.splice(tree.children.indexOf(firstH1), 1);
  }
  if (htmlTitle) setMeta('title', htmlTitle, 'the HTML `<title>`');
  // Google Docs puts the title in a first bold paragraph when the "Title" style was not used.
  const firstNode = tree.children[0];
  if (!meta.has('title') && firstNode?.type === 'paragraph' && firstNode.children.length === 1 && firstNode.children[0]!.type === 'strong') {
    setMeta('title', toString(firstNode), `the bold first line (source line ${firstNode.position?.start.line})`);
    tree.children.shift();
  }

  // Metadata: "Key: value" paragraphs and lists, and two-column key/value tables, wherever they are.
  tree.children = tree.children.filter((node) => {
    const where = (kind: string) => `${kind} (source line ${node.position?.start.line ?? '?'})`;
    if (node.type === 'paragraph') {
      const pairs = keyValues(lines(node));
      if (!pairs) return true;
      for (const [k, v] of pairs) setMeta(k, v, where('a `Key: value` line'));
      return false;
    }
    if (node.type === 'list') {
      const pairs = keyValues(node.children.flatMap((li) => lines(li)));
      if (!pairs) return true;
      for (const [k, v] of pairs) setMeta(k, v, where('a `Key: value` list'));
      return false;
    }
    if (node.type === 'table') {
      const rows = node.children.filter((r) => label(cellText(r, 0)));
      if (rows.length < 2 || node.children.some((r) => r.children.length > 2)) return true;
      for (const row of rows) setMeta(label(cellText(row, 0))!, cellText(row, 1), `the metadata table (source line ${row.position?.start.line ?? '?'})`);
      node.children = node.children.filter((r) => !label(cellText(r, 0)) && cellText(r, 0));
      return node.children.length > 1;
    }
    return true;
  });

  // Sections: the level the document uses for them is the shallowest level where a heading maps to a required one.
  const headings = tree.children.filter((n): n is Heading => n.type === 'heading');
  const mappedDepths = headings.filter((h) => sectionFor(toString(h), config)).map((h) => h.depth);
  const sectionDepth = mappedDepths.length ? Math.min(...mappedDepths) : 2;
  const required = config.requiredSections;
  const lessonsSubs = new Set(config.lessonsSubsections);
  interface Block {
    title: string;
    sourceTitle: string;
    line: number;
    nodes: RootContent[];
  }
  const preamble: RootContent[] = [];
  const blocks: Block[] = [];
  let metaHeading: { key: Meta; line: number } | undefined;
  for (const node of tree.children) {
    // The Google SRE template opens with `**Summary:** …`, `**Root Causes:** …` paragraphs: each is a section.
    if (node.type === 'paragraph') {
      const m = /^([A-Za-z][A-Za-z ]{1,30}?)\s*:\s+([\s\S]+)$/.exec(toString(node).trim());
      const mapped = m && sectionFor(m[1]!, config);
      // `**Resolution:** …` in the same template: a section with no equivalent, kept as an extra one.
      const bold = node.children[0]?.type === 'strong' && /[:：]\s*$/.test(toString(node.children[0]));
      if (m && (mapped || bold) && !m[2]!.includes('\n')) {
        blocks.push({ title: mapped ?? m[1]!.trim(), sourceTitle: m[1]!, line: node.position?.start.line ?? 0, nodes: [{ type: 'paragraph', children: [{ type: 'text', value: m[2]!.trim() }] }] });
        continue;
      }
    }
    if (node.type === 'heading' && node.depth <= sectionDepth) {
      const written = toString(node).trim();
      // A "Severity" section holding only its value is metadata.
      if (label(written) && !sectionFor(written, config)) {
        metaHeading = { key: label(written)!, line: node.position?.start.line ?? 0 };
        continue;
      }
      metaHeading = undefined;
      const mapped = sectionFor(written, config);
      blocks.push({ title: mapped ?? written.replace(/[:：]\s*$/, ''), sourceTitle: written, line: node.position?.start.line ?? 0, nodes: [] });
      continue;
    }
    if (metaHeading && node.type === 'paragraph') {
      setMeta(metaHeading.key, toString(node), `the "${metaHeading.key}" heading (source line ${metaHeading.line})`);
      metaHeading = undefined;
      continue;
    }
    if (node.type === 'heading') node.depth = Math.min(6, node.depth - sectionDepth + 2) as Heading['depth'];
    (blocks.at(-1)?.nodes ?? preamble).push(node);
  }

  // Where each source block goes: required sections (merged when several map to one), lessons sub-headings under
  // Lessons Learned, everything else kept as an extra section after the one it followed.
  const out = new Map<string, RootContent[]>(required.map((t) => [t, []]));
  const has = new Set<string>();
  const extrasAfter = new Map<string, { title: string; nodes: RootContent[] }[]>();
  let lastRequired = '';
  const heading = (depth: 2 | 3, value: string): Heading => ({ type: 'heading', depth, children: [{ type: 'text', value }] });
  for (const block of blocks) {
    if (required.includes(block.title)) {
      const nodes = out.get(block.title)!;
      if (has.has(block.title)) nodes.push(heading(3, block.sourceTitle), ...demote(block.nodes));
      else nodes.push(...block.nodes);
      has.add(block.title);
      lastRequired = block.title;
      report.sections.push({ from: block.sourceTitle, to: has.has(block.title) && nodes.length !== block.nodes.length ? `## ${block.title} (as \`### ${block.sourceTitle}\`)` : `## ${block.title}`, line: block.line });
    } else if (lessonsSubs.has(block.title)) {
      out.get(config.lessonsSection)?.push(heading(3, block.title), ...demote(block.nodes));
      has.add(config.lessonsSection);
      report.sections.push({ from: block.sourceTitle, to: `### ${block.title} under ## ${config.lessonsSection}`, line: block.line });
    } else {
      const list = extrasAfter.get(lastRequired) ?? [];
      list.push({ title: block.title, nodes: block.nodes });
      extrasAfter.set(lastRequired, list);
      report.sections.push({ from: block.sourceTitle, to: `## ${block.title} (kept as an extra section)`, line: block.line });
    }
  }
  // Lessons sub-headings written one level down (### What went well) get the configured spelling.
  for (const node of out.get(config.lessonsSection) ?? []) {
    if (node.type === 'heading' && node.depth === 3) {
      const sub = sectionFor(toString(node), config);
      if (sub && lessonsSubs.has(sub)) node.children = [{ type: 'text', value: sub }];
    }
  }
  const summaryTitle = required[0]!;
  if (!has.has(summaryTitle) && preamble.some((n) => n.type === 'paragraph')) {
    out.set(summaryTitle, preamble.splice(0));
    has.add(summaryTitle);
    report.sections.push({ from: '(text before the first heading)', to: `## ${summaryTitle}`, line: 1 });
  } else if (preamble.length) {
    extrasAfter.set('', [{ title: 'Supporting Information', nodes: preamble.splice(0) }, ...(extrasAfter.get('') ?? [])]);
    report.sections.push({ from: '(text before the first heading)', to: '## Supporting Information (kept as an extra section)', line: 1 });
  }

  // Action items from the Action Items section: tables with a recognisable title column, task lists and bullets.
  const items: Item[] = [];
  const actionNodes = out.get(config.actionItemsSection) ?? [];
  const remaining = actionNodes.filter((node) => {
    if (node.type === 'table') {
      const found = itemsFromTable(node, config);
      if (found?.length) {
        items.push(...found);
        return false;
      }
    }
    if (node.type === 'list') {
      const found = node.children.map((li) => itemFromListItem(li, config)).filter((i): i is Item => !!i);
      if (found.length === node.children.length && found.length) {
        items.push(...found);
        return false;
      }
    }
    return true;
  });
  out.set(config.actionItemsSection, remaining);

  // Times: explicit metadata first, then the timeline.
  const timelineNodes = out.get(config.timelineSection) ?? [];
  const timelineText = timelineNodes.map((n) => toString(n)).join('\n');
  const zone = findZone(timelineText) ?? findZone(toString(tree));
  let day = meta.get('date') && findDate(meta.get('date')!.value)?.date;
  if (!day && !meta.get('started')) {
    // "Between 14:02 and 16:40 UTC on 2023-11-08, …": the summary often is the only place with the day.
    const summaryDay = findDate((out.get(required[0]!) ?? []).map((n) => toString(n)).join('\n'))?.date;
    if (summaryDay) {
      day = summaryDay;
      report.inferred.push({ field: 'incident date', value: summaryDay, from: `the first date in \`## ${required[0]}\`` });
    }
  }
  const times: Partial<Record<'started' | 'detected' | 'mitigated' | 'resolved', string>> = {};
  let assumedUtc = false;
  for (const key of ['started', 'detected', 'mitigated', 'resolved'] as const) {
    const m = meta.get(key);
    const startedDay = meta.get('started') ? findDate(meta.get('started')!.value)?.date : undefined;
    const parsed = m && parseInstant(m.value, day ?? startedDay, zone);
    if (parsed && m) {
      times[key] = parsed.value;
      assumedUtc ||= parsed.assumedUtc;
      report.found.push({ field: `incident.${key}`, value: parsed.value, from: m.from });
    }
  }
  if (!times.started && meta.get('date')) {
    const parsed = parseInstant(meta.get('date')!.value, undefined, zone);
    if (parsed) {
      times.started = parsed.value;
      assumedUtc ||= parsed.assumedUtc;
      report.found.push({ field: 'incident.started', value: parsed.value, from: meta.get('date')!.from });
    }
  }
  const entries = timelineEntries(timelineNodes);
  const entryDay = times.started ? localDate(times.started) : day;
  if (entryDay && entries.length) {
    const clues: [keyof typeof times, RegExp][] = [
      ['detected', /\b(?:detect\w*|alert\w*|paged?|noticed|reported|fired|spotted)\b/i],
      ['mitigated', /\b(?:mitigat\w*|roll(?:ed)?\s*back|rollback|revert\w*|failed over|stopped|disabled|traffic shifted)\b/i],
      ['resolved', /\b(?:resolv\w*|recover\w*|all[- ]clear|back to normal|closed|fully restored|incident (?:ended|over))\b/i],
    ];
    let currentDay = entryDay;
    let previous = '';
    const dated = entries.map((e) => {
      const explicitDay = findDate(e.text)?.date;
      if (explicitDay) currentDay = explicitDay;
      const parsed = parseInstant(e.text, currentDay, zone);
      // A time earlier than the one before, with no date written, is the next day.
      if (parsed && !explicitDay && previous && instant(parsed.value) < instant(previous)) {
        currentDay = addDay(currentDay);
        const next = parseInstant(e.text, currentDay, zone);
        if (next) Object.assign(parsed, next);
      }
      if (parsed) previous = parsed.value;
      return { ...e, parsed };
    });
    const first = dated.find((e) => e.parsed);
    if (!times.started && first?.parsed) {
      times.started = first.parsed.value;
      assumedUtc ||= first.parsed.assumedUtc;
      report.inferred.push({ field: 'incident.started', value: first.parsed.value, from: `the first timeline entry (source line ${first.line})` });
    }
    for (const [key, re] of clues) {
      if (times[key]) continue;
      const pick = key === 'resolved' ? [...dated].reverse().find((e) => e.parsed && re.test(e.text)) : dated.find((e) => e.parsed && re.test(e.text));
      if (pick?.parsed && times.started && instant(pick.parsed.value) >= instant(times.started)) {
        times[key] = pick.parsed.value;
        assumedUtc ||= pick.parsed.assumedUtc;
        report.inferred.push({ field: `incident.${key}`, value: pick.parsed.value, from: `the timeline entry at source line ${pick.line} ("${pick.text.slice(0, 60)}")` });
      }
    }
  }
  // Keep only times in order; a person settles the rest.
  let last = times.started ? instant(times.started) : -Infinity;
  for (const key of ['detected', 'mitigated', 'resolved'] as const) {
    const v = times[key];
    if (!v) continue;
    if (instant(v) < last) {
      delete times[key];
      report.notes.push(`incident.${key} was left out: it came before an earlier event; set it by hand`);
      continue;
    }
    last = instant(v);
  }
  if (assumedUtc) report.inferred.push({ field: 'incident times', value: 'UTC', from: 'no time zone was written, so UTC was assumed; correct the offset if the clock was local' });

  // Severity, services, authors, status.
  const sevMeta = meta.get('severity');
  const severity = sevMeta ? mapSeverity(sevMeta.value, config.severities) : undefined;
  if (severity && sevMeta) (severity.how ? report.inferred : report.found).push({ field: 'severity', value: severity.value, from: severity.how ? `${sevMeta.from}: ${severity.how}` : sevMeta.from });
  const servicesMeta = meta.get('services');
  const services = servicesMeta ? [...new Set(splitList(servicesMeta.value).map(slugify).filter(Boolean))] : [];
  if (servicesMeta && services.length) report.found.push({ field: 'services', value: services.join(', '), from: `${servicesMeta.from}${servicesMeta.value !== services.join(', ') ? ` (written \`${servicesMeta.value}\`, made kebab-case)` : ''}` });
  const authorsMeta = meta.get('authors');
  const authors = authorsMeta ? splitList(authorsMeta.value) : [];
  if (authorsMeta && authors.length) report.found.push({ field: 'authors', value: authors.join(', '), from: authorsMeta.from });
  const tagsMeta = meta.get('tags');
  const tags = tagsMeta ? [...new Set(splitList(tagsMeta.value).map(slugify).filter(Boolean))] : [];
  if (tagsMeta && tags.length) report.found.push({ field: 'tags', value: tags.join(', '), from: tagsMeta.from });
  const usersMeta = meta.get('usersAffected');
  const users = usersMeta && /^~?\s*([\d,]+)\s*(?:users?|customers?)?$/i.exec(usersMeta.value.trim());
  const usersAffected = users ? Number(users[1]!.replaceAll(',', '')) : undefined;
  if (usersMeta && usersAffected !== undefined) report.found.push({ field: 'impact.usersAffected', value: String(usersAffected), from: usersMeta.from });

  const titleMeta = meta.get('title');
  // Confluence prefixes the space ("OPS : …"); many titles start with "Postmortem:".
  let title = titleMeta?.value.replace(/^[^:]{1,30}\s:\s/, '').replace(/^(?:post[- ]?mortem|incident (?:report|review)|retrospective)\s*[:–—-]\s*/i, '').trim();
  if (title) report.found.push({ field: 'title', value: title, from: titleMeta!.from });
  if (!title || title.length < 8) {
    const base = path.split(/[\\/]/).pop()!.replace(/\.[^.]+$/, '').replace(/^\d{4}-\d{2}-\d{2}[-_ ]*/, '').replace(/[-_]+/g, ' ').trim();
    if (!title && base.length >= 8) {
      title = base[0]!.toUpperCase() + base.slice(1);
      report.inferred.push({ field: 'title', value: title, from: 'the source file name (the document has no title); reword it' });
    }
  }
  if (title && title.length > 140) title = title.slice(0, 140).replace(/\s+\S*$/, '');

  // Action items: complete ones in the frontmatter; incomplete ones as comments, for a person to finish.
  const complete = items.filter((i) => i.owner && !isPlaceholderOwner(i.owner) && i.due && !isPlaceholderTitle(i.title));
  const incomplete = items.filter((i) => !complete.includes(i));

  const missingSections = required.filter((t) => !has.has(t) || (t !== config.actionItemsSection && !(out.get(t) ?? []).length));
  const sourceStatus = meta.get('status');
  const publishable =
    !!sourceStatus && FINAL_STATUS.test(sourceStatus.value) && !!times.resolved && !!title && !!severity && services.length > 0 && authors.length > 0 && complete.length > 0 && !incomplete.length && !missingSections.length;
  const status = publishable ? 'published' : 'draft';
  if (sourceStatus) report.found.push({ field: 'status', value: status, from: `${sourceStatus.from}: written \`${sourceStatus.value}\`${publishable ? '' : '; kept as `draft` until what is listed below is complete'}` });

  // The frontmatter, line by line, so the report can point at each line a person must complete.
  const fm: string[] = ['---'];
  const todo = (what: string, line: string) => {
    fm.push(line);
    report.complete.push({ line: fm.length, what });
  };
  if (title) fm.push(`title: ${yamlString(title)}`);
  else todo('`title`: the source has none; write what failed and for whom (8–140 characters)', '# title: ""  # not in the source');
  if (severity) fm.push(`severity: ${yamlWord(severity.value)}`);
  else todo(`\`severity\`: ${sevMeta ? `\`${sevMeta.value}\` matches no configured level` : 'not in the source'}; one of ${config.severities.map((s) => `\`${s}\``).join(', ')}`, `# severity: ${config.severities.at(-1)}  # not in the source; one of ${config.severities.join(', ')}`);
  fm.push(`status: ${status}`);
  fm.push('incident:');
  if (times.started) fm.push(`  started: ${times.started}`);
  else todo('`incident.started`: the source gives no start time; ISO 8601 with offset', '  # started: YYYY-MM-DDTHH:MM:00Z  # not in the source');
  for (const key of ['detected', 'mitigated', 'resolved'] as const) {
    if (times[key]) fm.push(`  ${key}: ${times[key]}`);
    else if (key === 'resolved') todo('`incident.resolved`: not in the source; needed before `in-review`', '  # resolved: YYYY-MM-DDTHH:MM:00Z  # not in the source; needed before in-review');
  }
  if (services.length) fm.push('services:', ...services.map((s) => `  - ${s}`));
  else todo('`services`: not in the source; at least one kebab-case service', '# services: [service-name]  # not in the source');
  if (tags.length) fm.push('tags:', ...tags.map((t) => `  - ${t}`));
  if (authors.length) fm.push('authors:', ...authors.map((a) => `  - ${yamlString(a)}`));
  else todo('`authors`: not in the source; who writes the postmortem', '# authors: ["Your Name"]  # not in the source');
  if (usersAffected !== undefined) fm.push('impact:', `  usersAffected: ${usersAffected}`);
  const itemLines = (item: Item, prefix: string) => {
    const l = [`${prefix}- title: ${yamlString(item.title)}`];
    const p = `${prefix}  `;
    l.push(item.owner && !isPlaceholderOwner(item.owner) ? `${p}owner: ${yamlString(item.owner)}` : `${p}owner: ""  # ${item.owner ? `written \`${item.owner}\`, which names nobody` : 'not in the source'}`);
    l.push(item.due ? `${p}due: ${item.due}` : `${p}due: YYYY-MM-DD  # not in the source`);
    if (item.status) l.push(`${p}status: ${item.status}`);
    if (item.type) l.push(`${p}type: ${item.type}`);
    if (item.link) l.push(`${p}link: ${yamlString(item.link)}`);
    if (item.ticket) l.push(`${prefix === '' ? '' : prefix}  # ticket ${item.ticket}: set \`tracker\` in postmortems.config.ts to link ids`);
    return l;
  };
  if (complete.length || incomplete.length) {
    fm.push(complete.length ? 'actionItems:' : '# actionItems:');
    for (const item of complete) {
      fm.push(...itemLines(item, '  '));
      report.found.push({ field: 'actionItems', value: item.title, from: item.from });
    }
    for (const item of incomplete) {
      const lacking = [(!item.owner || isPlaceholderOwner(item.owner)) && 'owner', !item.due && 'due date', isPlaceholderTitle(item.title) && 'title'].filter(Boolean).join(' and ');
      const at = fm.length + 1;
      fm.push(...itemLines(item, '  ').map((l) => `#${l}`));
      report.complete.push({ line: at, what: `action item "${item.title}" (${item.from}) lacks its ${lacking}; complete it and remove the \`#\` in front of its lines${complete.length ? '' : ', and of `actionItems:`'}` });
    }
  } else {
    todo('`actionItems`: the source lists none that could be read; add at least one before publishing', '# actionItems: []  # none found in the source');
  }
  fm.push('---');

  // The body: required sections in order, each followed by the extra sections that followed it in the source.
  const body: RootContent[] = [];
  const pushExtras = (after: string) => {
    for (const extra of extrasAfter.get(after) ?? []) body.push(heading(2, extra.title), ...extra.nodes);
  };
  pushExtras('');
  const missingMarkers: string[] = [];
  for (const t of required) {
    body.push(heading(2, t));
    const nodes = out.get(t) ?? [];
    if (nodes.length) body.push(...nodes);
    else if (t !== config.actionItemsSection || !has.has(t)) {
      const sentence = `${IMPORT_MISSING_SECTION} (${path.split(/[\\/]/).pop()}); write it before the review.`;
      body.push({ type: 'paragraph', children: [{ type: 'emphasis', children: [{ type: 'text', value: sentence }] }] } as Paragraph);
      missingMarkers.push(t);
    }
    pushExtras(t);
  }
  const mdx = unified()
    .use(remarkStringify, { bullet: '-', emphasis: '_', strong: '*', fences: true, resourceLink: true, rule: '-', listItemIndent: 'one' })
    .use(remarkGfm)
    .use(remarkMdx)
    .stringify({ type: 'root', children: body } as Root);
  const output = `${fm.join('\n')}\n\n${mdx.trimEnd()}\n`;

  // Line numbers of the added sections, in the written file.
  const outLines = output.split('\n');
  for (const t of missingMarkers) {
    const at = outLines.findIndex((l) => normalizeHeading(l) === normalizeHeading(`## ${t}`));
    report.complete.push({ line: at + 1, what: `section \`## ${t}\`: ${t === config.actionItemsSection ? 'not in the source' : `not in the source (no heading matched \`${t}\` or its synonyms)`}; write it` });
  }
  report.complete.sort((a, b) => a.line - b.line);
  if (!publishable && status === 'draft') report.notes.push('imported as `status: draft`; set `in-review` once everything listed here is complete');

  const date = times.started ? localDate(times.started) : day;
  const slug = title ? slugify(title) : slugify(path.split(/[\\/]/).pop()!.replace(/\.[^.]+$/, '').replace(/^\d{4}-\d{2}-\d{2}[-_ ]*/, ''));
  const fileName = date && slug ? `${date}-${slug}.mdx` : undefined;
  return { fileName, text: output, report };
}

/** Level-3 and deeper under a merged section, so a merged block never opens a new level-2 section. */
function demote(nodes: RootContent[]): RootContent[] {
  for (const n of nodes) if (n.type === 'heading' && n.depth < 4) n.depth = (n.depth + 1) as Heading['depth'];
  return nodes;
}

function addDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Timeline entries: list items, table rows (all cells) and paragraph lines, each with its text and source line. */
function timelineEntries(nodes: RootContent[]): { text: string; line: number }[] {
  const entries: { text: string; line: number }[] = [];
  for (const node of nodes) {
    if (node.type === 'list') for (const li of (node as List).children) entries.push({ text: toString(li).replace(/\s+/g, ' ').trim(), line: li.position?.start.line ?? 0 });
    else if (node.type === 'table') for (const row of (node as Table).children.slice(1)) entries.push({ text: row.children.map((c) => toString(c)).join(' '), line: row.position?.start.line ?? 0 });
    else if (node.type === 'paragraph') {
      const start = node.position?.start.line ?? 0;
      toString(node).split('\n').forEach((l, i) => entries.push({ text: l.trim(), line: start + i }));
    }
  }
  // Only entries that start with a time or a date: prose in the section ("All times UTC") is not an event.
  return entries.filter((e) => /^(?:\*\*)?(?:\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)/i.test(e.text));
}

