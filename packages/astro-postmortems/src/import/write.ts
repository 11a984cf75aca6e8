/**
 * Phase 7 of the import, `writePostmortem`: the decided fields and sections as
 * one postmortem file, frontmatter line by line (so the report can point at
 * each line a person must complete) and a body serialised by remark-mdx, which
 * escapes every `<` and `{` MDX would read as code.
 *
 * Never invents: a field the source does not give is a commented line saying
 * so; an action item keeps the owner and due date its source gives, and an
 * imported item whose source gives none says `unknown` (format extension).
 */
import type { Heading, Paragraph, Root, RootContent } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import type { PostmortemConfig } from '../core/config.ts';
import { UNKNOWN } from '../core/frontmatter-schema.ts';
import { IMPORT_MISSING_SECTION, isPlaceholderOwner } from '../core/placeholders.ts';
import { normalizeHeading } from '../core/rule.ts';
import { yamlString, yamlWord } from '../core/utils/text.ts';
import type { ImportedItem } from './action-items.ts';
import type { IncidentMoment } from './timeline.ts';

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
  /** Fields inferred by a rule of thumb a person should confirm. */
  inferred: Provenance[];
  /** Source heading → section in the output. */
  sections: { from: string; to: string; line: number }[];
  /** What a person must write or decide, with its line in the output. */
  complete: ToComplete[];
  /** Raw HTML converted or dropped, site chrome left out, and other content changed on the way. */
  notes: string[];
}

export interface Decided {
  title?: string;
  severity?: string;
  status: 'draft' | 'published';
  started?: IncidentMoment;
  detected?: IncidentMoment;
  mitigated?: IncidentMoment;
  resolved?: IncidentMoment;
  services: string[];
  tags: string[];
  authors: string[];
  usersAffected?: number;
  items: ImportedItem[];
}

export interface WriteInput {
  decided: Decided;
  content: Map<string, RootContent[]>;
  extrasAfter: Map<string, { title: string; nodes: RootContent[] }[]>;
  /** Required sections the source has none of (they get the import placeholder). */
  missing: string[];
  sourceName: string;
  config: PostmortemConfig;
  report: ImportReport;
}

const heading = (depth: 2 | 3, value: string): Heading => ({ type: 'heading', depth, children: [{ type: 'text', value }] });

