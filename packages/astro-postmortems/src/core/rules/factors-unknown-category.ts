import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { closest } from '../utils/text.ts';

/**
 * Reads the raw frontmatter, so a wrong category is reported even while
 * another field is being fixed; the schema accepts any category string and
 * leaves the check to this rule, which can name the closest configured one.
 */
export const factorsUnknownCategory: Rule = {
  id: 'factors/unknown-category',
  level: 'error',
  description: 'A contributing factor whose category is not one of the configured `factorCategories`.',
  docs: {
    meaning:
      "A contributing factor's `category` is not one of the configured categories (`factorCategories` in `postmortems.config.ts`; defaults `change`, `configuration`, `capacity`, `dependency`, `software-defect`, `hardware`, `data`, `process`, `communication`, `detection`). The message names the closest configured category, or lists them all when none is close.",
    fix: 'Use the suggested category, or add the category to `factorCategories` if the team agrees it is missing.',
    trigger: '`category: configuraton` (did you mean `configuration`?)',
    ok: [{ fixture: 'ok-configured-categories.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-typo.mdx',
        message:
          'Unexpected contributing-factor category `configuraton`, expected one of the configured categories; did you mean `configuration`? (categories are listed in postmortems.config.ts, `factorCategories`)',
      },
    ],
  },
  check(ctx) {
    const factors = ctx.raw?.['contributingFactors'];
    if (!Array.isArray(factors)) return;
    const categories = Object.keys(ctx.config.factorCategories);
    factors.forEach((factor, index) => {
      const category = (factor as { category?: unknown } | null)?.category;
      if (typeof category !== 'string' || !category.trim() || Object.hasOwn(ctx.config.factorCategories, category)) return;
      const guess = closest(category, categories);
      const hint = guess ? `did you mean ${code(guess)}?` : `use one of ${categories.map(code).join(', ')}`;
      ctx.report(
        ctx.file.frontmatter.locate(['contributingFactors', index, 'category']),
        `Unexpected contributing-factor category ${code(category)}, expected one of the configured categories; ${hint} (categories are listed in postmortems.config.ts, \`factorCategories\`)`,
      );
    });
  },
};
