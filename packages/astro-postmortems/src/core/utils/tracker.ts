/**
 * Tracker ids in `actionItems[].link` (contract §7): with `tracker` configured,
 * `OBS-120` is as good as the ticket's URL, because that is how teams write
 * them in every other document, and the site builds the URL from the template.
 */
import type { PostmortemConfig } from '../config.ts';
import { trackerIdRegExp } from './phrase-patterns.ts';

export type TrackerConfig = NonNullable<PostmortemConfig['tracker']>;

/** Looks like a ticket id of some tracker (`OBS-120`, `ID-482`), whatever is configured: for hints. */
export const TICKET_ID_LIKE = /^[A-Z][A-Z0-9]+-\d+$/;

const compiled = new WeakMap<TrackerConfig, RegExp>();

function idRegex(tracker: TrackerConfig): RegExp {
  let re = compiled.get(tracker);
  if (!re) {
    re = trackerIdRegExp(tracker.idPattern);
    compiled.set(tracker, re);
  }
  return re;
}

export function isTrackerId(value: string, tracker: TrackerConfig | undefined): boolean {
  return !!tracker && idRegex(tracker).test(value.trim());
}

/** The href of an action item's link: the URL as written, or the tracker's URL for an id; `undefined` when neither. */
export function linkHref(link: string | undefined, tracker: TrackerConfig | undefined): string | undefined {
  if (!link) return undefined;
  if (/^https?:\/\//i.test(link)) return link;
  if (tracker && isTrackerId(link, tracker)) return tracker.url.replaceAll('{id}', encodeURIComponent(link.trim()));
  return undefined;
}
