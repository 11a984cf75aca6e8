import type { RootContent } from 'mdast';
import type { Rule } from '../rule.ts';
import { normalizeHeading } from '../rule.ts';
import { startOf, toString } from '../utils/mdast.ts';

const ENTRY = /^\s*(?:(\d{4}-\d{2}-\d{2})(?:[Tt]|\s*,\s+|\s+))?(\d{1,2}):(\d{2})(?::(\d{2}))?(?!\d)/;

/** The paragraphs or list items of a timeline that start with a time. */
function entries(nodes: readonly RootContent[]): RootContent[] {
  const out: RootContent[] = [];
  for (const node of nodes) {
    if (node.type === 'list') out.push(...node.children);
    else if (node.type === 'paragraph') out.push(node);
  }
  return out;
}

export const timelineOrder: Rule = {
  id: 'timeline/order',
  level: 'warning',
  description: 'Timeline entries that start with a time should be in chronological order.',
  docs: {
    meaning: 'Timeline entries that start with a time are out of chronological order.',
    fix: 'Reorder them; when the day changes, start the entry with the date (`YYYY-MM-DD HH:MM`).',
    trigger: '`14:30` listed before `14:05`',
    ok: [{ fixture: 'ok-day-change-with-date.mdx' }],
    notOk: [{ fixture: 'not-ok-swapped.mdx', message: 'Unexpected timeline entry `09:20` after `09:45` (line 38), expected chronological order; if the day changed, start this entry with the date (`YYYY-MM-DD HH:MM`)' }],
  },
  check(ctx) {
    if (!ctx.tree) return;
    const key = normalizeHeading(ctx.config.timelineSection);
    const section = ctx.sections().find((s) => s.key === key);
    if (!section) return;
    let date = '';
    let last: { key: string; label: string; line: number } | undefined;
    for (const entry of entries(section.content)) {
      const first = entry.type === 'listItem' ? entry.children[0] : entry;
      if (!first) continue;
      const m = ENTRY.exec(toString(first));
      if (!m) continue;
      const [h, min, s] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
      if (h > 23 || min > 59) continue;
      if (m[1]) date = m[1];
      const sortKey = `${date}T${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
      const label = `${m[1] ? `${m[1]} ` : ''}${m[2]}:${m[3]}`;
      const point = startOf(first) ?? section.start;
      // Times before the first dated entry have no known day, so they cannot be ordered against dated ones.
      if (last && sortKey < last.key && sortKey.startsWith('T') === last.key.startsWith('T')) {
        const hint = m[1] ? '' : '; if the day changed, start this entry with the date (`YYYY-MM-DD HH:MM`)';
        ctx.report(point, `Unexpected timeline entry \`${label}\` after \`${last.label}\` (line ${last.line}), expected chronological order${hint}`);
      }
      last = { key: sortKey, label, line: point.line };
    }
  },
};
