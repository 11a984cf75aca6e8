import type { Definition, ImageReference, Link, LinkReference } from 'mdast';
import type { Node } from 'unist';
import type { PostmortemConfig } from '../config.ts';
import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { INTERNAL_ELEMENT } from '../publishing.ts';
import { CODE_ELEMENTS, unsafeAttribute } from '../unsafe-markup.ts';
import { FOOTNOTE_ID_PREFIX, FOOTNOTE_LABEL_ID, PAGE_IDS, takesPageId } from '../page-ids.ts';
import { attributeDecision, linkDecision, pageUrl } from '../urls.ts';
import { definitionKey, firstDefinitions, startOf } from '../utils/mdast.ts';

interface JsxAttribute extends Node {
  type: 'mdxJsxAttribute' | 'mdxJsxExpressionAttribute';
  name?: string;
  value?: string | { type: string; value: string } | null;
}

/** Whether `<element>` is rendered: allowed by the configuration, and not one that can run code or load (unsafe-markup.ts). */
export function allowedElement(config: PostmortemConfig, element: string): boolean {
  return Object.hasOwn(config.allowedElements, element) && !CODE_ELEMENTS.has(element.toLowerCase());
}

export function jsxAttributes(node: Node): JsxAttribute[] {
  if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return [];
  return (node as { attributes?: JsxAttribute[] }).attributes ?? [];
}

/**
 * Whether `<element name=…>` is rendered: an allowed element, an attribute allowed on it, and nothing that can run
 * code or load (unsafe-markup.ts: the configuration cannot allow those, and this holds even for one built without
 * its validation).
 */
export function allowedAttribute(config: PostmortemConfig, element: string, name: string): boolean {
  const spec = allowedElement(config, element) ? config.allowedElements[element] : undefined;
  if (!spec || unsafeAttribute(name)) return false;
  return config.globalAttributes.includes(name) || spec.attributes.includes(name);
}

/**
 * The definitions decided as links: the first of each label (CommonMark: a later one with the same label is never
 * used, and puts nothing on the page), except those only images use (`![x][label]`), whose URL is an image's and
 * `image/source`'s to decide.
 */
function linkDefinitions(nodes: readonly Node[]): Set<Definition> {
  const first = firstDefinitions(nodes);
  const byImages = new Set<Definition>();
  const byLinks = new Set<Definition>();
  for (const node of nodes) {
    if (node.type !== 'imageReference' && node.type !== 'linkReference') continue;
    const definition = first.get(definitionKey((node as ImageReference | LinkReference).identifier));
    if (definition) (node.type === 'imageReference' ? byImages : byLinks).add(definition);
  }
  return new Set([...first.values()].filter((d) => byLinks.has(d) || !byImages.has(d)));
}