export function writePostmortem({ decided, content, extrasAfter, missing, sourceName, config, report }: WriteInput): string {
  const fm: string[] = ['---'];
  const todo = (what: string, line: string) => {
    fm.push(line);
    report.complete.push({ line: fm.length, what });
  };
  if (decided.title) fm.push(`title: ${yamlString(decided.title)}`);
  else todo('`title`: the source has none; write what failed and for whom (8–140 characters)', '# title: ""  # not in the source');
  if (decided.severity) fm.push(`severity: ${yamlWord(decided.severity)}`);
  else
    todo(
      `\`severity\`: not in the source; one of ${config.severities.map((s) => `\`${s}\``).join(', ')}`,
      `# severity: ${config.severities.at(-1)}  # not in the source; one of ${config.severities.join(', ')}`,
    );
  fm.push(`status: ${decided.status}`);
  fm.push('incident:');
  // What the source gives is written as it gives it, so `check` says exactly what is missing ("expected an offset
  // after the time"); only an end the source never mentions stays a comment, as drafts need none.
  const momentLine = (key: 'started' | 'resolved', m: IncidentMoment | undefined) => {
    if (m?.instant) {
      fm.push(`  ${key}: ${m.instant}`);
      return;
    }
    if (m?.time) {
      todo(
        `\`incident.${key}\`: the source gives ${m.day} ${String(m.time.hour).padStart(2, '0')}:${String(m.time.minute).padStart(2, '0')} but no zone; add the offset of the clock it was read from`,
        `  ${key}: "${m.day}T${String(m.time.hour).padStart(2, '0')}:${String(m.time.minute).padStart(2, '0')}:00"  # no zone in the source: add the offset`,
      );
      return;
    }
    if (m) {
      todo(
        `\`incident.${key}\`: the source gives the day (${m.day}) but no time; add the time and offset`,
        `  ${key}: "${m.day}"  # the source gives the day only: add the time and offset`,
      );
      return;
    }
    if (key === 'started')
      todo(
        '`incident.started`: the source gives no start time; ISO 8601 with offset, and rename the file to its day',
        '  started: "YYYY-MM-DDTHH:MM:00Z"  # not in the source',
      );
    else
      todo(
        '`incident.resolved`: not in the source; needed before `in-review`',
        '  # resolved: YYYY-MM-DDTHH:MM:00Z  # not in the source; needed before in-review',
      );
  };
  momentLine('started', decided.started);
  for (const key of ['detected', 'mitigated'] as const) if (decided[key]?.instant) fm.push(`  ${key}: ${decided[key]!.instant}`);
  momentLine('resolved', decided.resolved);
  if (decided.services.length) fm.push('services:', ...decided.services.map((s) => `  - ${s}`));
  else todo('`services`: not in the source; at least one kebab-case service', '# services: [service-name]  # not in the source');
  if (decided.tags.length) fm.push('tags:', ...decided.tags.map((t) => `  - ${t}`));
  if (decided.authors.length) fm.push('authors:', ...decided.authors.map((a) => `  - ${yamlString(a)}`));
  else todo('`authors`: not in the source; who writes the postmortem', '# authors: ["Your Name"]  # not in the source');
  if (decided.usersAffected !== undefined) fm.push('impact:', `  usersAffected: ${decided.usersAffected}`);
  if (decided.items.length) {
    fm.push('actionItems:');
    for (const item of decided.items) {
      fm.push(`  - title: ${yamlString(item.title)}`);
      if (item.description) fm.push(`    description: ${yamlString(item.description)}`);
      const owner = item.owner && !isPlaceholderOwner(item.owner) ? item.owner : undefined;
      if (!owner && item.owner)
        todo(
          `action item "${item.title}" (${item.from}): the source's owner \`${item.owner}\` names nobody; name the team or handle that owns it, or keep \`unknown\``,
          `    owner: ${UNKNOWN}  # written \`${item.owner.replace(/\n/g, ' ')}\`, which names nobody`,
        );
      else fm.push(owner ? `    owner: ${yamlString(owner)}` : `    owner: ${UNKNOWN}`);
      fm.push(`    due: ${item.due ?? UNKNOWN}`);
      if (item.status) fm.push(`    status: ${item.status}`);
      if (item.type) fm.push(`    type: ${item.type}`);
      if (item.link) fm.push(`    link: ${yamlString(item.link)}`);
      if (item.ticket) fm.push(`    # ticket ${item.ticket}: set \`tracker\` in postmortems.config.ts to link ids`);
      fm.push('    imported: true');
    }
  } else {
    todo(
      '`actionItems`: the source lists none that could be read; add at least one before publishing',
      '# actionItems: []  # none found in the source',
    );
  }
  fm.push('---');

  // The body: required sections in order, each followed by the extra sections that followed it in the source.
  const body: RootContent[] = [];
  const pushExtras = (after: string) => {
    for (const extra of extrasAfter.get(after) ?? []) body.push(heading(2, extra.title), ...extra.nodes);
  };
  pushExtras('');
  for (const t of config.requiredSections) {
    body.push(heading(2, t));
    const nodes = content.get(t) ?? [];
    if (nodes.length) body.push(...nodes);
    else if (missing.includes(t)) {
      const sentence = `${IMPORT_MISSING_SECTION} (${sourceName}); write it before the review.`;
      body.push({ type: 'paragraph', children: [{ type: 'emphasis', children: [{ type: 'text', value: sentence }] }] } as Paragraph);
    }
    pushExtras(t);
  }
  const mdx = unified()
    .use(remarkStringify, { bullet: '-', emphasis: '_', strong: '*', fences: true, resourceLink: true, rule: '-', listItemIndent: 'one' })
    .use(remarkGfm)
    .use(remarkMdx)
    .stringify({ type: 'root', children: body } as Root);
  const output = `${fm.join('\n')}\n\n${mdx.trimEnd()}\n`;

  const outLines = output.split('\n');
  for (const t of missing) {
    const at = outLines.findIndex((l) => normalizeHeading(l) === normalizeHeading(`## ${t}`));
    report.complete.push({
      line: at + 1,
      what: `section \`## ${t}\`: no heading of the source reads as it; write it, or rename the extra section that holds it`,
    });
  }
  report.complete.sort((a, b) => a.line - b.line);
  return output;
}
