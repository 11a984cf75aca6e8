/** Every rule, in the order the contract lists them. */
import type { Rule } from '../rule.ts';
import { actionItemsOverdue } from './action-items-overdue.ts';
import { actionItemsRequired } from './action-items-required.ts';
import { blamelessBlame } from './blameless-blame.ts';
import { blamelessLanguage } from './blameless-language.ts';
import { contentPlaceholder } from './content-placeholder.ts';
import { exceptionsUnmatched } from './exceptions-unmatched.ts';
import { factorsMissing } from './factors-missing.ts';
import { factorsUnknownCategory } from './factors-unknown-category.ts';
import { filenameDateMismatch } from './filename-date-mismatch.ts';
import { filenamePattern } from './filename-pattern.ts';
import { frontmatterInvalid } from './frontmatter-invalid.ts';
import { frontmatterTimestampsOrder } from './frontmatter-timestamps-order.ts';
import { headingsLevel1 } from './headings-level-1.ts';
import { accessibilityName } from './accessibility-name.ts';
import { accessibilityImageAlt } from './accessibility-image-alt.ts';
import { idDuplicate } from './id-duplicate.ts';
import { imageSource } from './image-source.ts';
import { lessonsSubsections } from './lessons-subsections.ts';
import { mdxDisallowedElement } from './mdx-disallowed-element.ts';
import { mdxNoEsm } from './mdx-no-esm.ts';
import { mdxNoExpression } from './mdx-no-expression.ts';
import { mdxSyntax } from './mdx-syntax.ts';
import { privacyEmail } from './privacy-email.ts';
import { relatedUnknown } from './related-unknown.ts';
import { reviewOverdue } from './review-overdue.ts';
import { secretsLeak } from './secrets-leak.ts';
import { sectionsDuplicate } from './sections-duplicate.ts';
import { sectionsEmpty } from './sections-empty.ts';
import { sectionsImportedPlaceholder } from './sections-imported-placeholder.ts';
import { sectionsMissing } from './sections-missing.ts';
import { sectionsOrder } from './sections-order.ts';
import { textInvisible } from './text-invisible.ts';
import { timelineMilestones } from './timeline-milestones.ts';
import { timelineOrder } from './timeline-order.ts';

export const rules: readonly Rule[] = [
  mdxSyntax,
  frontmatterInvalid,
  frontmatterTimestampsOrder,
  filenamePattern,
  filenameDateMismatch,
  idDuplicate,
  relatedUnknown,
  sectionsMissing,
  sectionsDuplicate,
  sectionsEmpty,
  sectionsImportedPlaceholder,
  sectionsOrder,
  actionItemsRequired,
  actionItemsOverdue,
  mdxNoEsm,
  mdxNoExpression,
  mdxDisallowedElement,
  imageSource,
  secretsLeak,
  privacyEmail,
  textInvisible,
  blamelessBlame,
  blamelessLanguage,
  lessonsSubsections,
  timelineOrder,
  timelineMilestones,
  reviewOverdue,
  contentPlaceholder,
  headingsLevel1,
  accessibilityName,
  accessibilityImageAlt,
  factorsUnknownCategory,
  factorsMissing,
  // Last: it reads what every other rule's findings did to the file's `exceptions`.
  exceptionsUnmatched,
];

export const ruleById: ReadonlyMap<string, Rule> = new Map(rules.map((r) => [r.id, r]));
