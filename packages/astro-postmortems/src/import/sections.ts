/**
 * Phase 3 of the import, `mapSections`: the document's headings (and the bold
 * `Label:` lines some exports use instead) become the format's sections.
 * Headings are matched by scoring their words (`bestSection` in
 * core/section-names.ts, the one the `check` rules use), so qualifiers
 * ("Timeline (all times PST)", "Root cause of the outage", "Issue Summary")
 * and phrasing ("What we're doing about it") map without a synonym list per
 * template. Several headings for one section are merged, each under its own
 * `###`; lessons sub-headings go under Lessons Learned; a required section
 * written one level deeper (a `### Timeline` inside `## Recovery`) is lifted;
 * a two-column table whose rows are sections (`| Summary | … |`, `| Impact | … |`)
 * becomes those sections; everything else is kept as an extra section after
 * the section it followed.
 */
import type { Heading, Paragraph, PhrasingContent, Root, RootContent, Table } from 'mdast';
import type { PostmortemConfig } from '../core/config.ts';
import { bestSection } from '../core/section-names.ts';
import { toString } from '../core/utils/mdast.ts';
import { datesIn } from './dates.ts';
import { labelOf } from './metadata.ts';
import { isSpacing } from './text.ts';

export const PREAMBLE = '(text before the first heading)';

export interface SectionSource {
  /** The heading as written, or `PREAMBLE`. */
  heading: string;
  line: number;
}

export interface MappedSections {
  /** Required section → its content, in the configured order. */
  content: Map<string, RootContent[]>;
  /** Required section → the source headings it was made from (empty: not in the source). */
  sources: Map<string, SectionSource[]>;
  /** Extra sections, each after the required section it followed (`''`: before the first). */
  extrasAfter: Map<string, { title: string; nodes: RootContent[] }[]>;
  /** Source heading → where it went, for the report. */
  report: { from: string; to: string; line: number }[];
}

const heading = (depth: Heading['depth'], value: string): Heading => ({ type: 'heading', depth, children: [{ type: 'text', value }] });

/** Level 3 and deeper under a merged section, so a merged block never opens a new level-2 section. */
function demote(nodes: RootContent[]): RootContent[] {
  for (const n of nodes) if (n.type === 'heading' && n.depth < 4) n.depth = (n.depth + 1) as Heading['depth'];
  return nodes;
}

/**
 * Bold labels as headings: a paragraph that is only a short bold text (optionally ending in a colon), or that
 * starts with one before a line break, as Confluence, Google Docs and old blog editors write section titles.
 * Such paragraphs are split at their line breaks so each label starts a block.
 */
function labelsAsHeadings(tree: Root, config: PostmortemConfig): void {
  const out: RootContent[] = [];
  for (const node of tree.children) {
    if (node.type !== 'paragraph' || !node.children.some((c) => c.type === 'strong')) {
      out.push(node);
      continue;
    }
    // Split at breaks into runs; a run that is only a bold label becomes a heading.
    const runs: PhrasingContent[][] = [[]];
    for (const c of node.children) {
      if (c.type === 'break') runs.push([]);
      else runs[runs.length - 1]!.push(c);
    }
    const isLabel = (run: PhrasingContent[]) => {
      const meaningful = run.filter((c) => !(c.type === 'text' && !c.value.trim()));
      if (meaningful.length !== 1 || meaningful[0]!.type !== 'strong') return undefined;
      const text = toString(meaningful[0]!)
        .trim()
        .replace(/[:：]\s*$/, '');
      if (!text || text.length > 60 || datesIn(text).length) return undefined;
      // A label the document uses as a heading: it names a section, or it is a few words standing alone in bold.
      if (bestSection(text, config) || (text.split(/\s+/).length <= 6 && /^[A-Z]/.test(text))) return text;
      return undefined;
    };
    // "**Summary:** Shakespeare Search down for 66 minutes…": a bold label with a colon opening a paragraph is a
    // section of its own when the label reads as one, or is a word or three (not an admonition like NOTE).
    const lead = node.children[0];
    if (lead?.type === 'strong' && !runs.some((r) => isLabel(r))) {
      const label = toString(lead).trim();
      const after = node.children[1];
      const colon = /[:：]$/.test(label) || (after?.type === 'text' && /^[:：]/.test(after.value));
      const text = label.replace(/[:：]$/, '').trim();
      const words = text.split(/\s+/).length;
      if (
        colon &&
        text &&
        !datesIn(text).length &&
        !/^(?:note|warning|update|edit|important|caution|tip|info|ps|nb)$/i.test(text) &&
        (bestSection(text, config) || words <= 3) &&
        !labelOf(text)
      ) {
        const rest = node.children.slice(1);
        if (rest[0]?.type === 'text') rest[0] = { ...rest[0], value: rest[0].value.replace(/^[:：]\s*/, '') };
        out.push({ ...heading(2, text), position: node.position, data: { label: true } } as Heading);
        if (rest.some((c) => toString(c).trim())) out.push({ type: 'paragraph', children: rest, position: node.position } as Paragraph);
        continue;
      }
    }
    if (!runs.some((r) => isLabel(r))) {
      out.push(node);
      continue;
    }
    let current: PhrasingContent[] = [];
    const flush = () => {
      while (current.length && isSpacing(current[0]!)) current.shift();
      while (current.length && isSpacing(current.at(-1)!)) current.pop();
      if (current.length) out.push({ type: 'paragraph', children: current, position: node.position } as Paragraph);
      current = [];
    };
    for (const run of runs) {
      const label = isLabel(run);
      if (label) {
        flush();
        out.push({ ...heading(2, label), position: node.position, data: { label: true } } as Heading);
      } else {
        if (current.length) current.push({ type: 'break' });
        current.push(...run);
      }
    }
    flush();
  }
  tree.children = out;
}

