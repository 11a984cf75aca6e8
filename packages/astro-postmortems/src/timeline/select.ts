/**
 * From everything the sources hold to the entries worth reviewing: only
 * marked events unless `--all` (pinned, starred or reacted messages; a page's
 * key changes; every CSV row), only those inside `--from`/`--to`, sorted, and
 * one entry per event however many sources reported it:
 *
 * - the same record read twice (the same file given twice) is one;
 * - the same words from the same person within two minutes (a message
 *   re-posted, a thread reply also sent to the channel) are one;
 * - the same words from two sources within five minutes (a note copied from
 *   Slack into PagerDuty) are one;
 * - a paging integration's Slack message ("Triggered #1234…", "Resolved by…")
 *   and the pager's own log entry of the same kind within three minutes are
 *   one, and the pager's, which has the exact time, is kept.
 */
import { plainText, type Origin, type TimelineEvent } from './event.ts';
import type { SourceResult } from './sources/index.ts';

export interface SelectOptions {
  all: boolean;
  from?: number | undefined;
  to?: number | undefined;
}

export interface Merge {
  kept: Origin;
  dropped: Origin;
  why: string;
}

export interface Selection {
  events: TimelineEvent[];
  /** Events read, all sources. */
  total: number;
  /** Left out for want of a mark (without `--all`). */
  unmarked: number;
  /** Left out by `--from`/`--to`. */
  outside: number;
  merges: Merge[];
}

const PAGER_FORMATS = new Set(['pagerduty', 'opsgenie', 'jsm']);
const PAGE_KINDS = new Set(['trigger', 'acknowledge', 'resolve', 'escalate', 'unacknowledge']);

const words = (e: TimelineEvent) =>
  plainText(e.content)
    .toLowerCase()
    .replace(/^(?:pagerduty|opsgenie|jira service management|jira):\s*/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export function selectEvents(results: readonly SourceResult[], options: SelectOptions): Selection {
  const all = results.flatMap((r) => r.events);
  let unmarked = 0;
  let outside = 0;
  const chosen: TimelineEvent[] = [];
  for (const e of all) {
    if ((options.from !== undefined && e.at < options.from) || (options.to !== undefined && e.at > options.to)) {
      outside++;
      continue;
    }
    if (!options.all && !e.marked) {
      unmarked++;
      continue;
    }
    chosen.push(e);
  }
  // Pager logs first at equal times, so the exact record is the one kept.
  const rank = (e: TimelineEvent) => (PAGER_FORMATS.has(e.origin.format) ? 0 : e.origin.format === 'csv' ? 1 : 2);
  chosen.sort(
    (a, b) =>
      a.at - b.at ||
      rank(a) - rank(b) ||
      a.origin.file.localeCompare(b.origin.file) ||
      a.origin.ref.localeCompare(b.origin.ref, 'en', { numeric: true }),
  );

  const merges: Merge[] = [];
  const kept: TimelineEvent[] = [];
  const seenRecords = new Set<string>();
  for (const e of chosen) {
    const record = `${e.origin.format}\u0000${e.origin.file}\u0000${e.origin.ref}`;
    if (seenRecords.has(record)) continue;
    seenRecords.add(record);
    const w = words(e);
    let twin: { event: TimelineEvent; why: string } | undefined;
    for (let i = kept.length - 1; i >= 0; i--) {
      const k = kept[i]!;
      const gap = e.at - k.at;
      if (gap > 5 * 60_000) break;
      const sameWords = w.length >= 12 && w === words(k);
      if (sameWords && e.who?.key === k.who?.key && gap <= 2 * 60_000) twin = { event: k, why: 'the same words from the same person' };
      else if (sameWords && e.origin.format !== k.origin.format) twin = { event: k, why: 'the same words in two sources' };
      else if (e.bot && PAGE_KINDS.has(e.kind) && PAGER_FORMATS.has(k.origin.format) && k.kind === e.kind && gap <= 3 * 60_000)
        twin = { event: k, why: `the paging integration's message for the pager's ${e.kind}` };
      if (twin) break;
    }
    // A pager entry that follows the integration's message (the message was posted first) replaces it.
    if (!twin && PAGER_FORMATS.has(e.origin.format) && PAGE_KINDS.has(e.kind)) {
      for (let i = kept.length - 1; i >= 0; i--) {
        const k = kept[i]!;
        if (e.at - k.at > 3 * 60_000) break;
        if (k.bot && k.kind === e.kind) {
          kept.splice(i, 1);
          merges.push({ kept: e.origin, dropped: k.origin, why: `the paging integration's message for the pager's ${e.kind}` });
          e.alsoFrom = [...(e.alsoFrom ?? []), k.origin];
          break;
        }
      }
    }
    if (twin) {
      merges.push({ kept: twin.event.origin, dropped: e.origin, why: twin.why });
      twin.event.alsoFrom = [...(twin.event.alsoFrom ?? []), e.origin];
      for (const m of e.marks) if (!twin.event.marks.includes(m)) twin.event.marks.push(m);
      continue;
    }
    kept.push(e);
  }
  return { events: kept, total: all.length, unmarked, outside, merges };
}
