/**
 * Renders a checked postmortem to HTML from the very tree the rules checked:
 * mdast → hast (`mdast-util-to-hast`, the step behind remark-rehype) → HTML
 * (`hast-util-to-html`). Nothing is compiled and nothing is evaluated; the
 * output is a string stored as the entry's rendered content.
 *
 * Every node type is handled on purpose: MDX elements become plain HTML
 * elements with their literal, allow-listed attributes, and any node that
 * could only come from code (expressions, ESM) or raw HTML stops the render,
 * so a gap in the rules can never turn into markup or script.
 *
 * This module touches no file and no Node API, so the writing page previews a draft in the browser with it; the
 * build's render step (reading images, writing articles) is `render-step.ts`.
 */
import type { Element, ElementContent, Properties, Root as HastRoot } from 'hast';
import type { Code, Definition, Image, ImageReference, Link, Root } from 'mdast';
import GithubSlugger from 'github-slugger';
import { toHtml } from 'hast-util-to-html';
import { defaultHandlers, toHast, type Handler, type State } from 'mdast-util-to-hast';
import type { Node } from 'unist';
import type { PostmortemConfig } from '../core/config.ts';
import { isRelativeUrl } from '../core/images.ts';
import { isUnsafeUrl } from '../core/rules/mdx-disallowed-element.ts';
import { walk } from '../core/utils/mdast.ts';

export interface RenderedHeading {
  depth: number;
  slug: string;
  text: string;
}

export interface RenderedBody {
  html: string;
  headings: RenderedHeading[];
}

export interface RenderOptions {
  config: PostmortemConfig;
  /** The URL to publish a relative image at (checked by the rules before rendering); throws when it must not be shown. */
  imageUrl: (url: string) => string;
  /**
   * Colours a code block (the build passes Shiki's, `highlight.ts`); without it a block is a plain `<pre><code>`, as
   * the writing page's preview shows it (Shiki's grammars are megabytes).
   */
  highlight?: (code: string, lang: string | undefined) => Promise<Element>;
}

/** Where images are published, under the site's base path: a content-addressed name per image. */
export const IMAGE_ROUTE = 'postmortem-images';

export interface PublishedImage {
  /** `<sha256 prefix>.<extension>`, the file name under `IMAGE_ROUTE`. */
  name: string;
  /** Repository-relative path of the source file. */
  path: string;
  /** Absolute path of the file that was checked (links resolved). */
  file: string;
  contentType: string;
}

/** What the loader stores for a postmortem: where its HTML is (see `article-cache.ts`), its outline and the images to publish. */
export interface RenderedPostmortem {
  /** Absolute path of the article file. */
  article: string;
  headings: RenderedHeading[];
  images: PublishedImage[];
  /** The first paragraph of the summary section, for when the frontmatter has no `summary`. */
  summary: string;
  /** Absolute path of the file of words "similar incidents" compares, counted here so that pages never tokenize the bodies (`writeTerms`). */
  terms: string;
}

export interface RenderStepOptions {
  /** The site's base path, ending in `/`. */
  base: string;
  /** The folder article files are written to (`articleFolder`). */
  articles: string;
}

/** Raised when a tree holds something the rules should have refused: rendering stops rather than guess. */
export class UnsafeContentError extends Error {
  override name = 'UnsafeContentError';
}

interface MdxJsxAttribute {
  type: 'mdxJsxAttribute' | 'mdxJsxExpressionAttribute';
  name?: string;
  value?: unknown;
}

interface MdxJsxElement extends Node {
  name: string | null;
  attributes: MdxJsxAttribute[];
  children: Node[];
}

const refuse = (what: string): Handler => (_state, node) => {
  const at = node.position ? ` at line ${node.position.start.line}` : '';
  throw new UnsafeContentError(`Refusing to render ${what}${at}: postmortems are content, never code`);
};