/**
 * A two-column table whose first-column cells name sections (`| Summary | … |`, `| Impact | … |`, as etcd's
 * template writes): one block per row.
 */
function sectionTable(node: Table, config: PostmortemConfig): { title: string; key: string; nodes: RootContent[] }[] | undefined {
  if (node.children.some((r) => r.children.length !== 2)) return undefined;
  const rows = node.children.filter((r) => toString(r).trim());
  const mapped = rows.map((r) => ({ key: toString(r.children[0]!).trim(), cell: r.children[1]! }));
  if (mapped.length < 2 || !mapped.every((m) => bestSection(m.key, config))) return undefined;
  return mapped.map((m) => ({
    title: bestSection(m.key, config)!.title,
    key: m.key,
    nodes: [{ type: 'paragraph', children: m.cell.children } as Paragraph],
  }));
}

export interface SectionsInput {
  tree: Root;
  config: PostmortemConfig;
}

export function mapSections({ tree, config }: SectionsInput): MappedSections {
  labelsAsHeadings(tree, config);
  const required = config.requiredSections;
  const lessonsSubs = new Set(config.lessonsSubsections);
  const headings = tree.children.filter((n): n is Heading => n.type === 'heading');
  // The level the document uses for sections: the shallowest one where a heading maps to a required section.
  const mappedDepths = headings.filter((h) => bestSection(toString(h), config)).map((h) => h.depth);
  const sectionDepth = mappedDepths.length ? Math.min(...mappedDepths) : Math.min(2, ...headings.map((h) => h.depth));

  interface Block {
    title: string | undefined;
    source: string;
    line: number;
    nodes: RootContent[];
  }
  const preamble: RootContent[] = [];
  const blocks: Block[] = [];
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth <= sectionDepth) {
      const written = toString(node).trim();
      blocks.push({
        title: bestSection(written, config)?.title,
        source: written.replace(/[:：]\s*$/, ''),
        line: node.position?.start.line ?? 0,
        nodes: [],
      });
      continue;
    }
    if (node.type === 'table') {
      const split = sectionTable(node, config);
      if (split) {
        const current = blocks.at(-1);
        for (const s of split) {
          if (current && current.title === s.title) current.nodes.push(...s.nodes);
          else blocks.push({ title: s.title, source: s.key, line: node.position?.start.line ?? 0, nodes: s.nodes });
        }
        continue;
      }
    }
    (blocks.at(-1)?.nodes ?? preamble).push(node);
  }

  // A required section missing at the section level but written deeper (`### Timeline (UTC)` inside `## Recovery`)
  // is lifted out of its parent block, with what follows it up to the next heading of its level or above.
  const present = new Set(blocks.map((b) => b.title));
  for (let bi = 0; bi < blocks.length; bi++) {
    const block = blocks[bi]!;
    for (let i = 0; i < block.nodes.length; i++) {
      const node = block.nodes[i]!;
      if (node.type !== 'heading') continue;
      const mapped = bestSection(toString(node), config);
      if (!mapped || !required.includes(mapped.title) || present.has(mapped.title) || mapped.score < 1) continue;
      let end = i + 1;
      while (end < block.nodes.length && !(block.nodes[end]!.type === 'heading' && (block.nodes[end] as Heading).depth <= node.depth))
        end++;
      const lifted = block.nodes.splice(i, end - i);
      blocks.splice(bi + 1, 0, {
        title: mapped.title,
        source: toString(node).trim(),
        line: node.position?.start.line ?? 0,
        nodes: lifted.slice(1),
      });
      present.add(mapped.title);
      break;
    }
  }

  // Headings below the section level move up so that the shallowest becomes level 3.
  for (const block of blocks)
    for (const n of block.nodes)
      if (n.type === 'heading') n.depth = Math.min(6, Math.max(3, n.depth - sectionDepth + 2)) as Heading['depth'];

  const content = new Map<string, RootContent[]>(required.map((t) => [t, []]));
  const sources = new Map<string, SectionSource[]>(required.map((t) => [t, []]));
  const extrasAfter = new Map<string, { title: string; nodes: RootContent[] }[]>();
  const report: MappedSections['report'] = [];
  let lastRequired = '';
  const lessons = config.lessonsSection;
  for (const block of blocks) {
    const title = block.title;
    if (title && required.includes(title)) {
      const nodes = content.get(title)!;
      const merged = sources.get(title)!.length > 0;
      if (merged) nodes.push(heading(3, block.source), ...demote(block.nodes));
      else nodes.push(...block.nodes);
      sources.get(title)!.push({ heading: block.source, line: block.line });
      lastRequired = title;
      report.push({ from: block.source, to: merged ? `## ${title} (as \`### ${block.source}\`)` : `## ${title}`, line: block.line });
    } else if (title && lessonsSubs.has(title) && content.has(lessons)) {
      content.get(lessons)!.push(heading(3, title), ...demote(block.nodes));
      sources.get(lessons)!.push({ heading: block.source, line: block.line });
      report.push({ from: block.source, to: `### ${title} under ## ${lessons}`, line: block.line });
    } else {
      const list = extrasAfter.get(lastRequired) ?? [];
      list.push({ title: block.source, nodes: block.nodes });
      extrasAfter.set(lastRequired, list);
      report.push({ from: block.source, to: `## ${block.source} (kept as an extra section)`, line: block.line });
    }
  }
  // Lessons sub-headings written one level down (### What went well) get the configured spelling.
  for (const node of content.get(lessons) ?? []) {
    if (node.type === 'heading' && node.depth === 3) {
      const sub = bestSection(toString(node), config);
      if (sub && lessonsSubs.has(sub.title) && sub.score === 1) node.children = [{ type: 'text', value: sub.title }];
    }
  }
  const summary = required[0]!;
  const hasText = preamble.some((n) => n.type === 'paragraph' || n.type === 'list' || n.type === 'table' || n.type === 'blockquote');
  if (!sources.get(summary)!.length && hasText) {
    content.set(summary, preamble.splice(0));
    sources.get(summary)!.push({ heading: PREAMBLE, line: 1 });
    report.push({ from: PREAMBLE, to: `## ${summary}`, line: 1 });
  } else if (preamble.length) {
    if (hasText && sources.get(summary)!.length) {
      // Text before the first heading introduces the document: it leads the summary.
      const own = sources.get(summary)![0]!.heading;
      content.set(summary, [...preamble.splice(0), heading(3, own), ...demote(content.get(summary)!)]);
      sources.get(summary)!.unshift({ heading: PREAMBLE, line: 1 });
      report.push({ from: PREAMBLE, to: `## ${summary} (before the source's own summary)`, line: 1 });
    } else {
      extrasAfter.set('', [{ title: 'Supporting Information', nodes: preamble.splice(0) }, ...(extrasAfter.get('') ?? [])]);
      report.push({ from: PREAMBLE, to: '## Supporting Information (kept as an extra section)', line: 1 });
    }
  }
  return { content, sources, extrasAfter, report };
}
