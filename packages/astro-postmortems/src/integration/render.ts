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
import type { Code, Image, ImageReference, Link, LinkReference, ListItem, Root } from 'mdast';
import { defaultHandlers, toHast, type Handler, type State } from 'mdast-util-to-hast';
import type { Node } from 'unist';
import type { PostmortemConfig } from '../core/config.ts';
import { PAGE_IDS, takesPageId } from '../core/page-ids.ts';
import { allowedAttribute, allowedElement } from '../core/rules/mdx-disallowed-element.ts';
import { attributeDecision, imageDecision, linkDecision, type UrlDecision } from '../core/urls.ts';
import { definitionKey, firstDefinitions, nodesOf, walk } from '../core/utils/mdast.ts';
import type { Point } from '../core/utils/lines.ts';
import type { Frontmatter } from '../core/frontmatter-schema.ts';
import type { ArticlePlaces } from './article-places.ts';
import type { TimelinePoint } from './timeline-phases.ts';
import { INTERNAL_ELEMENT, type Audience } from '../core/publishing.ts';

export interface RenderedHeading {
  depth: number;
  slug: string;
  text: string;
  /** Inside an `<Internal>` part (rendered for the internal audience only): the contents mark it. */
  internal?: true;
}

export interface RenderedBody {
  html: string;
  headings: RenderedHeading[];
  /** Where the sections are in `html`, for the page's own parts (`article-places.ts`). */
  places: ArticlePlaces;
  /** The timeline's timed entries, in phases (with `incident`). */
  timeline: TimelinePoint[];
}

export interface RenderOptions {
  config: PostmortemConfig;
  /** The URL of the page that shows the postmortem (`pageUrl`): every URL in it is read against this one, as the browser will. */
  page?: URL;
  /** The URL to publish a relative image at (its URL was accepted by `imageDecision`); throws when the file must not be shown. */
  imageUrl: (url: string) => string;
  /** The incident's times: the timeline's entries are then marked with their phase. */
  incident?: Frontmatter['incident'];
  /**
   * Colours a code block (the build passes Shiki's, `highlight.ts`); without it, or when it returns nothing (past the
   * file's budget), a block is a plain `<pre><code>`, as the writing page's preview and `check` show it (Shiki's
   * grammars are megabytes), and as a highlighting failure leaves it.
   */
  highlight?: (code: string, lang: string | undefined) => Promise<Element | undefined>;
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
  /** Where the sections are in the article's HTML (`article-places.ts`). */
  places: ArticlePlaces;
  /** The timeline's timed entries, in phases. */
  timeline: TimelinePoint[];
  /** Absolute path of the file of words "similar incidents" compares, counted here so that pages never tokenize the bodies (`writeTerms`). */
  terms: string;
}

export interface RenderStepOptions {
  /** The site's base path, ending in `/`. */
  base: string;
  /** The site's origin, where known (`deploymentSite`): the page's URLs are read against it. */
  site?: string;
  /**
   * The folder article files are written to (`articleFolder`). Without it the step is `check`'s: the body is turned
   * into the very tree the site would publish, so everything the renderer refuses is refused, and nothing is written.
   */
  articles?: string;
  /**
   * Who the site is for: `external` renders no internal part, `internal` (default) renders them marked
   * (core/publishing.ts). `check` renders every part, so whatever any audience's page would refuse is refused.
   */
  audience?: Audience;
}

