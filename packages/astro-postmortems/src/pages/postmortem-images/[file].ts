/**
 * The images postmortems show, published as plain files under a content hash
 * (`/postmortem-images/<sha256>.png`). The loader accepted each one (a raster
 * image inside `postmortems/`, see `src/core/images.ts`); here its bytes are
 * read again and must still hash to the name, so a file swapped after the
 * check is not published.
 */
import type { APIRoute } from 'astro';
import { readFileSync } from 'node:fs';
import { getPostmortems } from '../../lib/postmortems.ts';
import type { PublishedImage } from '../../integration/render.ts';
import { renderedOf } from '../../integration/rendered-entry.ts';
import { isPublishedAs } from '../../core/image-files.ts';

interface Props {
  image: PublishedImage;
}

export async function getStaticPaths() {
  const images = new Map<string, PublishedImage>();
  for (const pm of await getPostmortems()) {
    for (const image of renderedOf(pm.entry).images) images.set(image.name, image);
  }
  return [...images.values()].map((image) => ({ params: { file: image.name }, props: { image } satisfies Props }));
}

export const GET: APIRoute<Props> = ({ props }) => {
  const { image } = props;
  const bytes = readFileSync(image.file);
  if (!isPublishedAs(bytes, image.name)) throw new Error(`${image.path} changed after it was checked; build again`);
  return new Response(bytes, { headers: { 'Content-Type': image.contentType, 'X-Content-Type-Options': 'nosniff' } });
};