export const mdxDisallowedElement: Rule = {
  id: 'mdx/disallowed-element',
  level: 'error',
  description: 'Only allow-listed elements with literal, safe attributes; no unsafe URLs in links.',
  docs: {
    meaning:
      'An element outside the allow-list, an attribute that is not allowed or not literal, an `on*=` handler, a link (or link definition, or URL attribute such as `href`) with a scheme other than `https:`, `http:` or `mailto:` (`javascript:`, `data:`…), or one that names another host without a scheme (`//host`, `/\\host`: it reads as a path of the site and opens another). URLs are read as a browser reads them: after character references, with tabs and line breaks removed and `\\` as `/`. When one label is defined twice, the first definition is the one used (CommonMark), and the one checked. Images are `image/source`\'s. `<Internal>` (which marks part of the body internal, docs/format.md) is always allowed, and takes no attribute. An `id` may not be one the page gives its own elements (`main`, `toc-title`, `related-incidents`…) or footnotes (`footnote-label`, `user-content-…`), nor one another element of the postmortem has: two elements with one id make a link, the contents or an `aria-` reference name either. A heading never takes one of them: “Related incidents” gets `related-incidents-1`, and “Timeline” beside `<abbr id="timeline">` gets `timeline-1`. Elements and attributes that could run code or load content are refused whatever the configuration allows.',
    fix: 'Use Markdown, `<Internal>…</Internal>`, or one of the allowed elements (`br`, `sup`, `sub`, `kbd`, `abbr`, `mark`, `del`, `ins`, `details`, `summary`).',
    trigger: '`<script>`, `<iframe>`, `<a onclick="…">`',
    ok: [{ fixture: 'ok-allow-listed.mdx' }],
    notOk: [
      {
        fixture: 'not-ok-script.mdx',
        message:
          'Unexpected element `<script>` (it could run code or load content from elsewhere), expected Markdown, `<Internal>` or one of `br`, `sup`, `sub`, `kbd`, `abbr`, `mark`, `del`, `ins`, `details`, `summary`; remove it, or write `\\<` for a literal `<`',
      },
    ],
  },
  check(ctx) {
    if (!ctx.tree) return;
    const allowed = ctx.config.allowedElements;
    const allowedNames = Object.keys(allowed).map(code).join(', ');
    const page = pageUrl(ctx.file.id, ctx.config.siteUrl, ctx.config.basePath);
    const asLinks = linkDefinitions(ctx.nodes());
    // Ids written so far, with their line: a second element with one makes a link or an `aria-` reference name either.
    const ids = new Map<string, number>();
    for (const node of ctx.nodes()) {
      // Links and the definitions they use, decided as a browser reads them (`urls.ts`); images are `image/source`'s.
      if (node.type === 'link' || (node.type === 'definition' && asLinks.has(node as Definition))) {
        const decided = linkDecision((node as Link | Definition).url, page);
        if (!decided.ok) ctx.report(startOf(node), decided.problem);
        continue;
      }
      if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') continue;
      const name = (node as { name?: string | null }).name;
      if (!name) {
        ctx.report(startOf(node), 'Unexpected fragment `<>`, expected plain Markdown; remove the `<>` and `</>`');
        continue;
      }
      if (name === INTERNAL_ELEMENT) {
        // The format's own element (docs/format.md, "Drafts and two audiences"): its meaning is fixed, so nothing may change it.
        for (const attr of jsxAttributes(node)) {
          ctx.report(
            startOf(attr) ?? startOf(node),
            `Unexpected attribute ${code(attr.name ?? '{…}')} on \`<${INTERNAL_ELEMENT}>\`, expected none: \`<${INTERNAL_ELEMENT}>…</${INTERNAL_ELEMENT}>\` only marks what it holds internal; remove the attribute`,
          );
        }
        continue;
      }
      const spec = allowedElement(ctx.config, name) ? allowed[name] : undefined;
      if (!spec) {
        const hint = CODE_ELEMENTS.has(name.toLowerCase())
          ? ' (it could run code or load content from elsewhere)'
          : name.toLowerCase() === INTERNAL_ELEMENT.toLowerCase()
            ? ` (internal parts are marked with \`<${INTERNAL_ELEMENT}>\`, capital I)`
            : '';
        ctx.report(
          startOf(node),
          `Unexpected element ${code(`<${name}>`)}${hint}, expected Markdown, \`<${INTERNAL_ELEMENT}>\` or one of ${allowedNames}; remove it, or write \`\\<\` for a literal \`<\``,
        );
        continue;
      }
      const attrsAllowed = new Set([...ctx.config.globalAttributes, ...spec.attributes]);
      for (const attr of jsxAttributes(node)) {
        if (attr.type !== 'mdxJsxAttribute' || !attr.name) continue;
        const at = startOf(attr) ?? startOf(node);
        if (/^on/i.test(attr.name)) {
          ctx.report(
            at,
            `Unexpected event handler ${code(attr.name)} on ${code(`<${name}>`)}, expected no scripting in a postmortem; remove the attribute`,
          );
          continue;
        }
        if (takesPageId(attr.name, attr.value)) {
          ctx.report(
            at,
            `Unexpected id ${code(attr.value)} on ${code(`<${name}>`)}, expected one the page does not give its own elements (${[...PAGE_IDS].map(code).join(', ')}) or footnotes (${code(FOOTNOTE_LABEL_ID)}, ${code(`${FOOTNOTE_ID_PREFIX}…`)}); choose another`,
          );
          continue;
        }
        if (attr.name === 'id' && typeof attr.value === 'string') {
          const first = ids.get(attr.value);
          if (first !== undefined) {
            ctx.report(
              at,
              `Unexpected id ${code(attr.value)} on ${code(`<${name}>`)} given already on line ${first}, expected each id once; choose another`,
            );
            continue;
          }
          ids.set(attr.value, at?.line ?? 1);
        }
        // An allowed resource attribute (`src`) is an image, which `image/source` decides; a URL problem anywhere
        // else is named as such, even on an attribute that is not allowed.
        const decided = typeof attr.value === 'string' ? attributeDecision(name, attr.name, attr.value, page) : undefined;
        if (decided && !decided.ok && decided.use !== 'resource') ctx.report(at, decided.problem);
        else if (!allowedAttribute(ctx.config, name, attr.name)) {
          const list = [...attrsAllowed]
            .filter((a) => !unsafeAttribute(a))
            .map(code)
            .join(', ');
          ctx.report(at, `Unexpected attribute ${code(attr.name)} on ${code(`<${name}>`)}, expected one of ${list}; remove it`);
        }
      }
    }
  },
};