function jsxElement(config: PostmortemConfig): Handler {
  return (state: State, node: MdxJsxElement) => {
    const name = node.name;
    const spec = name && Object.hasOwn(config.allowedElements, name) ? config.allowedElements[name] : undefined;
    if (!name || !spec) refuse(`the element <${name ?? ''}>`)(state, node as never, undefined);
    const allowed = new Set([...config.globalAttributes, ...spec!.attributes]);
    const properties: Properties = {};
    for (const attr of node.attributes) {
      if (attr.type !== 'mdxJsxAttribute' || !attr.name || !allowed.has(attr.name) || /^on/i.test(attr.name)) {
        refuse(`the attribute ${attr.name ?? '{…}'} on <${name}>`)(state, node as never, undefined);
      }
      // A bare attribute (`<details open>`) is `true`; anything but a literal string is code.
      if (attr.value === null || attr.value === undefined) properties[attr.name!] = true;
      else if (typeof attr.value === 'string') properties[attr.name!] = attr.value;
      else refuse(`an expression in ${attr.name} on <${name}>`)(state, node as never, undefined);
    }
    const element: Element = { type: 'element', tagName: name!, properties, children: state.all(node as never) as ElementContent[] };
    state.patch(node as never, element);
    return state.applyData(node as never, element);
  };
}

export async function renderBody(tree: Root, options: RenderOptions): Promise<RenderedBody> {
  // Highlighting is asynchronous and the tree conversion is not: highlight every code block first.
  const highlighted = new Map<Code, Element>();
  const { highlight } = options;
  if (highlight) {
    for (const node of walk(tree)) {
      if (node.type === 'code') {
        const code = node as Code;
        highlighted.set(code, await highlight(code.value, code.lang ?? undefined));
      }
    }
  }
  const jsx = jsxElement(options.config);
  const hast = toHast(tree, {
    handlers: {
      code: (state, node: Code) => highlighted.get(node) ?? defaultHandlers.code(state, node),
      image: (state, node: Image) => img(state, node, node.url, node.title),
      imageReference: (state, node: ImageReference) => {
        const definition = state.definitionById.get(node.identifier.toUpperCase()) as Definition | undefined;
        return definition ? img(state, node, definition.url, definition.title) : { type: 'text', value: `![${node.alt ?? ''}]` };
      },
      link: (state, node: Link) => {
        if (isUnsafeUrl(node.url)) refuse(`a link to ${node.url.slice(0, 40)}`)(state, node, undefined);
        const properties: Properties = { href: node.url };
        if (node.title) properties['title'] = node.title;
        const element: Element = { type: 'element', tagName: 'a', properties, children: state.all(node) as ElementContent[] };
        state.patch(node, element);
        return state.applyData(node, element);
      },
      mdxJsxFlowElement: jsx,
      mdxJsxTextElement: jsx,
      mdxFlowExpression: refuse('an expression'),
      mdxTextExpression: refuse('an expression'),
      mdxjsEsm: refuse('import/export'),
      html: refuse('raw HTML'),
    },
  }) as HastRoot;
  const headings = addHeadingIds(hast);

  function img(state: State, node: Image | ImageReference, url: string, title: string | null | undefined): Element {
    // Relative: a file beside the postmortem, published by hash. Root-relative: one of the site's own files. Anything
    // else (another host, another scheme) is refused by the rules and, should one slip through, here too.
    let src: string;
    if (isRelativeUrl(url)) src = options.imageUrl(url);
    else if (url.startsWith('/') && !url.startsWith('//')) src = url;
    else refuse(`an image from ${url.slice(0, 40)}`)(state, node, undefined);
    const properties: Properties = { src: src!, alt: node.alt ?? '' };
    if (title) properties['title'] = title;
    const element: Element = { type: 'element', tagName: 'img', properties, children: [] };
    state.patch(node, element);
    return state.applyData(node, element);
  }
  return { html: toHtml(hast), headings };
}

/** `id`s on headings as Astro's Markdown pipeline sets them (GitHub's slugs of the heading text), and the outline. */
function addHeadingIds(root: HastRoot): RenderedHeading[] {
  const slugger = new GithubSlugger();
  const headings: RenderedHeading[] = [];
  for (const node of walk(root as never) as Iterable<Node>) {
    const el = node as Element;
    if (el.type !== 'element' || !/^h[1-6]$/.test(el.tagName)) continue;
    const text = textContent(el);
    const slug = slugger.slug(text);
    el.properties['id'] = slug;
    headings.push({ depth: Number(el.tagName[1]), slug, text });
  }
  return headings;
}

function textContent(node: ElementContent | Element): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textContent).join('');
  return '';
}
