/**
 * Plain text of mdast nodes with blocks kept apart: mdast-util-to-string joins a list's items and a table's cells
 * with nothing between them ("quicklyMany pods"), which the importer's readers must not see as one word.
 */
import type { Nodes, PhrasingContent } from 'mdast';

/** A line break, or text of spaces only: what a page's layout leaves between words, never content. */
export const isSpacing = (node: PhrasingContent) => node.type === 'break' || (node.type === 'text' && !node.value.trim());

const BLOCKS = new Set([
  'paragraph',
  'heading',
  'list',
  'listItem',
  'table',
  'tableRow',
  'tableCell',
  'blockquote',
  'code',
  'html',
  'thematicBreak',
  'definition',
  'footnoteDefinition',
  'root',
  'break',
]);

export function blockText(node: Nodes | Nodes[]): string {
  if (Array.isArray(node)) return node.map(blockText).join(' ').replace(/\s+/g, ' ').trim();
  if (node.type === 'break') return ' ';
  if ('value' in node && typeof node.value === 'string') return node.type === 'html' ? '' : node.value;
  if (node.type === 'image') return node.alt ?? '';
  if (!('children' in node)) return '';
  const parts = (node.children as Nodes[]).map((c) => blockText(c));
  return (node.children as Nodes[]).some((c) => BLOCKS.has(c.type)) ? parts.join(' ') : parts.join('');
}
