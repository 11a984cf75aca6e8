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

/** Whether an attribute an author wrote (`name="value"`) would give an element one of the page's own ids. */
export function takesPageId(name: string | undefined, value: unknown): boolean {
  return name === 'id' && typeof value === 'string' && PAGE_IDS.has(value);
}
