/**
 * `npm run import`'s conversion of one existing postmortem (Markdown, or a
 * published HTML page) into a postmortem of this repository, as a pipeline of
 * named phases with typed inputs and outputs. Pure: no I/O; `src/cli/import.ts`
 * reads, writes and checks.
 *
 *   readSource      source.ts        file → mdast tree + front matter / page fields
 *   readMetadata    metadata.ts      tree → title, authors, dates, severity… as the document states them
 *   mapSections     sections.ts      headings (scored by their words) → the format's sections
 *   readTimeline    timeline.ts      Timeline section (or the summary's sentences) → dated entries
 *   incidentTimes   timeline.ts      entries → start and end
 *   readActionItems action-items.ts  Action Items section → items with state, owner, due, description
 *   decide          convert.ts       all of the above → the fields to write, with provenance
 *   writePostmortem write.ts         fields + sections → the file and the report
 *
 * Library choices: the unified family (one mdast tree for Markdown and HTML, the
 * tree the rules read; remark-mdx's serializer escapes what MDX would run),
 * chrono-node for dates (dates.ts), smol-toml for TOML front matter,
 * hast-util-select for the article of an HTML page (source.ts).
 *
 * Never refuses and never invents: a document with no date is imported with
 * `YYYY-MM-DD` in its file name and the fields to decide listed; facts the
 * source lacks stay unknown.
 */
import type { PostmortemConfig } from '../core/config.ts';
import { slugify } from '../core/utils/text.ts';
import { readActionItems, type ImportedItem } from './action-items.ts';
import { firstDay, zoneStatement, type Zone } from './dates.ts';
import { readMetadata, splitNames, type Metadata } from './metadata.ts';
import { mapSections, type MappedSections, type SectionSource } from './sections.ts';
import { readSource } from './source.ts';
import {
  detectionAndMitigation,
  failureDayIn,
  incidentTimes,
  labelledMoment,
  proseEntries,
  readTimeline,
  type IncidentTimes,
  type Timeline,
} from './timeline.ts';
import { writePostmortem, type Decided, type ImportReport } from './write.ts';
import { toString } from '../core/utils/mdast.ts';
import type { RootContent } from 'mdast';

export { HTML_EXTENSIONS, MARKDOWN_EXTENSIONS } from './source.ts';
export type { ImportReport, Provenance, ToComplete } from './write.ts';

export interface ConvertInput {
  /** Source path, for the report and as a last resort for the title. */
  path: string;
  text: string;
  config: PostmortemConfig;
}

export interface Conversion {
  /** `YYYY-MM-DD-slug.mdx`; `YYYY-MM-DD-slug.mdx` literally when the source gives no day (a person decides). */
  fileName: string;
  /** Whether the file name's date came from the source. */
  dated: boolean;
  text: string;
  report: ImportReport;
  /** What was decided, for callers that inspect it (the real-corpus test). */
  decided: Decided;
  /** Required section → the source headings it was made from. */
  sections: Map<string, SectionSource[]>;
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
    return {
      value: severities[index]!,
      how: `\`${text}\` read as level ${n}${n === 0 ? ' (above the most critical configured level)' : ''}, mapped to \`${severities[index]}\` (level ${index + 1} of ${severities.length} configured)`,
    };
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

const FINAL_STATUS = /^(?:complete|completed|final|published|done|closed|reviewed|approved)\b/i;

/** Title cleaning: "Incident Report: X", "X: Incident Report", "[Public] X", "2017-09-27, X", "incident date: 2019-02-20, X". */
export function cleanTitle(title: string): string {
  let t = title.replace(/\s+/g, ' ').trim();
  t = t.replace(/^\[[^\]]{1,20}\]\s*/, '');
  t = t.replace(/^[^:]{1,30}\s:\s/, ''); // Confluence's "SPACE : Page"
  t = t.replace(/^(?:incident date\s*:\s*)?\d{4}-\d{2}-\d{2}\s*(?:[,:–—-]\s*)?/i, '');
  t = t.replace(/^(?:[\w.]+\s+)?(?:post[- ]?mortem|incident (?:report|review)|retrospective)\s*[:–—-]\s*/i, '');
  t = t.replace(/(?<!\s)\s*[:–—-]\s*(?:post[- ]?mortem|incident (?:report|review)|retrospective)$/i, '');
  if (t.length > 140) t = t.slice(0, 140).replace(/(?<!\s)\s+\S*$/, '');
  return t;
}

