/**
 * The ids a postmortem's page gives its own elements: pages/postmortems/[id].astro (facts, contents, related and
 * similar incidents), the base layout (`main`, the skip link's target), the search dialog and the timeline's phases
 * chart. A postmortem's headings never take one (the renderer's slugs skip them: a heading "Related incidents" gets
 * `related-incidents-1`), and an `id` attribute may not be one (`mdx/disallowed-element`): two elements with one id
 * make the skip link, the contents or an `aria-labelledby` name the wrong one. `test/build/rendering.test.ts` checks the
 * built pages against this list.
 */
export const PAGE_IDS: ReadonlySet<string> = new Set([
  'main',
  'facts-title',
  'toc-title',
  'related-incidents',
  'similar-incidents',
  'phases-caption',
  'phases-title',
  'phases-desc',
  'phases-narrow-title',
  'phases-narrow-desc',
  'search-dialog-title',
  'dialog-search',
  'dialog-search-q',
]);

/**
 * The ids the renderer gives footnotes (mdast-util-to-hast's defaults): `user-content-fn-1` on a note,
 * `user-content-fnref-1` on its reference, and `footnote-label` on the heading every reference's `aria-describedby`
 * names.
 */
export const FOOTNOTE_LABEL_ID = 'footnote-label';
export const FOOTNOTE_ID_PREFIX = 'user-content-';

/** Whether an attribute an author wrote (`name="value"`) would give an element one of the page's own ids, or a footnote's. */
export function takesPageId(name: string | undefined, value: unknown): boolean {
  return (
    name === 'id' &&
    typeof value === 'string' &&
    (PAGE_IDS.has(value) || value === FOOTNOTE_LABEL_ID || value.startsWith(FOOTNOTE_ID_PREFIX))
  );
}
