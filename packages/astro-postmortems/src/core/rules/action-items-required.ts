import type { Rule } from '../rule.ts';

export const actionItemsRequired: Rule = {
  id: 'action-items/required',
  level: 'error',
  description: 'A published postmortem must have at least one action item.',
  docs: {
    meaning: 'A published postmortem has no action items.',
    fix: 'Add at least one item to `actionItems`, or keep `status: in-review`.',
    trigger: '`status: published` without `actionItems`',
    ok: [{ fixture: 'ok-in-review-without-items.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-no-items.mdx',
        message:
          'Unexpected published postmortem without action items, expected at least one entry in `actionItems` (title, owner, due); add what will change, or set `status: in-review`',
      },
    ],
  },
  check(ctx) {
    if (ctx.raw?.['status'] !== 'published') return;
    const items = ctx.raw['actionItems'];
    if (Array.isArray(items) && items.length > 0) return;
    const path = items === undefined ? ['status'] : ['actionItems'];
    ctx.report(
      ctx.file.frontmatter.locate(path),
      'Unexpected published postmortem without action items, expected at least one entry in `actionItems` (title, owner, due); add what will change, or set `status: in-review`',
    );
  },
};
