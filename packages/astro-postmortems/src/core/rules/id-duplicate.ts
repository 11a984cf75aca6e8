import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';

export const idDuplicate: Rule = {
  id: 'id/duplicate',
  level: 'error',
  description: 'Two files share an id (the file name without folders and `.mdx`).',
  docs: {
    meaning: 'Two files share an id (file name without folders and `.mdx`).',
    fix: 'Give one of them a different slug; ids are unique across sub-folders.',
    trigger: '`postmortems/a.mdx` and `postmortems/2026/a.mdx`',
    ok: [{ fixture: 'ok-same-slug-other-date' }],
    notOk: [
      {
        fixture: 'not-ok-two-folders',
        message:
          'Unexpected duplicate id `2025-03-04-checkout-pool-change`, also used by `postmortems/archive/2025-03-04-checkout-pool-change.mdx`; ids must be unique across folders, so rename one of the files',
      },
    ],
  },
  check(ctx) {
    const paths = ctx.repository.ids.get(ctx.file.id) ?? [];
    const others = paths.filter((p) => p !== ctx.file.path);
    if (others.length) {
      ctx.report(
        { line: 1, column: 1 },
        `Unexpected duplicate id ${code(ctx.file.id)}, also used by ${others.map(code).join(', ')}; ids must be unique across folders, so rename one of the files`,
      );
    }
  },
};
