/** What every source is read into: one event, one instant, one sentence, with where it came from. */

export type SourceFormat = 'slack' | 'pagerduty' | 'opsgenie' | 'jsm' | 'csv';

/** The lifecycle of a page or an incident, as far as the sources tell it. */
export type EventKind =
  | 'message'
  | 'trigger'
  | 'acknowledge'
  | 'unacknowledge'
  | 'escalate'
  | 'assign'
  | 'notify'
  | 'note'
  | 'resolve'
  | 'snooze'
  | 'priority'
  | 'status'
  | 'other';

export interface Person {
  /** Stable within a run: `slack:U024BE7LH`, `pagerduty:PT23IWX`, `email:…`, `name:…`. */
  key: string;
  kind: 'person' | 'bot' | 'service';
  name?: string | undefined;
  handle?: string | undefined;
  /** Never printed into a postmortem; only matched against configured roles. */
  email?: string | undefined;
  /** The source's own id (Slack user id, PagerDuty user id). */
  id?: string | undefined;
  /** The person's own time zone (Slack's `tz`), for reading a time they wrote ("since 01:30"). */
  tz?: string | undefined;
}

/** The sentence of an entry, as pieces the renderer escapes one by one. */
export type Inline =
  | { type: 'text'; value: string }
  | { type: 'link'; url: string; label: string }
  | { type: 'code'; value: string }
  | { type: 'person'; person: Person };

export interface Origin {
  format: SourceFormat;
  /** The source as the user named it (and the file inside an export). */
  file: string;
  /** Which record: `message 1730432400.000100`, `log entry Q02JTSNZWHSEKV`, `line 14`. */
  ref: string;
}

export interface TimelineEvent {
  /** Milliseconds since the epoch. */
  at: number;
  origin: Origin;
  kind: EventKind;
  who?: Person | undefined;
  content: Inline[];
  /** A person's words (a chat message or a note): shown in quotes, as said. */
  quoted: boolean;
  /** Kept without `--all`: pinned, starred or reacted messages, and a page's key changes. */
  marked: boolean;
  /** Why it is marked, for the report: `pinned`, `starred`, `:eyes:`, `trigger`… */
  marks: string[];
  /** The text was cut to `LIMITS.entryChars`. */
  truncated?: boolean;
  /** Posted by an integration (a bot in Slack): compared with the pager's own log when both are read. */
  bot?: boolean;
  /** Further sources that reported the same event (filled in when duplicates merge). */
  alsoFrom?: Origin[];
}

/** Plain text of an entry's content (people by their key), for matching and de-duplication. */
export function plainText(content: readonly Inline[]): string {
  return content.map((p) => (p.type === 'text' || p.type === 'code' ? p.value : p.type === 'link' ? p.label : p.person.key)).join('');
}

export const text = (value: string): Inline => ({ type: 'text', value });
