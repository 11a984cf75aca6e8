/**
 * What an action item's link is called on the page: its tracker id, the way
 * people say it (`OPS-2871`, `payments#412`), never a generic "Ticket" that
 * makes every link of a table read the same to a screen reader.
 */
import { TICKET_ID_LIKE } from '../core/utils/tracker.ts';

/** Hosts whose issue and pull request addresses read as `repository#number`. */
const FORGE_ISSUE = /^\/[^/]+\/([^/]+)\/(?:-\/)?(?:issues|pull|pulls|merge_requests|work_items)\/(\d+)\/?$/;

/**
 * The label of an action item's link: a tracker id as written; for an address, the ticket id it ends with
 * (`…/browse/OPS-2871`, `…?selectedIssue=OPS-12`), `repo#123` for a GitHub or GitLab issue, else the host and last
 * path segment, shortened.
 */
export function trackerLabel(link: string): string {
  const trimmed = link.trim();
  if (!/^https?:\/\//i.test(trimmed)) return trimmed;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return trimmed;
  }
  for (const value of url.searchParams.values()) if (TICKET_ID_LIKE.test(value)) return value;
  const segments = url.pathname
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  const id = [...segments].reverse().find((s) => TICKET_ID_LIKE.test(s));
  if (id) return id;
  const issue = FORGE_ISSUE.exec(url.pathname);
  if (issue) return `${issue[1]}#${issue[2]}`;
  const last = segments[segments.length - 1];
  const label = last ? `${url.hostname.replace(/^www\./, '')}/…/${last}` : url.hostname.replace(/^www\./, '');
  return label.length > 40 ? `${label.slice(0, 39)}…` : label;
}
