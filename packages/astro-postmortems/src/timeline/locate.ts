/**
 * The Timeline section of an existing postmortem: where it ends, its timed
 * entries (as `timeline/order` reads them), and the zone it states. Parsing
 * is the checker's own (`parsePostmortem`, `sectionsOf`).
 */
import type { RootContent } from 'mdast';
import type { PostmortemConfig } from '../core/config.ts';
import { sectionsOf } from '../core/lint.ts';
import { parsePostmortem } from '../core/parse.ts';
import { normalizeHeading } from '../core/rule.ts';
import { timelineEntries, type TimelineEntry } from '../core/rules/timeline-order.ts';
import { toString } from '../core/utils/mdast.ts';
import { zoneIn, zoneStatement, type Zone as WrittenZone } from '../import/dates.ts';
import { offsetText } from '../core/utils/time.ts';
import { parseZone, type Zone } from './zone.ts';

export interface TimelineSection {
  /** Where the section's content ends (the next level-2 heading, or the end of the file), as an offset in `source`. */
  end: number;
  headingEnd: number;
  content: RootContent[];
  entries: TimelineEntry[];
  /** The zone the section states (`All times UTC.`, `All times CDT (UTC-05:00).`), if it states one it can be read as. */
  stated: { zone: Zone; sentence: string } | undefined;
  /** It states something that looks like a zone but could not be read. */
  unreadableStatement: string | undefined;
}

/** The file's Timeline section, or why there is none to insert into. */
export function findTimeline(
  path: string,
  source: string,
  config: PostmortemConfig,
): { section: TimelineSection; startedZone: Zone | undefined; startedDate: string | undefined } | { refused: string } {
  const file = parsePostmortem(path, source);
  if (!file.tree)
    return {
      refused: `${path} does not parse as MDX (${file.syntaxError?.reason ?? 'syntax error'}); run \`npm run check -- ${path}\` and fix it first`,
    };
  const key = normalizeHeading(config.timelineSection);
  const sections = sectionsOf(file);
  const matches = sections.filter((s) => s.key === key);
  if (!matches.length)
    return {
      refused: `${path} has no \`## ${config.timelineSection}\` section to insert into; add the heading (it is required) and run again`,
    };
  if (matches.length > 1)
    return {
      refused: `${path} has ${matches.length} \`## ${config.timelineSection}\` sections; keep one (sections/duplicate) and run again`,
    };
  const s = matches[0]!;
  const children = file.tree.children;
  const after = children
    .slice(children.indexOf(s.heading as (typeof children)[number]) + 1)
    .find((n) => n.type === 'heading' && n.depth <= 2);
  const end = after?.position?.start.offset ?? file.source.length;
  const prose = s.content.filter((n) => n.type === 'paragraph').map((n) => toString(n));
  const statement = prose.find(
    (p) => /\b(?:all\s+)?times?\b[^.\n]{0,40}\b(?:utc|gmt|[A-Z]{2,5}|[A-Za-z]+\/[A-Za-z_]+)/i.test(p) && !/^\s*\d/.test(p),
  );
  const stated = statement ? readStatement(statement) : undefined;
  // As written (YAML could have turned it into a Date): its offset is the file's own zone.
  const started = /^[ \t]+started:[ \t]*["']?(\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2}))/m.exec(
    source.slice(0, file.body),
  );
  const startedZone = started ? parseZone(started[2]!) : undefined;
  return {
    section: {
      end,
      headingEnd: s.heading.position?.end.offset ?? 0,
      content: s.content,
      entries: timelineEntries(s.content, s.start.line),
      stated,
      unreadableStatement: statement && !stated ? statement : undefined,
    },
    startedZone,
    startedDate: started?.[1]!.slice(0, 10),
  };
}

/** The zone a sentence such as `All times UTC.` or `All times America/New_York (UTC-04:00).` states. */
export function readStatement(sentence: string): { zone: Zone; sentence: string } | undefined {
  const iana = /\b([A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)\b/.exec(sentence);
  const named = iana ? parseZone(iana[1]!) : undefined;
  if (named) return { zone: named, sentence };
  // Abbreviations, offsets and region words ("CDT (UTC-05:00)", "Eastern") as the importer reads them.
  const written = zoneStatement(sentence) ?? zoneIn(sentence);
  return written ? { zone: fromWritten(written), sentence } : undefined;
}

/** The importer's reading of a written zone as this module's zone. */
function fromWritten(z: WrittenZone): Zone {
  return z.kind === 'fixed'
    ? (parseZone(offsetText(z.minutes)) ?? { kind: 'fixed', minutes: z.minutes, name: z.name })
    : { kind: 'iana', name: z.iana };
}
