/**
 * Phase 2 of the import, `readMetadata`: the fields a document states about
 * itself, wherever it states them: front matter, `Key: value` lines (also
 * several on one line separated by `<br>`, as Google Docs and Flutter's
 * template write them), `Key: value` lists, two-column tables, an `## Authors`
 * list, `Authors:` followed by a list, and the title (front matter, the
 * level-1 heading, the page title, a bold first line). Pure metadata
 * paragraphs leave the body; a paragraph that also holds content (a
 * description, an impact) stays, and its fields are read all the same.
 */
import type { Heading, List, Paragraph, PhrasingContent, Root, RootContent, Table } from 'mdast';
import type { PostmortemConfig } from '../core/config.ts';
import { bestSection } from '../core/section-names.ts';
import { toString } from '../core/utils/mdast.ts';
import type { SourceDocument } from './source.ts';

export type FieldName =
  | 'title'
  | 'incidentDate'
  | 'documentDate'
  | 'started'
  | 'detected'
  | 'mitigated'
  | 'resolved'
  | 'severity'
  | 'services'
  | 'authors'
  | 'status'
  | 'tags'
  | 'usersAffected';

export interface Fact {
  value: string;
  from: string;
}

export interface Metadata {
  facts: Partial<Record<Exclude<FieldName, 'authors'>, Fact>>;
  authors?: { names: string[]; from: string };
  /** The reference day (publication or front-matter date) that dates without a year are read against. */
  referenceDay?: string;
}

/** Labels as documents write them (lower-cased, trailing colon dropped) → field; `null` for content labels. */
const LABELS: Record<string, FieldName | null> = {
  title: 'title',
  'incident title': 'title',
  'incident name': 'title',
  'postmortem title': 'title',
  'incident date': 'incidentDate',
  'date of incident': 'incidentDate',
  'date/time': 'incidentDate',
  'date and time': 'incidentDate',
  'incident date/time': 'incidentDate',
  day: 'incidentDate',
  date: 'documentDate',
  'last modified': 'documentDate',
  'last updated': 'documentDate',
  created: 'documentDate',
  'created on': 'documentDate',
  'written on': 'documentDate',
  posted: 'documentDate',
  published: 'documentDate',
  'review date': 'documentDate',
  start: 'started',
  started: 'started',
  'start time': 'started',
  'incident start': 'started',
  'impact start': 'started',
  'start of impact': 'started',
  'impact started': 'started',
  began: 'started',
  'incident began': 'started',
  'started at': 'started',
  'start date': 'started',
  detected: 'detected',
  'detection time': 'detected',
  'time detected': 'detected',
  'detected at': 'detected',
  'first alert': 'detected',
  mitigated: 'mitigated',
  'mitigation time': 'mitigated',
  'time mitigated': 'mitigated',
  'mitigated at': 'mitigated',
  resolved: 'resolved',
  end: 'resolved',
  ended: 'resolved',
  'end time': 'resolved',
  'resolution time': 'resolved',
  'time resolved': 'resolved',
  'incident end': 'resolved',
  'end of impact': 'resolved',
  'impact ended': 'resolved',
  recovered: 'resolved',
  'resolved at': 'resolved',
  'end date': 'resolved',
  severity: 'severity',
  sev: 'severity',
  priority: 'severity',
  'incident severity': 'severity',
  'impact level': 'severity',
  'incident priority': 'severity',
  'severity level': 'severity',
  level: 'severity',
  services: 'services',
  service: 'services',
  'affected services': 'services',
  'services affected': 'services',
  'systems affected': 'services',
  'affected systems': 'services',
  components: 'services',
  component: 'services',
  'affected components': 'services',
  'impacted services': 'services',
  systems: 'services',
  'affected service': 'services',
  authors: 'authors',
  author: 'authors',
  'written by': 'authors',
  'prepared by': 'authors',
  'postmortem owner': 'authors',
  'postmortem owners': 'authors',
  'document owner': 'authors',
  owner: 'authors',
  owners: 'authors',
  'created by': 'authors',
  'report author': 'authors',
  'taxonomies.author': 'authors',
  'taxonomies.authors': 'authors',
  'extra.author': 'authors',
  status: 'status',
  'document status': 'status',
  'postmortem status': 'status',
  tags: 'tags',
  labels: 'tags',
  'taxonomies.tags': 'tags',
  categories: 'tags',
  'users affected': 'usersAffected',
  'customers affected': 'usersAffected',
  'affected users': 'usersAffected',
  // Content: read where it is, never moved out of the body.
  description: null,
  summary: null,
  impact: null,
  'user impact': null,
  'customer impact': null,
  duration: null,
  'incident id': null,
  id: null,
  'root cause': null,
  resolution: null,
  'detected by': null,
  trigger: null,
  'business impact': null,
};

