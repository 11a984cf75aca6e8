import type { Image, ImageReference } from 'mdast';
import type { Node } from 'unist';
import type { PostmortemConfig } from '../config.ts';
import type { Rule } from '../rule.ts';
import { readImageFile, resolveImagePath } from '../images.ts';
import { attributeUse, imageDecision, pageUrl } from '../urls.ts';
import { definitionKey, firstDefinitions, startOf } from '../utils/mdast.ts';
import { allowedAttribute, jsxAttributes } from './mdx-disallowed-element.ts';

/** An image the page would show: its node, its URL (a reference's is its first definition's) and, for an attribute, where it is. */
export interface ShownImage {
  node: Node;
  url: string;
  /** ` in \`src\` on \`<img>\``, for an allowed element's resource attribute. */
  where?: string;
}

/**
 * Every image the rendered page would ask the browser to load: Markdown images, image references (through the first
 * definition of their label, the one the renderer uses) and the resource attributes (`src`, `poster`…) of allowed
 * elements. A reference with no definition renders as text. `nodes`: the tree's nodes as `nodesOf` lists them.
 */
export function* shownImages(nodes: readonly Node[], config: PostmortemConfig): Generator<ShownImage> {
  const definitions = firstDefinitions(nodes);
  for (const node of nodes) {
    if (node.type === 'image') yield { node, url: (node as Image).url };
    else if (node.type === 'imageReference') {
      const definition = definitions.get(definitionKey((node as ImageReference).identifier));
      if (definition) yield { node, url: definition.url };
    } else if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      const element = (node as { name?: string | null }).name;
      if (!element) continue;
      for (const attr of jsxAttributes(node)) {
        if (attr.type !== 'mdxJsxAttribute' || !attr.name || typeof attr.value !== 'string') continue;
        if (attributeUse(attr.name) === 'resource' && allowedAttribute(config, element, attr.name)) {
          yield {
            node: attr,
            url: attr.value,
            where: ` in \`${attr.name.replaceAll('`', "'")}\` on \`<${element.replaceAll('`', "'")}>\``,
          };
        }
      }
    }
  }
}

/**
 * `image/source`: an image the page would show must be a raster image file inside `postmortems/` (see
 * `images.ts`), copied as a file, never imported; nothing is loaded from another host, another scheme or the site's
 * root. URLs are read as a browser reads them (`urls.ts`), by the same decision the renderer makes.
 */
export const imageSource: Rule = {
  id: 'image/source',
  level: 'error',
  description: 'Images are PNG, JPEG, GIF, WebP or AVIF files inside `postmortems/`; no SVG, no files elsewhere, no remote images.',
  docs: {
    meaning:
      "An image the page would show (a Markdown image, an image reference through the first definition of its label, or the `src` of an allowed element) is not a PNG, JPEG, GIF, WebP or AVIF file inside `postmortems/`: an SVG (it can hold script), a file of another type or whose bytes are not the image its name says, a path that leaves `postmortems/` or goes through a hidden file or folder, a link out of the folder, a missing file, a file over 10 MB, an empty URL or one that only points into the page (`#part`), another scheme (`mailto:`, `data:`), a path from the site's root, or a remote image (the site loads nothing from other hosts). URLs are read as a browser reads them: `/\\host/x.png`, `\\\\host/x.png` or a tab after the first `/` name another host. Images are copied as files under a content hash, never imported.",
    fix: 'Put the image next to the postmortem and link it relatively, `![Queue depth](./queue-depth.png)`; export drawings as PNG.',
    trigger: '`![diagram](./diagram.svg)`, `![x](../../secrets.png)`, `![x](/\\tracker.example/p.png)`',
    ok: [{ fixture: 'ok-png-beside' }],
    notOk: [
      {
        fixture: 'not-ok-svg',
        message:
          'Unexpected SVG image `./architecture.svg` (an SVG can hold script that runs on the site), expected a .png, .jpg, .jpeg, .gif, .webp, .avif file beside the postmortem in `postmortems/`; export the drawing as PNG',
      },
    ],
  },
  check(ctx) {
    if (!ctx.tree) return;
    const page = pageUrl(ctx.file.id, ctx.config.siteUrl, ctx.config.basePath);
    for (const { node, url, where } of shownImages(ctx.nodes(), ctx.config)) {
      const decided = imageDecision(url, page, where);
      if (!decided.ok) {
        ctx.report(startOf(node), decided.problem);
        continue;
      }
      const found = ctx.root === undefined ? resolveImagePath(ctx.file.path, url) : readImageFile(ctx.file, ctx.root, url);
      if (!found.ok) ctx.report(startOf(node), found.problem);
    }
  },
};
