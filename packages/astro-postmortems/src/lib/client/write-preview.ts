/**
 * The writing page's second guard on the preview. The renderer (`integration/render.ts`) already refuses every
 * element, attribute and URL the rules refuse; before its HTML is shown, this checks the parsed result once more
 * against what the renderer can produce: the Markdown elements, the configured allow-list, no `on…` handler, no
 * `style`, no URL but http(s), mailto, a fragment or a path of the site (as `core/urls.ts` reads it: no other scheme, no
 * other host written without one, no control character, no list of URLs). The HTML is parsed in an inert `<template>` (nothing
 * loads, nothing runs), and shown only if every node passes.
 */
import type { PostmortemConfig } from '../../core/config.ts';
import { CODE_ELEMENTS, unsafeAttribute } from '../../core/unsafe-markup.ts';
import { attributeUse, linkDecision } from '../../core/urls.ts';

/** What mdast-util-to-hast and the renderer make of Markdown and GFM (tables, task lists as text, footnotes). */
const MARKDOWN_ELEMENTS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'a',
  'img',
  'em',
  'strong',
  'code',
  'pre',
  'blockquote',
  'hr',
  'br',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'del',
  'sup',
  'section',
  'span',
  'div',
]);

const MARKDOWN_ATTRIBUTES = new Set(['href', 'src', 'alt', 'title', 'id', 'class', 'align', 'start', 'colspan', 'rowspan']);

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'cite', 'poster', 'background', 'srcset', 'data']);

export type PreviewCheck = { ok: true; fragment: DocumentFragment } | { ok: false; problem: string };

export function checkPreview(html: string, config: PostmortemConfig): PreviewCheck {
  const template = document.createElement('template');
  template.innerHTML = html;
  // Markdown's own (an image, a table), and what the configuration allows of the rest (unsafe-markup.ts).
  const elements = new Set([
    ...MARKDOWN_ELEMENTS,
    ...Object.keys(config.allowedElements).filter((e) => !CODE_ELEMENTS.has(e.toLowerCase())),
  ]);
  for (const element of template.content.querySelectorAll('*')) {
    const name = element.localName;
    if (!elements.has(name) || element.namespaceURI !== 'http://www.w3.org/1999/xhtml')
      return { ok: false, problem: `unexpected element <${name}>` };
    const allowed = new Set([
      ...MARKDOWN_ATTRIBUTES,
      ...config.globalAttributes,
      ...(Object.hasOwn(config.allowedElements, name) ? config.allowedElements[name]!.attributes : []),
    ]);
    for (const attribute of element.attributes) {
      const attr = attribute.name.toLowerCase();
      if (unsafeAttribute(attr)) return { ok: false, problem: `unexpected attribute ${attr} on <${name}>` };
      if (!allowed.has(attr) && !/^(?:data|aria)-[a-z0-9-]+$/.test(attr))
        return { ok: false, problem: `unexpected attribute ${attr} on <${name}>` };
      if (URL_ATTRIBUTES.has(attr) && (attributeUse(attr) === 'list' || !linkDecision(attribute.value).ok))
        return { ok: false, problem: `unexpected URL in ${attr} on <${name}>` };
    }
  }
  return { ok: true, fragment: template.content };
}
