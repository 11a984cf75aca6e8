/**
 * The build's render step (`RenderStep` of the repository check): runs on each file with no error, in a worker or
 * not, on the tree the rules checked. It publishes the images the file shows (read by `image-files.ts`), renders the
 * body with `render.ts` and Shiki's colours, writes the article and the counted words to the cache, and gives the
 * loader where they are. Without `articles` it is `check`'s: the same decisions, nothing written.
 */
import { readFileImage } from '../core/image-files.ts';
import { sectionsOf } from '../core/lint.ts';
import type { ParsedFile } from '../core/parse.ts';
import type { RenderFunction } from '../core/repository.ts';
import { pageUrl } from '../core/urls.ts';
import { summaryFromSections } from '../core/utils/incident.ts';
import type { Frontmatter } from '../core/frontmatter-schema.ts';
import { frontmatterFor, internalRanges, sliceWithout, withoutInternal } from '../core/publishing.ts';
import {
  IMAGE_ROUTE,
  renderBody,
  renderTree,
  UnsafeContentError,
  type PublishedImage,
  type RenderedPostmortem,
  type RenderOptions,
  type RenderStepOptions,
} from './render.ts';

/** The render step of the repository check (`RenderStep`): runs on each file with no error, in a worker or not. */
const renderPostmortem: RenderFunction<RenderedPostmortem | null, RenderStepOptions> = async (
  file: ParsedFile,
  { root, config, options },
) => {
  const { base, site, articles, audience = 'internal' } = options;
  const images = new Map<string, PublishedImage>();
  // The rules passed, so the frontmatter is the schema's shape.
  const raw = file.frontmatter.data as Frontmatter;
  const render: RenderOptions = {
    config,
    page: pageUrl(file.id, site, base),
    // The timeline's entries are marked with their phase (the incident's times are never internal).
    incident: raw.incident,
    imageUrl(url) {
      const found = readFileImage(file, root, url);
      if (!found.ok) throw new UnsafeContentError(found.problem);
      images.set(found.name, { name: found.name, path: found.path, file: found.file, contentType: found.contentType });
      return `${base}${IMAGE_ROUTE}/${found.name}`;
    },
  };
  if (articles === undefined) {
    // `check`: every decision of the renderer, none of its output. Code colours decide nothing (a highlighting
    // failure leaves a block plain), so they are left out, and Shiki is never loaded.
    await renderTree(file.tree!, render);
    return null;
  }
  const { fileHighlighter } = await import('./highlight.ts');
  // What an external reader gets is decided here, once: the tree without its internal parts (images in them are
  // then never published either), and the words of similar incidents counted from that text only.
  const body = await renderBody(audience === 'external' ? withoutInternal(file.tree!) : file.tree!, {
    ...render,
    highlight: fileHighlighter(),
  });
  const summary = summaryFromSections(file, sectionsOf(file), config);
  const data = frontmatterFor(raw, audience);
  const text =
    audience === 'external'
      ? sliceWithout(file.source, file.body, file.source.length, internalRanges(file.tree!, file.lines))
      : file.source.slice(file.body);
  const [{ similarityText, termCounts }, { writeArticle, writeTerms }] = await Promise.all([
    import('./similarity.ts'),
    import('./article-cache.ts'),
  ]);
  const terms = writeTerms(articles, termCounts(similarityText({ ...data, summary: data.summary ?? summary, body: text })));
  // Written here, in the worker that rendered it: the HTML never crosses back to the loader's thread.
  return {
    article: writeArticle(articles, body.html),
    headings: body.headings,
    images: [...images.values()],
    summary,
    terms,
    places: body.places,
    timeline: body.timeline,
  } satisfies RenderedPostmortem;
};

export default renderPostmortem;
