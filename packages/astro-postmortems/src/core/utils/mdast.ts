/** Tree helpers shared by rules. */
import type { Node } from 'unist';
import { toString } from 'mdast-util-to-string';
import type { Point } from './lines.ts';

export { toString };

/** Every node in the tree, depth first, with no recursion limit issues for deep lists. */
export function* walk(root: Node): Generator<Node> {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    yield node;
    const children = (node as { children?: Node[] }).children;
    if (children) for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
}

export function startOf(node: Node | undefined): Point | undefined {
  const p = node?.position?.start;
  return p ? { line: p.line, column: p.column } : undefined;
}
