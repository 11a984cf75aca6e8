/**
 * What GitHub finds in the rendered text of an issue, pull request or job summary after Markdown (its docs,
 * "Autolinked references and URLs", "Basic writing and formatting syntax"): mentions (`@user`, `@org/team`),
 * references (`#26`, `GH-26`, `owner/repo#26`), commit SHAs (`a5c3785`, `owner/repo@a5c3785`, 7 to 40 hex digits),
 * emoji shortcodes (`:tada:`) and literal autolinks (`https://…`, `www.…`, `user@example.com`). The patterns are
 * looser than GitHub's (no word boundary needed, any run of 7 hex digits), so that a match here is a superset of
 * what GitHub would act on. Written from those rules, not from core/github-markdown.ts.
 */
import type { Root } from 'mdast';
import { toHtml } from 'hast-util-to-html';
import { toHast } from 'mdast-util-to-hast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';

/** Parses Markdown as GitHub does (CommonMark and the GFM extensions: tables, autolink literals, strikethrough, footnotes, task lists). */
export function parseGfm(markdown: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(markdown);
}

/**
 * Markup that no value may bring into GitHub Markdown and no report writes: images, reference links and their
 * definitions, footnotes, strikethrough and fenced code. Each test adds the kinds its own output never holds.
 */
export const FOREIGN_MARKUP = [
  'image',
  'imageReference',
  'linkReference',
  'definition',
  'footnoteReference',
  'footnoteDefinition',
  'delete',
  'code',
] as const;

/** The HTML a GFM renderer makes of the tree (raw HTML kept, so that any HTML in the tree would show). */
export function renderHtml(tree: Root): string {
  return toHtml(toHast(tree, { allowDangerousHtml: true }), { allowDangerousHtml: true });
}
const PATTERNS: ReadonlyArray<[why: string, pattern: RegExp]> = [
  ['mention', /@[a-z0-9]/i],
  ['issue or pull-request reference', /#\d/],
  ['GH- reference', /GH-\d/i],
  ['commit SHA', /[0-9a-f]{7}/i],
  ['emoji shortcode', /:[\w+-]+:/],
  ['URL autolink', /[a-z][a-z0-9+.-]*:\/\//i],
  ['www autolink', /www\./i],
  ['e-mail autolink', /[\w.+-]@[\w-]/],
];

/** Every pattern GitHub would act on in `text`, with what it found. */
export function githubTextFindings(text: string): string[] {
  return PATTERNS.flatMap(([why, pattern]) => {
    const m = pattern.exec(text);
    return m ? [`${why}: ${JSON.stringify(text.slice(Math.max(0, m.index - 10), m.index + 20))}`] : [];
  });
}
