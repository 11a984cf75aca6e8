import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { closest } from '../utils/text.ts';

/** Ids grouped by date and by slug, so a suggestion compares a handful of ids, not the whole repository. */
const neighbours = new WeakMap<object, Map<string, string[]>>();

function candidatesFor(id: string, ids: ReadonlyMap<string, unknown>): string[] {
  let groups = neighbours.get(ids);
  if (!groups) {
    groups = new Map();
    for (const known of ids.keys()) {
      for (const key of [`d:${known.slice(0, 10)}`, `s:${known.slice(11)}`]) {
        const list = groups.get(key);
        if (list) list.push(known);
        else groups.set(key, [known]);
      }
    }
    neighbours.set(ids, groups);
  }
  return [...(groups.get(`d:${id.slice(0, 10)}`) ?? []), ...(groups.get(`s:${id.slice(11)}`) ?? [])];
}

export const relatedUnknown: Rule = {
  id: 'related/unknown',
  level: 'error',
  description: '`related` must name ids of existing postmortems.',
  docs: {
    meaning: '`related` names an id that does not exist.',
    fix: 'Use the file name of an existing postmortem, without `.mdx`.',
    trigger: '`related: [2025-01-14-mobile-gateway]`',
    ok: [{ fixture: 'ok-existing-id' }],
    notOk: [
      {
        fixture: 'not-ok-typo',
        message:
          'Unexpected unknown id `2025-01-10-postgres-failovr` in `related`, expected the id of an existing postmortem; did you mean `2025-01-10-postgres-failover`?',
      },
    ],
  },
  check(ctx) {
    const related = ctx.raw?.['related'];
    if (!Array.isArray(related)) return;
    related.forEach((id, index) => {
      if (typeof id !== 'string') return;
      if (id === ctx.file.id) {
        ctx.report(
          ctx.file.frontmatter.locate(['related', index]),
          `Unexpected ${code(id)} in \`related\`, expected the id of another postmortem; a postmortem cannot relate to itself`,
        );
      } else if (!ctx.repository.ids.has(id)) {
        const guess = closest(id, candidatesFor(id, ctx.repository.ids));
        const hint = guess ? `; did you mean ${code(guess)}?` : '; use the file name without `.mdx` and without folders';
        ctx.report(
          ctx.file.frontmatter.locate(['related', index]),
          `Unexpected unknown id ${code(id)} in \`related\`, expected the id of an existing postmortem${hint}`,
        );
      }
    });
  },
};
