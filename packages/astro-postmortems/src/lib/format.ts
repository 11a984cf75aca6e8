/** Wording shared by server-rendered pages and the scripts that update them. */
import { plural as countOf } from '../core/utils/text.ts';

/** `plural` with the count written the site's way, `1,234 items`. */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return countOf(n, noun, nouns, n.toLocaleString('en-US'));
}

/** "3 items, 1 overdue" */
export function itemCount(total: number, overdue: number): string {
  return overdue ? `${plural(total, 'item')}, ${overdue} overdue` : plural(total, 'item');
}

/** Labels for action-item statuses. */
export const ACTION_STATUS_LABEL: Record<string, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  done: 'Done',
  'wont-do': "Won't do",
};

/** What stands for an action item's owner that an external build leaves out (`internal: [actionItems.owner]`). */
export const OWNER_NOT_PUBLISHED = 'Owner not published';

/** An action item's owner as lists show and group it. */
export function ownerLabel(item: { owner?: string | undefined }): string {
  return item.owner ?? OWNER_NOT_PUBLISHED;
}

/** Labels for postmortem statuses. */
export const STATUS_LABEL: Record<string, string> = { draft: 'Draft', 'in-review': 'In review', published: 'Published' };

/**
 * Plain text for a feed field that readers render as HTML (RSS `<description>`): `&`, `<` and `>` become
 * entities here, and the XML writer escapes them once more, so after a reader's one decode they are still
 * entities and display as the characters written, never as a tag or an entity of the author's choosing.
 */
export function htmlText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
