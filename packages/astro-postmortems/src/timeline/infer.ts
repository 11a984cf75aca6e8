/**
 * The incident's start, detection, mitigation and resolution, suggested from
 * the entries for the frontmatter's `incident.*` fields. Every suggestion is
 * marked inferred and names the record it rests on and the rule that chose it,
 * because a rule of thumb can be wrong and a person must confirm it:
 *
 * - detected: the pager's first trigger (PagerDuty trigger, Opsgenie "Alert
 *   created", a Jira incident opened); else the first alert an integration
 *   posted to the channel; else the first message that declares the incident;
 * - started: the earliest sign of impact: a message saying when it began
 *   ("errors since 14:03", "started at 01:12 UTC") or that it began, if
 *   earlier than detection; otherwise the detection time, with a note that
 *   impact likely began earlier;
 * - mitigated: the first entry after detection that says the impact stopped
 *   (mitigated, rolled back, recovered, back to normal, error rate back
 *   under…), or a Jira status such as Mitigated;
 * - resolved: the pager's last resolution (PagerDuty resolve, Opsgenie close,
 *   a Jira status Resolved or Closed); else the first "resolved"/"all clear"
 *   message after mitigation.
 */
import { plainText, type Origin, type TimelineEvent } from './event.ts';
import { fromLocal, parseZone, toLocal, type Zone } from './zone.ts';

export type IncidentField = 'started' | 'detected' | 'mitigated' | 'resolved';
export const INCIDENT_FIELDS: readonly IncidentField[] = ['started', 'detected', 'mitigated', 'resolved'];

export interface Suggestion {
  field: IncidentField;
  at: number;
  from: Origin;
  /** Which rule chose it, in a few words. */
  rule: string;
  /** The words it rests on, when a message. */
  quote?: string | undefined;
}

