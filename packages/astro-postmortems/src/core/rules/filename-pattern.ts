import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { isIsoDate } from '../utils/time.ts';
import { ID_PATTERN } from '../paths.ts';

export const filenamePattern: Rule = {
  id: 'filename/pattern',
  level: 'error',
  description: 'File name must be `YYYY-MM-DD-kebab-case-slug.mdx`.',
  docs: {
    meaning: 'The file name is not `YYYY-MM-DD-kebab-case-slug.mdx` (or a Markdown file is not `.mdx`).',
    fix: 'Rename the file; `npm run new` picks the right name.',
    trigger: '`postmortems/Checkout Outage.mdx`',
    ok: [{ fixture: 'ok-nested-folder' }],
    notOk: [
      {
        fixture: 'not-ok-markdown-extension',
        message:
          'Unexpected Markdown file `2025-03-04-checkout-pool-change.md`, expected a `.mdx` file; rename it so it is checked and published',
      },
      {
        fixture: 'not-ok-underscores',
        message:
          "Unexpected file name `2025_03_04_checkout_pool_change.mdx`, expected `YYYY-MM-DD-kebab-case-slug.mdx` (the incident's start date, then lowercase words joined by hyphens); rename the file",
      },
    ],
  },
  check(ctx) {
    const name = ctx.file.path.slice(ctx.file.path.lastIndexOf('/') + 1);
    const match = name.endsWith('.mdx') ? ID_PATTERN.exec(name.slice(0, -'.mdx'.length)) : null;
    if (!match) {
      ctx.report(
        { line: 1, column: 1 },
        `Unexpected file name ${code(name)}, expected \`YYYY-MM-DD-kebab-case-slug.mdx\` (the incident's start date, then lowercase words joined by hyphens); rename the file`,
      );
    } else if (!isIsoDate(match[1]!)) {
      ctx.report({ line: 1, column: 1 }, `Unexpected date ${code(match[1])} in file name, expected a real calendar date; rename the file`);
    }
  },
};
