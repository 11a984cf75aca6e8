import type { Definition, Image, ImageReference } from 'mdast';
import type { Rule } from '../rule.ts';
import { isRelativeUrl, readImageFile, resolveImagePath } from '../images.ts';
import { startOf, walk } from '../utils/mdast.ts';

/**
 * `image/source`: an image the page would show must be a raster image file inside `postmortems/` (see
 * `images.ts`), copied as a file, never imported; images from other hosts are not loaded by the site.
 */
export const imageSource: Rule = {
  id: 'image/source',
  level: 'error',
  description: 'Images are PNG, JPEG, GIF, WebP or AVIF files inside `postmortems/`; no SVG, no files elsewhere, no remote images.',
  docs: {
    meaning: 'An image the page would show is not a PNG, JPEG, GIF, WebP or AVIF file inside `postmortems/`: an SVG (it can hold script), a file of another type or whose bytes are not the image its name says, a path that leaves `postmortems/` or goes through a hidden file or folder, a link out of the folder, a missing file, a file over 10 MB, or a remote image (the site loads nothing from other hosts). Images are copied as files under a content hash, never imported.',
    fix: 'Put the image next to the postmortem and link it relatively, `![Queue depth](./queue-depth.png)`; export drawings as PNG.',
    trigger: '`![diagram](./diagram.svg)`, `![x](../../secrets.png)`',
    ok: [{ fixture: 'ok-png-beside' }],
    notOk: [{ fixture: 'not-ok-svg', message: 'Unexpected SVG image `./architecture.svg` (an SVG can hold script that runs on the site), expected a .png, .jpg, .jpeg, .gif, .webp, .avif file beside the postmortem in `postmortems/`; export the drawing as PNG' }],
  },
  check(ctx) {
    if (!ctx.tree) return;
    const definitions = new Map<string, Definition>();
    for (const node of walk(ctx.tree)) if (node.type === 'definition') definitions.set((node as Definition).identifier.toLowerCase(), node as Definition);
    for (const node of walk(ctx.tree)) {
      let url: string | undefined;
      if (node.type === 'image') url = (node as Image).url;
      else if (node.type === 'imageReference') url = definitions.get((node as ImageReference).identifier.toLowerCase())?.url;
      if (url === undefined || url === '') continue;
      if (/^https?:|^\/\//i.test(url)) {
        ctx.report(startOf(node), `Unexpected remote image \`${url.slice(0, 80)}\`, expected an image file beside the postmortem (the site loads nothing from other hosts); download it into \`postmortems/\` and link it relatively`);
        continue;
      }
      // Other schemes are `mdx/disallowed-element`'s; a root-relative path is one of the site's own files.
      if (!isRelativeUrl(url)) continue;
      const found = ctx.root === undefined ? resolveImagePath(ctx.file.path, url) : readImageFile(ctx.file, ctx.root, url);
      if (!found.ok) ctx.report(startOf(node), found.problem);
    }
  },
};
