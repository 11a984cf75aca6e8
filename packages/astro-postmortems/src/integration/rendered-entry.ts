/**
 * The agreement between the content loader and the pages: what a postmortem's data store entry holds besides its
 * frontmatter. The loader writes it with `storeEntry` (and `storedRendered`); pages, the image route and "similar
 * incidents" read it with `renderedOf`, and nothing else reads or writes `rendered.metadata`.
 *
 * Astro types an entry's metadata as `Record<string, unknown>` (and a store file written by an older engine may lack a
 * field added since), so the reader narrows each field once, here, to what the renderer made (`RenderedPostmortem`
 * of render.ts), with an empty value for a missing one.
 */
import type { LoaderContext } from 'astro/loaders';
import type { ArticlePlaces } from './article-places.ts';
import type { PublishedImage, RenderedHeading, RenderedPostmortem } from './render.ts';
import type { TimelinePoint } from './timeline-phases.ts';

/** An entry's `rendered` as the data store keeps it: no HTML (the article file has it, article-cache.ts), the rest in `metadata`. */
export interface StoredRendered {
  html: string;
  metadata?: Record<string, unknown> | undefined;
}

/** `rendered` of an entry the loader stores: every field of `RenderedPostmortem`, and nothing else. */
export function storedRendered(rendered: RenderedPostmortem): {
  html: string;
  metadata: { [K in keyof RenderedPostmortem]: RenderedPostmortem[K] };
} {
  const { article, headings, images, summary, terms, places, timeline } = rendered;
  return { html: '', metadata: { headings, images, article, summary, terms, places, timeline } };
}

/** What the data store keeps of a rendered postmortem (the bench's unchecked loader stores the same). */
export function storeEntry(
  ctx: Pick<LoaderContext, 'generateDigest'>,
  entry: { id: string; path: string; source: string; data: Record<string, unknown>; rendered: RenderedPostmortem },
) {
  const { id, path, source, data, rendered } = entry;
  return {
    id,
    data,
    // No `body`: nothing reads it, and Astro serialises the whole store on every change in dev and bundles it into
    // the build; "similar incidents" reads the `terms` counted by the renderer instead.
    filePath: path,
    // Astro keeps an entry whose digest did not change, so the digest covers what was made from the file too: the
    // article (its HTML names each image by its hash) and the data (the configuration can change its defaults).
    digest: ctx.generateDigest(`${source}\0${rendered.article}\0${JSON.stringify(data)}`),
    // The HTML itself is in `article` (see article-cache.ts), read by the page; the store keeps what is small. No
    // `imagePaths`, so Astro's image pipeline (which imports each image as a module) is not involved; `images` are
    // published by the site's own route.
    rendered: storedRendered(rendered),
  };
}

/** A stored entry's rendered parts as the page reads them; `undefined` or empty where the entry has none. */
export interface EntryRendered {
  /** Absolute path of the article file (verified against its hash where it is read). */
  article: string | undefined;
  /** Absolute path of the counted words of "similar incidents". */
  terms: string | undefined;
  headings: RenderedHeading[];
  images: PublishedImage[];
  /** The first paragraph of the summary section ('' when there is none). */
  summary: string;
  places: ArticlePlaces | undefined;
  timeline: TimelinePoint[];
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);

/** The rendered parts of a stored entry (the loader's `storeEntry`). */
export function renderedOf(entry: { rendered?: StoredRendered | undefined }): EntryRendered {
  const metadata: Partial<Record<keyof RenderedPostmortem, unknown>> = entry.rendered?.metadata ?? {};
  const places = metadata.places;
  return {
    article: text(metadata.article),
    terms: text(metadata.terms),
    headings: list<RenderedHeading>(metadata.headings),
    images: list<PublishedImage>(metadata.images),
    summary: text(metadata.summary) ?? '',
    places: places && typeof places === 'object' ? (places as ArticlePlaces) : undefined,
    timeline: list<TimelinePoint>(metadata.timeline),
  };
}
