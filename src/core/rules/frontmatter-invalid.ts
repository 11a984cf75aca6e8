import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { closest } from '../utils/text.ts';

/** Fields the contract defines at each level, for "did you mean" hints. */
const KNOWN: Record<string, string[]> = {
  '': ['title', 'summary', 'severity', 'status', 'incident', 'services', 'tags', 'authors', 'impact', 'actionItems', 'related', 'featured'],
  incident: ['started', 'detected', 'mitigated', 'resolved'],
  impact: ['usersAffected', 'financial', 'sloBreached', 'dataLoss'],
  actionItems: ['title', 'owner', 'due', 'status', 'type', 'link'],
};

export const frontmatterInvalid: Rule = {
  id: 'frontmatter/invalid',
  level: 'error',
  description: 'Missing, mistyped or unknown frontmatter field, bad enum value or bad date.',
  check(ctx) {
    const fm = ctx.file.frontmatter;
    // A fence problem means the file could be split more than one way: report it alone, the fields come after.
    for (const fence of fm.fences) ctx.report(fence.point, fence.message);
    if (fm.fences.length || fm.skipped) return;
    if (!fm.present) {
      ctx.report(fm.start, 'Missing frontmatter, expected a `---` block at the top of the file with `title`, `severity`, `status`, `incident`, `services` and `authors` (run `npm run new` for a template)');
      return;
    }
    for (const err of fm.errors) ctx.report(err.point, `Invalid YAML in frontmatter: ${err.reason}; fix the YAML syntax (quote values containing \`:\` or \`#\`)`);
    if (fm.errors.length) return;
    if (!ctx.raw) {
      ctx.report(fm.start, 'Unexpected frontmatter that is not a map of fields, expected `key: value` lines');
      return;
    }
    for (const issue of ctx.validation?.issues ?? []) {
      const path = issue.path as PropertyKey[];
      // `actionItems[1].due`, so the author knows which item is meant.
      const dotted = path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
      if (issue.code === 'unrecognized_keys') {
        const parent = String(path.filter((p) => typeof p === 'string').join('.'));
        for (const key of issue.keys) {
          const field = dotted ? `${dotted}.${key}` : key;
          const known = KNOWN[parent] ?? [];
          const guess = closest(key, known);
          const hint = guess ? `; did you mean ${code(guess)}?` : known.length ? `; expected one of ${known.map(code).join(', ')}` : '';
          ctx.report(fm.locateKey([...path, key]), `Unexpected unknown field ${code(field)}${hint}`);
        }
        continue;
      }
      // zod leaves the value out of its issues; quote what the author wrote at that path.
      const input = valueAt(ctx.raw, path);
      if (issue.code === 'invalid_type') {
        if (input === undefined) ctx.report(fm.locate(path.slice(0, -1)), `Missing required field ${code(dotted)}, expected ${describeExpected(issue.expected)}`);
        else ctx.report(fm.locate(path), `Unexpected ${code(dotted)} value ${code(input)}, expected ${describeExpected(issue.expected)}`);
        continue;
      }
      if (issue.code === 'invalid_value') {
        const values = (issue as { values?: unknown[] }).values ?? [];
        if (input === undefined) ctx.report(fm.locate(path.slice(0, -1)), `Missing required field ${code(dotted)}, expected one of ${values.map(code).join(', ')}`);
        else ctx.report(fm.locate(path), `Unexpected ${code(dotted)} value ${code(input)}, expected one of ${values.map(code).join(', ')}`);
        continue;
      }
      const shown = input === undefined ? '' : ` ${code(input)}`;
      ctx.report(fm.locate(path), `Invalid ${code(dotted || 'frontmatter')}${shown}: ${issue.message}`);
    }
  },
};

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) {
    if (!value || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function describeExpected(expected: unknown): string {
  switch (expected) {
    case 'array':
      return 'a list, one `- item` per line';
    case 'object':
      return 'a map of fields';
    default:
      return `a ${String(expected)}`;
  }
}