/** A document-wide zone statement ("All times are in UTC" anywhere outside the timeline). */
function documentZone(nodes: RootContent[]): Zone | undefined {
  for (const n of nodes) {
    if (n.type !== 'paragraph') continue;
    const text = toString(n);
    if (/\b(?:all\s+)?times?\b[^.\n]{0,30}\b(?:are|in)\b/i.test(text)) {
      const z = zoneStatement(text);
      if (z) return z;
    }
  }
  return undefined;
}

interface DecideInput {
  metadata: Metadata;
  mapped: MappedSections;
  timeline: Timeline;
  times: IncidentTimes;
  items: ImportedItem[];
  config: PostmortemConfig;
  report: ImportReport;
}

/** Phase 6: the fields to write, each with where it came from. */
function decide({ metadata, mapped, timeline, times, items, config, report }: DecideInput): Decided {
  const facts = metadata.facts;
  const decided: Decided = { status: 'draft', services: [], tags: [], authors: [], items };
  if (facts.title) {
    const title = cleanTitle(facts.title.value);
    if (title) {
      decided.title = title;
      (facts.title.from.includes('file name') ? report.inferred : report.found).push({
        field: 'title',
        value: title,
        from: facts.title.from,
      });
    }
  }
  const sev = facts.severity && mapSeverity(facts.severity.value, config.severities);
  if (sev && facts.severity) {
    decided.severity = sev.value;
    (sev.how ? report.inferred : report.found).push({
      field: 'severity',
      value: sev.value,
      from: sev.how ? `${facts.severity.from}: ${sev.how}` : facts.severity.from,
    });
  }
  if (facts.services) {
    decided.services = [...new Set(splitNames(facts.services.value).map(slugify).filter(Boolean))];
    if (decided.services.length)
      report.inferred.push({
        field: 'services',
        value: decided.services.join(', '),
        from: `${facts.services.from} (written \`${facts.services.value}\`, made kebab-case; confirm the names your repository uses)`,
      });
  }
  if (facts.tags) {
    decided.tags = [...new Set(splitNames(facts.tags.value).map(slugify).filter(Boolean))];
    if (decided.tags.length) report.found.push({ field: 'tags', value: decided.tags.join(', '), from: facts.tags.from });
  }
  if (metadata.authors?.names.length) {
    decided.authors = metadata.authors.names;
    report.found.push({ field: 'authors', value: decided.authors.join(', '), from: metadata.authors.from });
  }
  const users = facts.usersAffected && /^~?\s*([\d,]+)\s*(?:users?|customers?)?$/i.exec(facts.usersAffected.value.trim());
  if (users) decided.usersAffected = Number(users[1]!.replaceAll(',', ''));

  // Times: an explicit start or end label wins; else the timeline; a labelled incident date only gives the day.
  for (const key of ['started', 'detected', 'mitigated', 'resolved'] as const) if (times[key]) decided[key] = times[key];
  for (const [key, m] of [
    ['started', decided.started],
    ['detected', decided.detected],
    ['mitigated', decided.mitigated],
    ['resolved', decided.resolved],
  ] as const) {
    if (!m) continue;
    const value =
      m.instant ??
      (m.time
        ? `${m.day} ${String(m.time.hour).padStart(2, '0')}:${String(m.time.minute).padStart(2, '0')} (no zone)`
        : `${m.day} (no time)`);
    report.inferred.push({ field: `incident.${key}`, value, from: `${m.from}${m.zoneFrom ? `; offset from ${m.zoneFrom}` : ''}` });
  }
  if (decided.started?.instant && timeline.zone?.kind === 'fixed' && /^(?:PST|CET|EST|CST|MST|GMT)$/.test(timeline.zone.name)) {
    const month = Number(decided.started.day.slice(5, 7));
    if (month >= 4 && month <= 10)
      report.notes.push(
        `the source says its times are in ${timeline.zone.name}, the winter offset, for a day in summer: if the clock was local time, the offset is an hour more (${timeline.zone.name === 'GMT' ? 'BST' : timeline.zone.name.replace('S', 'D').replace('CET', 'CEST')})`,
      );
  }
  report.notes.push(...timeline.notes);

  const missingSections = config.requiredSections.filter((t) => !mapped.sources.get(t)!.length && t !== config.actionItemsSection);
  const publishable =
    !!facts.status &&
    FINAL_STATUS.test(facts.status.value) &&
    !!decided.resolved?.instant &&
    !!decided.title &&
    !!decided.severity &&
    decided.services.length > 0 &&
    decided.authors.length > 0 &&
    items.length > 0 &&
    !missingSections.length;
  decided.status = publishable ? 'published' : 'draft';
  if (facts.status)
    report.found.push({
      field: 'status',
      value: decided.status,
      from: `${facts.status.from}: written \`${facts.status.value}\`${publishable ? '' : '; kept as `draft` until what is listed below is complete'}`,
    });
  for (const item of items) {
    const parts = [
      item.status ? `state ${item.status} from ${item.statusFrom}` : 'no state written',
      item.owner ? `owner \`${item.owner}\`` : 'no owner written',
      item.due ? `due ${item.due}` : 'no due date written',
    ];
    report.found.push({ field: 'actionItems', value: item.title.slice(0, 80), from: `${item.from}: ${parts.join(', ')}` });
  }
  return decided;
}