/** Labels that are only metadata: a paragraph of nothing else leaves the body. */
const PURE = new Set<FieldName>([
  'title',
  'incidentDate',
  'documentDate',
  'started',
  'detected',
  'mitigated',
  'resolved',
  'severity',
  'services',
  'authors',
  'status',
  'tags',
  'usersAffected',
]);

export function labelOf(text: string): FieldName | null | undefined {
  const key = text
    .trim()
    .toLowerCase()
    .replace(/^[*_`\s]+|(?<![*_`:\s])[*_`:\s]+$/g, '')
    .replace(/\s+/g, ' ');
  return key in LABELS ? LABELS[key] : undefined;
}

/**
 * The text of a paragraph (or cell) as lines: line breaks (`<br>`, two trailing spaces) end a line; soft line
 * breaks inside a segment do not, unless the next line starts a `Key:` of its own.
 */
export function segments(node: { children: PhrasingContent[] }): string[] {
  const out: string[] = [''];
  for (const child of node.children) {
    if (child.type === 'break') out.push('');
    else out[out.length - 1] += toString(child);
  }
  return out
    .flatMap((s) => s.split(/\n(?=[ \t]*[A-Z][A-Za-z /]{0,30}:\s)/))
    .map((s) => s.replace(/(?<!\s)\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
}

const KEY_VALUE = /^[-*•]?\s*\**([A-Za-z][A-Za-z /()]{0,40}?)\**\s*[:：]\**\s*(.*)$/;

function keyValue(line: string): { label: FieldName | null; value: string; key: string } | undefined {
  const m = KEY_VALUE.exec(line);
  if (!m) return undefined;
  const label = labelOf(m[1]!);
  if (label === undefined) return undefined;
  return { label, value: m[2]!.replace(/^\**\s*|\s*\**$/g, '').trim(), key: m[1]!.trim() };
}

export interface MetadataInput {
  source: SourceDocument;
  config: PostmortemConfig;
  /** The source's file name, the title of last resort. */
  fileName: string;
}

export function readMetadata({ source, config, fileName }: MetadataInput): { metadata: Metadata; tree: Root } {
  const tree = source.tree;
  const metadata: Metadata = { facts: {} };
  const set = (field: FieldName, value: string, from: string) => {
    const v = value.trim();
    if (!v) return;
    if (field === 'authors') {
      if (!metadata.authors) metadata.authors = { names: splitNames(v), from };
      return;
    }
    if (!metadata.facts[field]) metadata.facts[field] = { value: v, from };
  };
  for (const f of source.fields) {
    const label = labelOf(f.key);
    if (!label) continue;
    const value = Array.isArray(f.value) ? f.value.join(', ') : f.value;
    // A blog's front-matter `date` is when the post was published, not when the incident started.
    set(label === 'incidentDate' && /^(?:date)$/.test(f.key) ? 'documentDate' : label, value, f.from);
  }
  if (source.published) set('documentDate', source.published, 'the page\'s "Posted on" line');
  const reference = metadata.facts.documentDate?.value.slice(0, 10);
  if (reference && /^\d{4}-\d{2}-\d{2}$/.test(reference)) metadata.referenceDay = reference;

  // Title: the first level-1 heading that is not itself a section, removed from the body (the page shows the title).
  const headings = tree.children.filter((n): n is Heading => n.type === 'heading');
  const h1s = headings.filter((h) => h.depth === 1);
  const firstH1 = h1s[0];
  if (firstH1 && !bestSection(toString(firstH1), config) && (h1s.length === 1 || headings[0] === firstH1)) {
    set('title', toString(firstH1), `the level-1 heading (source line ${firstH1.position?.start.line})`);
    tree.children.splice(tree.children.indexOf(firstH1), 1);
  }
  if (source.pageTitle) set('title', source.pageTitle, 'the page title (`<title>` without the site name)');
  // Google Docs puts the title in a first bold paragraph when the "Title" style was not used.
  const firstNode = tree.children[0];
  if (
    !metadata.facts.title &&
    firstNode?.type === 'paragraph' &&
    firstNode.children.length === 1 &&
    firstNode.children[0]!.type === 'strong' &&
    !KEY_VALUE.test(toString(firstNode))
  ) {
    set('title', toString(firstNode), `the bold first line (source line ${firstNode.position?.start.line})`);
    tree.children.shift();
  }

  // `Key: value` paragraphs, lists and tables anywhere at the top level.
  const keep: RootContent[] = [];
  // Inside a timeline, "**Date: 2023-11-22**" is the day of the entries that follow, not the document's date.
  let inTimeline = false;
  for (let i = 0; i < tree.children.length; i++) {
    const node = tree.children[i]!;
    const line = node.position?.start.line ?? '?';
    if (node.type === 'heading')
      inTimeline = bestSection(toString(node), config)?.title === config.timelineSection || (inTimeline && node.depth > 2);
    if (node.type === 'paragraph') {
      const lines = segments(node);
      const pairs = lines.map(keyValue);
      const dayHeader = inTimeline && pairs.every((p) => p && (p.label === 'documentDate' || p.label === 'incidentDate'));
      if (lines.length && pairs.every((p) => p) && !dayHeader) {
        for (const p of pairs) if (p!.label) set(p!.label, p!.value, `a \`${p!.key}:\` line (source line ${line})`);
        // "Authors:" with nothing after it, followed by a list of names.
        const next = tree.children[i + 1];
        const last = pairs.at(-1)!;
        if (last.label === 'authors' && !last.value && next?.type === 'list') {
          set(
            'authors',
            (next as List).children.map((li) => toString(li).trim()).join(', '),
            `the list after \`${last.key}:\` (source line ${line})`,
          );
          i++;
          continue;
        }
        if (pairs.every((p) => p!.label && PURE.has(p!.label))) continue;
      }
    } else if (node.type === 'list') {
      const lines = node.children.map((li) => toString(li).replace(/\s+/g, ' ').trim());
      const pairs = lines.map(keyValue);
      if (lines.length && pairs.every((p) => p)) {
        for (const p of pairs) if (p!.label) set(p!.label, p!.value, `a \`${p!.key}:\` list item (source line ${line})`);
        if (pairs.every((p) => p!.label && PURE.has(p!.label))) continue;
      }
    } else if (node.type === 'table') {
      if (readTable(node, set)) continue;
    } else if (
      node.type === 'heading' &&
      ['severity', 'services', 'status', 'incidentDate', 'tags'].includes(labelOf(toString(node)) ?? '') &&
      tree.children[i + 1]?.type === 'paragraph' &&
      toString(tree.children[i + 1]!).length <= 80
    ) {
      // "## Severity" over "Sev 2": a section that only holds a field's value.
      set(labelOf(toString(node))!, toString(tree.children[i + 1]!), `the \`${toString(node)}\` section (source line ${line})`);
      i++;
      continue;
    } else if (
      node.type === 'heading' &&
      /^authors?$|^written by$/i.test(
        toString(node)
          .trim()
          .replace(/[:：]$/, ''),
      )
    ) {
      // `## Authors` followed by a list or a line of names.
      const next = tree.children[i + 1];
      if (next?.type === 'list' || next?.type === 'paragraph') {
        const names = next.type === 'list' ? (next as List).children.map((li) => toString(li).trim()).join(', ') : toString(next);
        set('authors', names, `the \`${toString(node)}\` section (source line ${line})`);
        i++;
        continue;
      }
    }
    keep.push(node);
  }
  tree.children = keep;

  if (!metadata.facts.title) {
    const base = fileName
      .split(/[\\/]/)
      .pop()!
      .replace(/\.[^.]+$/, '')
      .replace(/^(?:post[-_ ]?mortem|incident[-_ ]report)[-_ ]+/i, '')
      .replace(/^\d{4}-\d{2}-\d{2}[-_ ]*/, '')
      .replace(/[-_]+/g, ' ')
      .trim();
    if (base.length >= 8) set('title', base, 'the source file name (the document has no title); reword it');
  }
  return { metadata, tree };
}

