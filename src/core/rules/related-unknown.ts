import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { closest } from '../utils/text.ts';

export const relatedUnknown: Rule = {
  id: 'related/unknown',
  level: 'error',
  description: '`related` must name ids of existing postmortems.',
  check(ctx) {
    const related = ctx.raw?.['related'];
    if (!Array.isArray(related)) return;
    related.forEach((id, index) => {
      if (typeof id !== 'string') return;
      if (id === ctx.file.id) {
        ctx.report(ctx.file.frontmatter.locate(['related', index]), `Unexpected ${code(id)} in \`related\`, expected the id of another postmortem; a postmortem cannot relate to itself`);
      } else if (!ctx.repository.ids.has(id)) {
        const guess = closest(id, [...ctx.repository.ids.keys()]);
        const hint = guess ? `; did you mean ${code(guess)}?` : '; use the file name without `.mdx` and without folders';
        ctx.report(ctx.file.frontmatter.locate(['related', index]), `Unexpected unknown id ${code(id)} in \`related\`, expected the id of an existing postmortem${hint}`);
      }
    });
  },
};
