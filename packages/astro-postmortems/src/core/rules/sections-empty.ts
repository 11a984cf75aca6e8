import type { RootContent } from 'mdast';
import type { Rule } from '../rule.ts';
import { normalizeHeading } from '../rule.ts';
import { INTERNAL_ELEMENT, isInternalElement, withoutInternal } from '../publishing.ts';
import { toString } from '../utils/mdast.ts';

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

/**
 * What an external reader gets of a section: its content without `<Internal>` parts, and without the paragraphs that
 * held nothing else (an image keeps a paragraph).
 */
function externalContent(nodes: readonly RootContent[]): RootContent[] {
  return nodes
    .filter((node) => !isInternalElement(node))
    .map((node) => withoutInternal(node))
    .filter(
      (node) =>
        node.type !== 'paragraph' ||
        toString(node).trim() !== '' ||
        node.children.some((c) => c.type === 'image' || c.type === 'imageReference'),
    );
}

export const sectionsEmpty: Rule = {
  id: 'sections/empty',
  level: 'error',
  description: 'A required section (other than Action Items) has no content.',
  docs: {
    meaning:
      'A required section (other than *Action Items*) has no content before the next level-2 heading, or all of its content is marked `<Internal>`, so that an external build would show the heading alone.',
    fix: 'Write the section, or a sentence on why it does not apply; for a section whose details are internal, a sentence external readers may read.',
    trigger: '`## Business Impact` directly followed by `## Root Cause`',
    ok: [{ fixture: 'ok-empty-action-items.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-no-content.mdx',
        message:
          'Unexpected empty section `## Root Cause`, expected content before the next level-2 heading; write this section or explain why it does not apply',
      },
    ],
  },
  check(ctx) {
    if (!ctx.tree) return;
    const required = new Set(ctx.config.requiredSections.map(normalizeHeading));
    const exempt = normalizeHeading(ctx.config.actionItemsSection);
    for (const section of ctx.sections()) {
      if (!required.has(section.key) || section.key === exempt) continue;
      if (!hasContent(section.content)) {
        ctx.report(
          section.start,
          `Unexpected empty section \`## ${section.title}\`, expected content before the next level-2 heading; write this section or explain why it does not apply`,
        );
      } else if (!hasContent(externalContent(section.content))) {
        // An external build (docs/format.md, "Drafts and two audiences") would show the heading and nothing under it.
        ctx.report(
          section.start,
          `Unexpected section \`## ${section.title}\` whose content is all \`<${INTERNAL_ELEMENT}>\`, expected something external readers get too; add a sentence outside \`<${INTERNAL_ELEMENT}>\` (what can be said publicly), or move the text out of it`,
        );
      }
    }
  },
};
