/** From selected events to the Markdown of each entry: people shown as configured, credentials and addresses scrubbed. */
import type { TimelineEvent } from './event.ts';
import type { People } from './people.ts';
import { scrubEvent, type SensitiveFinding } from './redact.ts';
import { people as peopleIn, sentence } from './render.ts';

export interface ComposedEntry {
  at: number;
  /** Markdown after the time. */
  text: string;
  event: TimelineEvent;
}

export interface Composed {
  entries: ComposedEntry[];
  findings: SensitiveFinding[];
  /** Names written out in messages and shown as roles instead. */
  namesReplaced: number;
}

export function compose(events: readonly TimelineEvent[], people: People): Composed {
  const known = new Map<string, NonNullable<TimelineEvent['who']>>();
  for (const e of events) {
    if (e.who) known.set(e.who.key, e.who);
    for (const p of peopleIn(e.content)) known.set(p.key, p);
  }
  people.learn(known.values());
  const findings: SensitiveFinding[] = [];
  let namesReplaced = 0;
  const entries = events.map((event) => {
    const named = people.replaceNames(event.content, [...known.values()]);
    namesReplaced += named.replaced;
    const scrubbed = scrubEvent({ ...event, content: named.parts });
    findings.push(...scrubbed.findings);
    // A name can be an address too (an integration posting as `alerts@…`).
    const who = event.who ? scrubEvent({ ...event, content: [{ type: 'text', value: people.display(event.who) }] }) : undefined;
    if (who) findings.push(...who.findings);
    const whoText = who?.content.map((p) => (p.type === 'text' ? p.value : '')).join('');
    return { at: event.at, text: sentence(event, scrubbed.content, people, whoText), event };
  });
  return { entries, findings, namesReplaced };
}