/** A two-column key/value table of metadata (also with an empty header row); its metadata rows leave the body. */
function readTable(table: Table, set: (field: FieldName, value: string, from: string) => void): boolean {
  const rows = table.children.map((r) => ({
    row: r,
    key: r.children[0] ? toString(r.children[0]).trim() : '',
    value: r.children[1] ? toString(r.children[1]).trim() : '',
  }));
  if (table.children.some((r) => r.children.length > 2)) return false;
  const labelled = rows.filter((r) => labelOf(r.key) !== undefined);
  if (labelled.length < 2 && !(labelled.length === 1 && rows.filter((r) => r.key || r.value).length === 1)) return false;
  for (const r of labelled) {
    const label = labelOf(r.key);
    if (label) set(label, r.value, `the metadata table (source line ${r.row.position?.start.line ?? '?'})`);
  }
  const rest = table.children.filter((r) => {
    const label = labelOf(r.children[0] ? toString(r.children[0]) : '');
    return !(label && PURE.has(label)) && r.children.some((c) => toString(c).trim());
  });
  if (rest.length === 0 || (rest.length === 1 && table.children.indexOf(rest[0]!) === 0)) return true;
  table.children = rows[0] && !rows[0].key && !rows[0].value ? [table.children[0]!, ...rest.filter((r) => r !== table.children[0])] : rest;
  return false;
}

/** "Priya Nair, Tom Becker and @sam" → three names; handles lose their `@` and a trailing Google-style `@`. */
export function splitNames(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/(?<!\s)\s*(?:,|;|\/|\band\b|&|\n)\s*/i)
        .map((s) =>
          s
            .replace(/^[-*•\s]+/, '')
            .replace(/^@/, '')
            .replace(/@$/, '')
            .replace(/(?<!\s)\s*<[^<>]*>\s*$/, '')
            .trim(),
        )
        .filter((s) => s && s.length <= 80),
    ),
  ];
}

export type { Paragraph };