/** Converts one document. */
export function convert({ path, text, config }: ConvertInput): Conversion {
  const report: ImportReport = { found: [], inferred: [], sections: [], complete: [], notes: [] };
  const sourceName = path.split(/[\\/]/).pop()!;
  const source = readSource({ path, text });
  report.notes.push(...source.notes);
  const { metadata, tree } = readMetadata({ source, config, fileName: sourceName });
  const docZone = documentZone(tree.children);
  const mapped = mapSections({ tree, config });
  report.sections.push(...mapped.report);

  // The day context: a day in the title, else the first day of the summary.
  const summaryNodes = mapped.content.get(config.requiredSections[0]!) ?? [];
  const titleDay = metadata.facts.title ? firstDay(metadata.facts.title.value) : undefined;
  const labelledDay = metadata.facts.incidentDate ? firstDay(metadata.facts.incidentDate.value) : undefined;
  const referenceDay = metadata.referenceDay;
  const timelineNodes = mapped.content.get(config.timelineSection) ?? [];
  const timelineHeadings = mapped.sources.get(config.timelineSection)?.map((s) => s.heading) ?? [];
  const failureDay = failureDayIn(summaryNodes, referenceDay ?? titleDay);
  const summaryDay = proseEntries(summaryNodes, { referenceDay: referenceDay ?? titleDay }).entries.find((e) => e.day)?.day;
  // A `Date:` line may be when the document was written: it gives the day of undated times only when nothing else does.
  const documentDay = metadata.facts.documentDate ? firstDay(metadata.facts.documentDate.value) : undefined;
  const base = {
    documentZone: docZone,
    firstDay: titleDay ?? labelledDay ?? failureDay ?? summaryDay ?? documentDay,
    referenceDay: referenceDay ?? titleDay ?? labelledDay ?? summaryDay ?? documentDay,
  };
  let timeline = readTimeline({ nodes: timelineNodes, headings: timelineHeadings, ...base });
  let times = incidentTimes(timeline, failureDay);
  if (!times.started) {
    // No dated timeline: the summary's sentences ("At around 09:11 UTC on July 12th the server failed…"), then the rest.
    const prose = proseEntries(summaryNodes, base);
    times = incidentTimes(prose);
    if (!times.started) {
      const all = [...mapped.content.values()].flat().concat([...mapped.extrasAfter.values()].flat().flatMap((e) => e.nodes));
      const anywhere = proseEntries(all, base);
      times = incidentTimes(anywhere);
      if (times.started) timeline = { ...anywhere, ...(timeline.zone ? { zone: timeline.zone } : {}) };
    } else timeline = { ...prose, ...(timeline.zone ? { zone: timeline.zone } : {}) };
  }
  // "Between 14:02 and 16:40 UTC on 2023-11-08": a range the summary gives ends the incident when the timeline does not.
  if (!times.resolved && times.started) {
    const range = proseEntries(summaryNodes, base).entries.find((e) => e.end?.time && e.day);
    const r = range && incidentTimes({ entries: [range], notes: [] }).resolved;
    if (r && (!times.started.instant || !r.instant || Date.parse(r.instant) >= Date.parse(times.started.instant)))
      times.resolved = { ...r, from: `the end of the range the summary gives (source line ${range!.line})` };
  }
  // A conversational day that contradicts a marked start ("Date/time: 2023-08-26 21:14" for an outage that the
  // timeline marks as starting the day before) loses to the timeline; a labelled day is used when there is nothing else.
  // "Incident date: 2024-09-02 23:40 UTC": a labelled date with a time is the start, unless the timeline marks one.
  const labelled =
    metadata.facts.incidentDate &&
    labelledMoment(
      metadata.facts.incidentDate.value,
      metadata.facts.incidentDate.from,
      undefined,
      timeline.zone ?? docZone,
      base.referenceDay,
    );
  if (labelled?.time && !metadata.facts.started && !(times.started && /marked as the start/.test(times.started.from)))
    times.started = labelled;
  if (!times.started && labelledDay) times.started = { day: labelledDay, from: metadata.facts.incidentDate!.from };
  // Times the document states in fields ("Start: 09:14", "Resolved: 2024-03-02 10:01 PST") win over the timeline's.
  const labelDay = times.started?.day ?? labelledDay ?? base.firstDay;
  for (const key of ['started', 'detected', 'mitigated', 'resolved'] as const) {
    const fact = metadata.facts[key];
    const m =
      fact &&
      labelledMoment(
        fact.value,
        fact.from,
        key === 'started' ? labelDay : (times.started?.day ?? labelDay),
        timeline.zone ?? docZone,
        base.referenceDay,
      );
    if (m && (m.time || !times[key])) times[key] = m;
  }
  if (!times.detected || !times.mitigated) {
    const found = detectionAndMitigation(timeline, times);
    if (!times.detected && found.detected) times.detected = found.detected;
    if (!times.mitigated && found.mitigated) times.mitigated = found.mitigated;
  }
  // Keep only times in order; a person settles the rest.
  let last = times.started;
  for (const key of ['detected', 'mitigated', 'resolved'] as const) {
    const m = times[key];
    if (!m) continue;
    const before = last && (m.instant && last.instant ? Date.parse(m.instant) < Date.parse(last.instant) : m.day < last.day);
    if (before) {
      report.notes.push(
        `incident.${key} (${m.instant ?? m.day}, from ${m.from}) came before an earlier event and was left out; set it by hand`,
      );
      delete times[key];
      continue;
    }
    last = m;
  }

  const actionNodes = mapped.content.get(config.actionItemsSection) ?? [];
  const { items, remaining } = readActionItems({ nodes: actionNodes, config });
  mapped.content.set(config.actionItemsSection, remaining);

  const decided = decide({ metadata, mapped, timeline, times, items, config, report });
  const missing = config.requiredSections.filter(
    (t) => !mapped.sources.get(t)!.length || (t !== config.actionItemsSection && !(mapped.content.get(t) ?? []).length),
  );
  const output = writePostmortem({
    decided,
    content: mapped.content,
    extrasAfter: mapped.extrasAfter,
    missing: missing.filter((t) => !(t === config.actionItemsSection && items.length)),
    sourceName,
    config,
    report,
  });
  if (decided.status === 'draft') report.notes.push('imported as `status: draft`; set `in-review` once everything listed here is complete');
  // Phases read the same timeline more than once (the summary's day, the start, the labels): each note once.
  report.notes = [...new Set(report.notes)];

  const day = decided.started?.day;
  const slug =
    slugify(decided.title ?? sourceName.replace(/\.[^.]+$/, '').replace(/^\d{4}-\d{2}-\d{2}[-_ ]*/, '')) || 'imported-postmortem';
  if (!day)
    report.complete.unshift({
      line: 1,
      what: 'the file name: the source gives no day the incident started; rename `YYYY-MM-DD` in the file name to that day once you know it',
    });
  return { fileName: `${day ?? 'YYYY-MM-DD'}-${slug}.mdx`, dated: !!day, text: output, report, decided, sections: mapped.sources };
}
