import type { Rule } from '../rule.ts';
import { code, normalizeHeading } from '../rule.ts';
import { startOf } from '../utils/mdast.ts';
import { instant, isIsoDateTimeWithOffset, utcLabel } from '../utils/time.ts';
import { entryAt, statedOffset, timelineEntries, type TimelineEntry } from './timeline-order.ts';

type Milestone = 'started' | 'detected' | 'mitigated' | 'resolved';

/**
 * What an entry says it records, read at its start (after the time): the scaffold's labels ("Impact starts:",
 * "Detected:", "Mitigated:", "Resolved:") and the common "Incident resolved". Only there: "detected" later in an
 * entry is usually about something else ("the canary detected nothing").
 */
const LABELS: readonly [Milestone, RegExp][] = [
  ['started', /^(?:the\s+)?(?:impact|incident|outage)\s+(?:starts|started|begins|began)\b/i],
  ['detected', /^(?:(?:the\s+)?(?:incident|issue|impact|outage|problem)\s+)?detected\b/i],
  ['mitigated', /^(?:(?:the\s+)?(?:incident|issue|impact|outage)\s+)?mitigated\b/i],
  ['resolved', /^(?:(?:the\s+)?(?:incident|issue|impact|outage)\s+)?resolved\b/i],
];
const DAY = 86_400_000;

/** The milestone an entry's words start with, and those words as written (`Resolved`, `Incident resolved`). */
function labelOf(entry: TimelineEntry): { milestone: Milestone; words: string } | undefined {
  for (const [milestone, label] of LABELS) {
    const m = label.exec(entry.words);
    if (m) return { milestone, words: m[0] };
  }
  return undefined;
}

/** `HH:MM` in the timeline's offset, with the day when the entry has another one (or none). */
function clock(ms: number, offset: number, day: string): string {
  const local = new Date(ms + offset * 60_000).toISOString();
  return !day || local.slice(0, 10) === day ? local.slice(11, 16) : `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

/** Within the minute, or (`dayKnown` false) within the minute of the same time of another day. */
function sameMinute(a: number, b: number, dayKnown: boolean): boolean {
  if (dayKnown) return Math.abs(a - b) < 60_000;
  const d = (((a - b) % DAY) + DAY) % DAY;
  return d < 60_000 || DAY - d < 60_000;
}

export const timelineMilestones: Rule = {
  id: 'timeline/milestones',
  level: 'warning',
  description:
    'A Timeline entry labelled as a milestone ("Detected:", "Mitigated:", "Resolved:", "Impact starts:") at another time than the `incident` field of that name.',
  docs: {
    meaning:
      'The Timeline records a milestone (an entry that starts, after its time, with "Impact starts", "Detected", "Mitigated" or "Resolved", or "Incident detected"…) at another minute than the frontmatter field of that name (`incident.started`, `detected`, `mitigated`, `resolved`). The page\'s duration, time to detect, phases and the stats page are drawn from the frontmatter, so one of the two is wrong, often by an offset (a local time written with `Z`) or a day. The entry\'s time is read in the offset it gives, else the one the Timeline states ("All times UTC.", "All times CDT (UTC-05:00)."); a Timeline that states no offset it can be read in is not compared. When several entries carry the same label, one at the field\'s time is enough.',
    fix: 'Correct whichever is wrong: the entry\'s time, or the field in `incident` (with the offset of the clock it was read from). If the entry records something else, reword its start ("Alert fired", "Rollback finished").',
    trigger: '`incident.resolved: 2026-12-01T11:02:00+01:00` (10:02 UTC) with `- **11:02** — Resolved: …` under "All times UTC."',
    ok: [{ fixture: 'ok-same-minute-other-offset.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-resolved-offset.mdx',
        message:
          "Unexpected `Resolved` at 11:02 in the Timeline, expected 10:02 (UTC), the time of `incident.resolved` `2025-03-04T11:02:00+01:00`; correct whichever is wrong: the page's duration, phases and the stats are drawn from the frontmatter",
      },
    ],
  },
  check(ctx) {
    if (!ctx.tree) return;
    const incident = ctx.raw?.['incident'];
    if (!incident || typeof incident !== 'object') return;
    const times = incident as Record<string, unknown>;
    const started = times['started'];
    if (typeof started !== 'string' || !isIsoDateTimeWithOffset(started)) return;
    const key = normalizeHeading(ctx.config.timelineSection);
    const section = ctx.sections().find((s) => s.key === key);
    if (!section) return;
    const stated = statedOffset(section.content);
    const labelled = new Map<Milestone, { entry: TimelineEntry; words: string; at: number; offset: number }[]>();
    for (const entry of timelineEntries(section.content, section.start.line)) {
      const label = labelOf(entry);
      // Only an offset the reader was told: the entry's own, or the Timeline's statement.
      const offset = entry.offset ?? stated;
      if (!label || offset === undefined) continue;
      const list = labelled.get(label.milestone) ?? [];
      list.push({ entry, words: label.words, at: entryAt(entry, started, offset), offset });
      labelled.set(label.milestone, list);
    }
    for (const [milestone, entries] of labelled) {
      const value = times[milestone];
      if (typeof value !== 'string' || !isIsoDateTimeWithOffset(value)) continue;
      const field = instant(value);
      // Before the first dated entry, the day is a guess: only the time of day is compared there.
      if (entries.some(({ entry, at }) => sameMinute(at, field, entry.date !== ''))) continue;
      const { entry, words, offset } = entries[0]!;
      const first = entry.node.type === 'listItem' ? entry.node.children[0]! : entry.node;
      ctx.report(
        startOf(first) ?? section.start,
        `Unexpected ${code(words)} at ${entry.label} in the Timeline, expected ${clock(field, offset, entry.date)} (${utcLabel(offset)}), the time of \`incident.${milestone}\` ${code(value)}; correct whichever is wrong: the page's duration, phases and the stats are drawn from the frontmatter`,
      );
    }
  },
};
