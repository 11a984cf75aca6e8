/** Tree helpers shared by rules. */
import type { Definition, Image, ImageReference, Link, LinkReference } from 'mdast';
import type { Node } from 'unist';
import { toString } from 'mdast-util-to-string';
import type { Point } from './lines.ts';

export { toString };

/**
 * Every node in the tree, depth first (no recursion, so no limit on deep lists), as an array: a rule reads a tree
 * nobody changes, and an array costs one allocation where a generator costs one per node.
 */
export function nodesOf(root: Node): Node[] {
  const out: Node[] = [];
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    out.push(node);
    const children = (node as { children?: Node[] }).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out;
}

/** Every node in the tree, depth first, read as it is walked: children a loop's body replaces are the ones walked next. */
export function* walk(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    yield node;
    const children = (node as { children?: Node[] }).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

/** Where a link or image points, as its author wrote it: the URL, or a reference's `[label]`. */
export function writtenTarget(node: Link | LinkReference | Image | ImageReference): string {
  return node.type === 'link' || node.type === 'image' ? node.url : `[${node.label ?? node.identifier}]`;
}

export function startOf(node: Node | undefined): Point | undefined {
  const p = node?.position?.start;
  return p ? { line: p.line, column: p.column } : undefined;
}

/**
 * The definition each reference label uses: the first one in the document, as CommonMark says ("If there are several
 * matching link reference definitions, the one that comes first in the document is used") and as the renderer
 * resolves them; later ones with the same label are never used. Keyed by the normalised identifier, upper-cased as
 * `mdast-util-to-hast` keys them. `nodes`: a tree's nodes in document order (`nodesOf`; a rule's `ctx.nodes()`).
 */
export function firstDefinitions(nodes: readonly Node[]): Map<string, Definition> {
  const found = new Map<string, Definition>();
  for (const node of nodes) {
    if (node.type !== 'definition') continue;
    const key = definitionKey((node as Definition).identifier);
    if (!found.has(key)) found.set(key, node as Definition);
  }
  return found;
}

/** The key of `firstDefinitions` for a reference's or a definition's identifier. */
export function definitionKey(identifier: string): string {
  return identifier.toUpperCase();
}
