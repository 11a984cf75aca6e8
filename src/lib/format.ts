/** Wording shared by server-rendered pages and the scripts that update them. */

export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : nouns}`;
}

/** "3 items, 1 overdue" */
export function itemCount(total: number, overdue: number): string {
  return overdue ? `${plural(total, 'item')}, ${overdue} overdue` : plural(total, 'item');
}

/** Labels for action-item statuses. */
export const ACTION_STATUS_LABEL: Record<string, string> = { open: 'Open', 'in-progress': 'In progress', done: 'Done', 'wont-do': "Won't do" };

/** Labels for postmortem statuses. */
export const STATUS_LABEL: Record<string, string> = { draft: 'Draft', 'in-review': 'In review', published: 'Published' };