/** Raised when a tree holds something the rules should have refused: rendering stops rather than guess. */
export class UnsafeContentError extends Error {
  override name = 'UnsafeContentError';
  /** Where in the file, when known (the check reports the refusal there). */
  readonly point: Point | undefined;
  constructor(message: string, node?: Node) {
    super(message);
    const start = node?.position?.start;
    this.point = start ? { line: start.line, column: start.column } : undefined;
  }
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

const refuse =
  (what: string): Handler =>
  (_state, node) => {
    const at = node.position ? ` at line ${node.position.start.line}` : '';
    throw new UnsafeContentError(`Refusing to render ${what}${at}: postmortems are content, never code`, node);
  };

/** Stops the render on a URL the shared decision (`urls.ts`) refuses, with the rules' own words. */
function decided(decision: UrlDecision, node: Node): void {
  if (!decision.ok) throw new UnsafeContentError(decision.problem, node);
}

/** `imageUrl(url)`, a refusal of the file (`images.ts`) reported at `node`. */
function published(imageUrl: (url: string) => string, url: string, node: Node): string {
  try {
    return imageUrl(url);
  } catch (error) {
    if (error instanceof UnsafeContentError && !error.point) throw new UnsafeContentError(error.message, node);
    throw error;
  }
}

/** The class of an internal part on the internal site (styles/global.css draws it; `addHeadingIds` looks for it). */
export const INTERNAL_CLASS = 'internal-part';

/**
 * An `<Internal>` part for the internal audience, marked so that every reader knows it stays inside: a block is a
 * group named "Internal" with a visible label (hidden from screen readers, which announce the group's name), a phrase
 * has a visible label and an end said to screen readers. The labels are not indexed by search.
 */
function internalPart(state: State, node: MdxJsxElement): Element {
  const label = (tagName: string, text: string, properties: Properties = {}): Element => ({
    type: 'element',
    tagName,
    properties: { className: ['internal-label'], dataPagefindIgnore: '', ...properties },
    children: [{ type: 'text', value: text }],
  });
  const children = state.all(node as never) as ElementContent[];
  const element: Element =
    node.type === 'mdxJsxFlowElement'
      ? {
          type: 'element',
          tagName: 'div',
          properties: { className: [INTERNAL_CLASS], role: 'group', ariaLabel: 'Internal' },
          children: [label('p', 'Internal', { ariaHidden: 'true' }), ...children],
        }
      : {
          type: 'element',
          tagName: 'span',
          properties: { className: [INTERNAL_CLASS, 'internal-inline'] },
          children: [
            label('span', 'Internal:'),
            { type: 'text', value: ' ' },
            ...children,
            {
              type: 'element',
              tagName: 'span',
              properties: { className: ['visually-hidden'], dataPagefindIgnore: '' },
              children: [{ type: 'text', value: ' (end of internal text)' }],
            },
          ],
        };
  state.patch(node as never, element);
  return state.applyData(node as never, element);
}

function jsxElement(config: PostmortemConfig, page: URL | undefined, imageUrl: (url: string) => string): Handler {
  return (state: State, node: MdxJsxElement) => {
    const name = node.name;
    if (name === INTERNAL_ELEMENT) {
      if (node.attributes.length) refuse(`an attribute on <${INTERNAL_ELEMENT}>`)(state, node as never, undefined);
      return internalPart(state, node);
    }
    if (!name || !allowedElement(config, name)) refuse(`the element <${name ?? ''}>`)(state, node as never, undefined);
    const properties: Properties = {};
    for (const attr of node.attributes) {
      if (attr.type !== 'mdxJsxAttribute' || !attr.name || !allowedAttribute(config, name!, attr.name)) {
        refuse(`the attribute ${attr.name ?? '{…}'} on <${name}>`)(state, node as never, undefined);
      }
      if (takesPageId(attr.name, attr.value)) refuse(`the page's own id ${attr.value} on <${name}>`)(state, node as never, undefined);
      // A bare attribute (`<details open>`) is `true`; anything but a literal string is code.
      if (attr.value === null || attr.value === undefined) properties[attr.name!] = true;
      else if (typeof attr.value === 'string') {
        // A URL attribute is decided as the rules decide it; a resource (`src`) is an image, published by hash.
        const decision = attributeDecision(name!, attr.name!, attr.value, page);
        decided(decision, node);
        properties[attr.name!] = decision.use === 'resource' ? published(imageUrl, attr.value, node) : attr.value;
      } else refuse(`an expression in ${attr.name} on <${name}>`)(state, node as never, undefined);
    }
    const element: Element = { type: 'element', tagName: name!, properties, children: state.all(node as never) as ElementContent[] };
    state.patch(node as never, element);
    return state.applyData(node as never, element);
  };
}

/**
 * The hast tree the site publishes for `tree`: every node type on purpose, every URL decided by `urls.ts` against the
 * page (images only from files beside the postmortem, published by hash), and each reference through the first
 * definition of its label. Whatever the rules should have refused stops it (`UnsafeContentError`).
 */
export async function renderTree(tree: Root, options: RenderOptions): Promise<HastRoot> {
  const { page, imageUrl } = options;
  // Highlighting is asynchronous and the tree conversion is not: highlight every code block first. It only colours
  // text: should it fail, the block stays plain, as in `check`, which never highlights.
  const highlighted = new Map<Code, Element>();
  const { highlight } = options;
  if (highlight) {
    for (const node of walk(tree)) {
      if (node.type !== 'code') continue;
      const code = node as Code;
      try {
        const element = await highlight(code.value, code.lang ?? undefined);
        if (element) highlighted.set(code, element);
      } catch {
        // Left plain (the default handler below).
      }
    }
  }
  const definitions = firstDefinitions(nodesOf(tree));
  const jsx = jsxElement(options.config, page, imageUrl);
  function img(state: State, node: Image | ImageReference, url: string, title: string | null | undefined): Element {
    decided(imageDecision(url, page), node);
    const properties: Properties = { src: published(imageUrl, url, node), alt: node.alt ?? '' };
    if (title) properties['title'] = title;
    const element: Element = { type: 'element', tagName: 'img', properties, children: [] };
    state.patch(node, element);
    return state.applyData(node, element);
  }
  function a(state: State, node: Link | LinkReference, url: string, title: string | null | undefined): Element {
    decided(linkDecision(url, page), node);
    // The URL as decided, never re-encoded: the browser reads exactly the string the decision read.
    const properties: Properties = { href: url };
    if (title) properties['title'] = title;
    const element: Element = { type: 'element', tagName: 'a', properties, children: state.all(node) as ElementContent[] };
    state.patch(node, element);
    return state.applyData(node, element);
  }
  return toHast(tree, {
    handlers: {
      code: (state, node: Code) => highlighted.get(node) ?? defaultHandlers.code(state, node),
      image: (state, node: Image) => img(state, node, node.url, node.title),
      imageReference: (state, node: ImageReference) => {
        const definition = definitions.get(definitionKey(node.identifier));
        return definition ? img(state, node, definition.url, definition.title) : defaultHandlers.imageReference(state, node);
      },
      listItem: (state, node: ListItem, parent) => taskState(defaultHandlers.listItem(state, node, parent), node.checked),
      link: (state, node: Link) => a(state, node, node.url, node.title),
      linkReference: (state, node: LinkReference) => {
        const definition = definitions.get(definitionKey(node.identifier));
        return definition ? a(state, node, definition.url, definition.title) : defaultHandlers.linkReference(state, node);
      },
      mdxJsxFlowElement: jsx,
      mdxJsxTextElement: jsx,
      mdxFlowExpression: refuse('an expression'),
      mdxTextExpression: refuse('an expression'),
      mdxjsEsm: refuse('import/export'),
      html: refuse('raw HTML'),
    },
    // A node type no handler above or in mdast-util-to-hast knows is refused, never turned into a guess.
    unknownHandler: (state, node) => refuse(`a \`${node.type}\` node`)(state, node as never, undefined),
  }) as HastRoot;
}

/**
 * A task list item's state as text, where mdast-util-to-hast puts a disabled checkbox: a form control with no name
 * (axe's `label`, critical) in a page nothing submits. A mark the eye reads, and words a screen reader reads instead.
 */
function taskState(item: Element, checked: boolean | null | undefined): Element {
  if (typeof checked !== 'boolean') return item;
  const isBox = (n: ElementContent) => n.type === 'element' && n.tagName === 'input';
  const holder = item.children.find(isBox) ? item : item.children.find((n): n is Element => n.type === 'element' && n.children.some(isBox));
  if (!holder) return item;
  const state: ElementContent[] = [
    {
      type: 'element',
      tagName: 'span',
      properties: { className: ['task-mark'], ariaHidden: 'true' },
      children: [{ type: 'text', value: checked ? '☑' : '☐' }],
    },
    {
      type: 'element',
      tagName: 'span',
      properties: { className: ['visually-hidden'] },
      children: [{ type: 'text', value: checked ? 'Done: ' : 'Not done: ' }],
    },
  ];
  holder.children.splice(holder.children.findIndex(isBox), 1, ...state);
  return item;
}

/**
 * The article's HTML and outline only, without the page's own parts (places, phases): the writing page's preview,
 * which must not load what those need.
 */
export async function renderHtml(tree: Root, options: RenderOptions): Promise<Pick<RenderedBody, 'html' | 'headings'>> {
  const hast = await renderTree(tree, options);
  const [{ toHtml }, { default: GithubSlugger }] = await Promise.all([import('hast-util-to-html'), import('github-slugger')]);
  const headings = addHeadingIds(hast, pageSlugger(new GithubSlugger(), hast));
  return { html: toHtml(hast), headings };
}

export async function renderBody(tree: Root, options: RenderOptions): Promise<RenderedBody> {
  const [{ annotateTimeline, htmlWithPlaces, prepareFactorsBlock }, { default: GithubSlugger }] = await Promise.all([
    import('./article-places.ts'),
    import('github-slugger'),
  ]);
  // The page's own parts: the factors block's place and the timeline's phases (`check` renders without them).
  prepareFactorsBlock(tree);
  const timeline = options.incident ? annotateTimeline(tree, options.config.timelineSection, options.incident) : [];
  const hast = await renderTree(tree, options);
  const headings = addHeadingIds(hast, pageSlugger(new GithubSlugger(), hast));
  const { html, places } = htmlWithPlaces(hast);
  return { html, headings, places, timeline };
}

/**
 * A slugger that has already given out the page's own ids (page-ids.ts) and those the article's elements have
 * (`givenIds`), so no heading takes one: a heading "Timeline" beside `<abbr id="timeline">` gets `timeline-1`, and the contents
 * link to the heading, not to the abbreviation.
 */
function pageSlugger<S extends { slug(text: string): string }>(slugger: S, root: HastRoot): S {
  for (const id of PAGE_IDS) slugger.slug(id);
  for (const id of givenIds(root)) slugger.slug(id);
  return slugger;
}

/**
 * The `id`s the article's elements have before its headings get theirs: those the author wrote (`<abbr id=…>`) and
 * those mdast-util-to-hast gave footnotes (`user-content-fn-1`, and `footnote-label` on their heading).
 */
function givenIds(root: HastRoot): string[] {
  return nodesOf(root).flatMap((node) => {
    const id = node.type === 'element' ? (node as Element).properties['id'] : undefined;
    return typeof id === 'string' ? [id] : [];
  });
}

/** `id`s on headings as Astro's Markdown pipeline sets them (GitHub's slugs of the heading text), and the outline. */
function addHeadingIds(root: HastRoot, slugger: { slug(text: string): string }): RenderedHeading[] {
  const headings: RenderedHeading[] = [];
  // Depth first in document order, each node with whether it is inside an internal part (no recursion: deep lists).
  const stack: [Node, boolean][] = [[root, false]];
  while (stack.length) {
    const [node, inInternal] = stack.pop()!;
    const el = node as Element;
    const internal =
      inInternal ||
      (el.type === 'element' &&
        el.tagName === 'div' &&
        ((el.properties['className'] as string[] | undefined) ?? []).includes(INTERNAL_CLASS));
    if (el.type === 'element' && /^h[1-6]$/.test(el.tagName)) {
      // A heading with an id already is not the author's section: the footnotes' (visually hidden) label, which every
      // reference's `aria-describedby` names. It keeps its id and stays out of the outline.
      if (typeof el.properties['id'] === 'string') continue;
      const text = textContent(el);
      // A heading with no words (`##`, `## !!!`) has no slug: no `id=""`, and nothing for the contents to name.
      const slug = text.trim() ? slugger.slug(text) : '';
      if (!slug) continue;
      el.properties['id'] = slug;
      headings.push({ depth: Number(el.tagName[1]), slug, text, ...(internal ? { internal: true as const } : {}) });
      continue;
    }
    const children = (node as { children?: Node[] }).children ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, internal]);
  }
  return headings;
}

function textContent(node: ElementContent | Element): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element') return node.children.map(textContent).join('');
  return '';
}
