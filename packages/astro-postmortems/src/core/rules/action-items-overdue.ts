import type { ActionItem } from '../frontmatter-schema.ts';
import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { isOpen } from '../utils/incident.ts';
import { isIsoDate } from '../utils/time.ts';

export const actionItemsOverdue: Rule = {
  id: 'action-items/overdue',
  level: 'warning',
  description: 'An `open` or `in-progress` action item is past its `due` date.',
  docs: {
    meaning: 'An `open` or `in-progress` action item is past its `due` date.',
    fix: 'The owner sets `status: done` or `wont-do`, or agrees a new `due` date.',
    trigger: '`due: 2026-01-31`, `status: open`, on 2026-02-02',
    ok: [{ fixture: 'ok-done-or-due-today.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-open-past-due.mdx',
        message:
          'Unexpected overdue action item `Alert when the connection pool is 80% used` (due 2025-04-01, still `open`), expected it done by now; set `status: done` or `wont-do`, or agree a new `due` date with its owner',
      },
    ],
  },
  check(ctx) {
    const items = ctx.raw?.['actionItems'];
    if (!Array.isArray(items)) return;
    items.forEach((item, index) => {
      if (!item || typeof item !== 'object') return;
      const { due, status = 'open', title } = item as Record<string, unknown>;
      if (!isOpen({ status: status as ActionItem['status'] })) return;
      if (typeof due !== 'string' || !isIsoDate(due) || due >= ctx.today) return;
      ctx.report(
        ctx.file.frontmatter.locate(['actionItems', index, 'due']),
        `Unexpected overdue action item ${code(title ?? `#${index + 1}`)} (due ${due}, still \`${String(status)}\`), expected it done by now; set \`status: done\` or \`wont-do\`, or agree a new \`due\` date with its owner`,
      );
    });
  },
};
