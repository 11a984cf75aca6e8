import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';

export const idDuplicate: Rule = {
  id: 'id/duplicate',
  level: 'error',
  description: 'Two files share an id (the file name without folders and `.mdx`).',
  check(ctx) {
    const paths = ctx.repository.ids.get(ctx.file.id) ?? [];
    const others = paths.filter((p) => p !== ctx.file.path);
    if (others.length) {
      ctx.report({ line: 1, column: 1 }, `Unexpected duplicate id ${code(ctx.file.id)}, also used by ${others.map(code).join(', ')}; ids must be unique across folders, so rename one of the files`);
    }
  },
};
