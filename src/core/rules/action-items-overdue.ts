import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { isIsoDate } from '../utils/time.ts';

export const actionItemsOverdue: Rule = {
  id: 'action-items/overdue',
  level: 'warning',
  description: 'An `open` or `in-progress` action item is past its `due` date.',
  check(ctx) {
    const items = ctx.raw?.['actionItems'];
    if (!Array.isArray(items)) return;
    items.forEach((item, index) => {
      if (!item || typeof item !== 'object') return;
      const { due, status = 'open', title } = item as Record<string, unknown>;
      if (status !== 'open' && status !== 'in-progress') return;
      if (typeof due !== 'string' || !isIsoDate(due) || due >= ctx.today) return;
      ctx.report(
        ctx.file.frontmatter.locate(['actionItems', index, 'due']),
        `Unexpected overdue action item ${code(title ?? `#${index + 1}`)} (due ${due}, still \`${String(status)}\`), expected it done by now; set \`status: done\` or \`wont-do\`, or agree a new \`due\` date with its owner`,
      );
    });
  },
};