const PAGERS = new Set(['pagerduty', 'opsgenie', 'jsm']);
const DECLARED =
  /\b(?:declar(?:e|ed|ing) (?:an? |this )?(?:incident|sev ?\d|p[0-4])|we have an incident|opening an incident|paging (?:the )?on-?call|got paged|i(?:'m| am) (?:on it|looking)|seeing (?:errors|5\d\d|failures|timeouts|alerts))\b/i;
const ALERT = /\b(?:alert|alarm|monitor|triggered|firing|fired|critical)\b/i;
const BEGAN =
  /\b(?:impact (?:started|began)|started (?:failing|erroring|timing out|returning)|errors? (?:started|began|spiked|spiking)|first (?:errors?|reports?|failures?)|customers? (?:started|began) (?:reporting|seeing))\b/i;
const SINCE = /\b(?:since|started at|starting at|began at|beginning at|from)\s+(\d{1,2}):(\d{2})\s*(utc|gmt|z\b)?/i;
const MITIGATED =
  /\b(?:mitigat(?:ed|ion (?:is )?(?:in place|complete|done|applied))|rolled back|rollback (?:is )?(?:complete|done|finished|out)|recover(?:ed|y (?:is )?complete)|back to normal|(?:is )?normal again|impact (?:has )?(?:stopped|ended|is over)|stabili[sz]ed|(?:error rates?|errors|latency|5xx|p99|queue)\b[^.]{0,40}\b(?:back|down) (?:to|under|below))\b/i;
const RESOLVED = /\b(?:resolved|all clear|incident (?:is )?(?:closed|over|resolved)|closing (?:the |this )?incident)\b/i;

export function inferIncident(events: readonly TimelineEvent[], zone: Zone): { suggestions: Suggestion[]; notes: string[] } {
  const sorted = [...events].sort((a, b) => a.at - b.at);
  const notes: string[] = [];
  const text = (e: TimelineEvent) => plainText(e.content);
  const quote = (e: TimelineEvent) => (e.quoted ? text(e).slice(0, 80) : undefined);
  const suggestion = (field: IncidentField, e: TimelineEvent, rule: string, at = e.at): Suggestion => ({
    field,
    at,
    from: e.origin,
    rule,
    quote: quote(e),
  });

  let detected: Suggestion | undefined;
  const trigger = sorted.find((e) => PAGERS.has(e.origin.format) && e.kind === 'trigger');
  if (trigger) detected = suggestion('detected', trigger, 'the first page');
  else {
    const bot = sorted.find((e) => e.bot && (e.kind === 'trigger' || ALERT.test(text(e))));
    const declared = sorted.find((e) => e.quoted && DECLARED.test(text(e)));
    const first = [bot, declared].filter((e): e is TimelineEvent => !!e).sort((a, b) => a.at - b.at)[0];
    if (first)
      detected = suggestion(
        'detected',
        first,
        first === bot ? 'the first alert posted to the channel' : 'the first message declaring the incident',
      );
  }

  let started: Suggestion | undefined;
  for (const e of sorted) {
    if (detected && e.at > detected.at + 60 * 60_000) break;
    if (!e.quoted) continue;
    const words = text(e);
    const since = SINCE.exec(words);
    if (since) {
      const h = Number(since[1]);
      const m = Number(since[2]);
      if (h < 24 && m < 60) {
        // People write times in their own zone: the speaker's (Slack's `tz`) when known, else the timeline's.
        const own = e.who?.tz ? parseZone(e.who.tz) : undefined;
        const inZone: Zone = since[3] ? { kind: 'fixed', minutes: 0, name: 'UTC' } : (own ?? zone);
        const day = toLocal(inZone, e.at).date;
        const hm = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:00`;
        const before = new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        // The latest instant that time of day names at or before the message: in the hour the clocks repeat, the nearer one.
        const candidates = [fromLocal(inZone, day, hm), fromLocal(inZone, before, hm)]
          .flatMap((r) => (r.ok ? [r.ms] : r.candidates))
          .filter((ms) => ms <= e.at && e.at - ms <= 12 * 3_600_000);
        const at = candidates.length ? Math.max(...candidates) : undefined;
        if (at !== undefined && (!started || at < started.at)) {
          started = suggestion(
            'started',
            e,
            `a message giving the time impact began${since[3] ? '' : ` (read in ${inZone.name}${own ? ", the writer's zone" : ''})`}`,
            at,
          );
        }
      }
    }
    if (BEGAN.test(words) && (!started || e.at < started.at)) started = suggestion('started', e, 'the first message saying impact began');
  }
  if (detected && (!started || started.at > detected.at)) {
    started = { ...detected, field: 'started', rule: `${detected.rule}: no earlier sign of impact in the sources` };
    notes.push(
      'incident.started is the detection time: nothing in the sources shows impact earlier, but it usually begins before anyone notices; look at the dashboards',
    );
  }

  const after = detected?.at ?? started?.at ?? -Infinity;
  let mitigated: Suggestion | undefined;
  const mitigation = sorted.find(
    (e) => e.at >= after && (e.kind === 'status' ? /mitigat|monitoring/i.test(text(e)) : e.kind !== 'resolve' && MITIGATED.test(text(e))),
  );
  if (mitigation)
    mitigated = suggestion(
      'mitigated',
      mitigation,
      mitigation.kind === 'status' ? 'the status change to mitigated' : 'the first entry saying the impact stopped',
    );

  let resolved: Suggestion | undefined;
  const resolutions = sorted.filter((e) => e.kind === 'resolve' && (PAGERS.has(e.origin.format) || e.origin.format === 'slack'));
  const pagerResolution = resolutions.filter((e) => PAGERS.has(e.origin.format)).at(-1);
  if (pagerResolution) resolved = suggestion('resolved', pagerResolution, 'the last resolution of the page');
  else {
    const said = sorted.find((e) => e.at >= (mitigated?.at ?? after) && e.quoted && RESOLVED.test(text(e)));
    if (said) resolved = suggestion('resolved', said, 'the first message saying it is resolved');
  }
  if (mitigated && resolved && mitigated.at > resolved.at) {
    notes.push('the mitigation found came after the resolution, so it was left out');
    mitigated = undefined;
  }
  if (!mitigated && resolved) notes.push('no entry says when the impact stopped: incident.mitigated is left for you (it is optional)');
  return { suggestions: [started, detected, mitigated, resolved].filter((s): s is Suggestion => !!s), notes };
}
