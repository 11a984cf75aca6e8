/**
 * HTML that no configuration may allow in a postmortem (`allowedElements`, `globalAttributes`): what can run code,
 * load, embed or frame content, submit data, or change how the page around it is read. A postmortem is content,
 * never code: the configuration widens what authors may write, never into this. The allow-list itself is the
 * configuration's; this is the floor under it, checked when the configuration loads.
 */

/** Elements that run code, load or embed content, take input or submit it, or belong to the document around them. */
export const CODE_ELEMENTS: ReadonlySet<string> = new Set([
  'script',
  'noscript',
  'style',
  'link',
  'meta',
  'base',
  'title',
  'html',
  'head',
  'body',
  'iframe',
  'frame',
  'frameset',
  'fencedframe',
  'portal',
  'object',
  'embed',
  'applet',
  'param',
  'img',
  'picture',
  'source',
  'track',
  'video',
  'audio',
  'canvas',
  'image',
  'map',
  'area',
  'svg',
  'math',
  'template',
  'slot',
  'form',
  'input',
  'button',
  'select',
  'option',
  'optgroup',
  'textarea',
  'datalist',
  'output',
]);

/**
 * Attributes that run code (`on*`), style or load (`style`: CSS may fetch), hold a document (`srcdoc`), submit
 * (`action`, `formaction`), or act as a page directive (`http-equiv`, `nonce`, `is`).
 */
export function unsafeAttribute(name: string): boolean {
  return /^on/i.test(name) || UNSAFE_ATTRIBUTES.has(name.toLowerCase());
}

const UNSAFE_ATTRIBUTES: ReadonlySet<string> = new Set(['style', 'srcdoc', 'action', 'formaction', 'http-equiv', 'nonce', 'is']);
