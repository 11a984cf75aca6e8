import type { RootContent } from 'mdast';
import type { Rule } from '../rule.ts';
import { normalizeHeading } from '../rule.ts';

/** A section counts as written when it holds more than sub-headings, comments and blank JSX. */
function hasContent(nodes: readonly RootContent[]): boolean {
  return nodes.some((node) => {
    if (node.type === 'heading' || node.type === 'yaml' || node.type === 'thematicBreak') return false;
    // An expression is reported by `mdx/no-expression`; it is not content either.
    if ((node as { type: string }).type === 'mdxFlowExpression') return false;
    if (node.type === 'html') return node.value.trim() !== '';
    return true;
  });
}

export const sectionsEmpty: Rule = {
  id: 'sections/empty',
  level: 'error',
  description: 'A required section (other than Action Items) has no content.',
  docs: {
    meaning: 'A required section (other than *Action Items*) has no content before the next level-2 heading.',
    fix: 'Write the section, or a sentence on why it does not apply.',
    trigger: '`## Business Impact` directly followed by `## Root Cause`',
    ok: [{ fixture: 'ok-empty-action-items.mdx' }],
    notOk: [{ fixture: 'not-ok-no-content.mdx', message: 'Unexpected empty section `## Root Cause`, expected content before the next level-2 heading; write this section or explain why it does not apply' }],
  },
  check(ctx) {
    if (!ctx.tree) return;
    const required = new Set(ctx.config.requiredSections.map(normalizeHeading));
    const exempt = normalizeHeading(ctx.config.actionItemsSection);
    for (const section of ctx.sections()) {
      if (!required.has(section.key) || section.key === exempt) continue;
      if (!hasContent(section.content)) {
        ctx.report(section.start, `Unexpected empty section \`## ${section.title}\`, expected content before the next level-2 heading; write this section or explain why it does not apply`);
      }
    }
  },
};
