/**
 * An incident's phases on a time axis: detection (impact until someone
 * knew), response (until users stopped being affected) and recovery (until
 * the system was back to normal), bounded by the milestones of
 * `incident.*` (started, detected, mitigated, resolved), as incident.io and
 * Jeli draw them. The renderer marks each timeline entry with its phase (so
 * this module is part of the check cache's engine key); the page draws the
 * axis (`timeline-figure.ts`). Pure.
 */
import type { Frontmatter } from '../core/frontmatter-schema.ts';
import { formatDuration, instant } from '../core/utils/time.ts';

export type PhaseKey = 'before' | 'detection' | 'response' | 'recovery' | 'after';
export type MilestoneKey = 'started' | 'detected' | 'mitigated' | 'resolved';

/** Each phase is named by the milestone that ends it. */
export const PHASE_LABEL: Record<PhaseKey, string> = {
  before: 'Before impact',
  detection: 'Detection',
  response: 'Response',
  recovery: 'Recovery',
  after: 'After resolution',
};
const PHASE_ENDED_BY: Partial<Record<MilestoneKey, PhaseKey>> = { detected: 'detection', mitigated: 'response', resolved: 'recovery' };
export const MILESTONE_LABEL: Record<MilestoneKey, string> = {
  started: 'Started',
  detected: 'Detected',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
};

export interface Milestone {
  key: MilestoneKey;
  label: string;
  at: number;
  /** As written (`2026-10-08T13:15:00Z`). */
  written: string;
}

export interface Phase {
  key: PhaseKey;
  label: string;
  start: number;
  end: number;
  /** How long, `2 h 43 min`. */
  duration: string;
}

type Incident = Frontmatter['incident'];

/** The milestones the frontmatter gives, in time order. */
export function milestones(incident: Incident): Milestone[] {
  return (['started', 'detected', 'mitigated', 'resolved'] as const)
    .filter((key) => incident[key])
    .map((key) => ({ key, label: MILESTONE_LABEL[key], at: instant(incident[key]!), written: incident[key]! }));
}

/** The phases between consecutive milestones (a missing milestone merges its phase into the next one). */
export function phases(incident: Incident): Phase[] {
  const ms = milestones(incident);
  return ms.slice(1).map((m, i) => {
    const key = PHASE_ENDED_BY[m.key]!;
    return { key, label: PHASE_LABEL[key], start: ms[i]!.at, end: m.at, duration: formatDuration(m.at - ms[i]!.at) };
  });
}

/**
 * The phase an instant falls in: a milestone starts the phase after it, except resolution, which ends recovery (the
 * entry "Incident resolved" is the last of the incident, not the first thing after it).
 */
export function phaseAt(at: number, incident: Incident): PhaseKey {
  const ms = milestones(incident);
  if (at < ms[0]!.at) return 'before';
  if (incident.resolved && at === instant(incident.resolved) && ms.length > 1) return 'recovery';
  const next = ms.find((m) => m.at > at);
  if (!next) return incident.resolved ? 'after' : (phases(incident).at(-1)?.key ?? 'detection');
  return PHASE_ENDED_BY[next.key] ?? 'detection';
}

/** The milestone an entry at `at` records (the same minute), if any. */
export function milestoneAt(at: number, incident: Incident): Milestone | undefined {
  return milestones(incident).find((m) => Math.abs(m.at - at) < 60_000);
}

/** A timeline entry as the page draws it: when, and in which phase. */
export interface TimelinePoint {
  at: number;
  phase: PhaseKey;
  milestone?: MilestoneKey;
}
