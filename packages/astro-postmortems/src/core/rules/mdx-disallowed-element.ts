import type { Node } from 'unist';
import type { Rule } from '../rule.ts';
import { code } from '../rule.ts';
import { startOf, walk } from '../utils/mdast.ts';
import { INTERNAL_ELEMENT } from '../publishing.ts';

interface JsxAttribute extends Node {
  type: 'mdxJsxAttribute' | 'mdxJsxExpressionAttribute';
  name?: string;
  value?: string | { type: string; value: string } | null;
}

export function jsxAttributes(node: Node): JsxAttribute[] {
  if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return [];
  return ((node as { attributes?: JsxAttribute[] }).attributes ?? []);
}

const SAFE_SCHEMES = new Set(['http', 'https', 'mailto']);

/** The scheme a browser would see, ignoring the whitespace and control characters browsers strip. */
export function urlScheme(url: string): string | undefined {
  const cleaned = url.replace(/[\u0000-\u0020\u007f-\u009f\u00ad\u200b-\u200f\u2028\u2029\ufeff]/g, '');
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(cleaned);
  return m ? m[1]!.toLowerCase() : undefined;
}

export function isUnsafeUrl(url: string): boolean {
  const scheme = urlScheme(url);
  return scheme !== undefined && !SAFE_SCHEMES.has(scheme);
}

/** Schemes that run code wherever a component might use a value as a URL; other `word:` text, such as `title="Note: …"`, is prose. */
const SCRIPT_SCHEMES = new Set(['javascript', 'vbscript']);

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'cite', 'poster', 'background', 'srcset', 'data']);

export const mdxDisallowedElement: Rule = {
  id: 'mdx/disallowed-element',
  level: 'error',
  description: 'Only allow-listed elements with literal, safe attributes; no unsafe URLs in links or images.',
  docs: {
    meaning: 'An element outside the allow-list, an attribute that is not allowed or not literal, an `on*=` handler or a `javascript:` URL. `<Internal>` (which marks part of the body internal, docs/format.md) is always allowed, and takes no attribute.',
    fix: 'Use Markdown, `<Internal>…</Internal>`, or one of the allowed elements (`br`, `sup`, `sub`, `kbd`, `abbr`, `mark`, `del`, `ins`, `details`, `summary`).',
    trigger: '`<script>`, `<iframe>`, `<a onclick="…">`',
    ok: [{ fixture: 'ok-allow-listed.mdx' }],
    notOk: [{ fixture: 'not-ok-script.mdx', message: 'Unexpected element `<script>` (it could run code or load content from elsewhere), expected Markdown, `<Internal>` or one of `br`, `sup`, `sub`, `kbd`, `abbr`, `mark`, `del`, `ins`, `details`, `summary`; remove it, or write `\\<` for a literal `<`' }],
  },
  check(ctx) {
    if (!ctx.tree) return;
    const allowed = ctx.config.allowedElements;
    const allowedNames = Object.keys(allowed).map(code).join(', ');
    for (const node of walk(ctx.tree)) {
      if (node.type === 'link' || node.type === 'image' || node.type === 'definition') {
        const url = (node as { url?: string }).url ?? '';
        if (isUnsafeUrl(url)) {
          ctx.report(startOf(node), `Unexpected \`${urlScheme(url)}:\` URL in a ${node.type === 'image' ? 'image' : 'link'}, expected an \`https:\`, \`mailto:\` or relative URL; remove the link`);
        }
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
          ctx.report(startOf(attr) ?? startOf(node), `Unexpected attribute ${code(attr.name ?? '{…}')} on \`<${INTERNAL_ELEMENT}>\`, expected none: \`<${INTERNAL_ELEMENT}>…</${INTERNAL_ELEMENT}>\` only marks what it holds internal; remove the attribute`);
        }
        continue;
      }
      const spec = Object.hasOwn(allowed, name) ? allowed[name] : undefined;
      if (!spec) {
        const hint = /^(script|style|iframe|object|embed|link|meta|base|form|svg|math)$/i.test(name)
          ? ' (it could run code or load content from elsewhere)'
          : name.toLowerCase() === INTERNAL_ELEMENT.toLowerCase()
            ? ` (internal parts are marked with \`<${INTERNAL_ELEMENT}>\`, capital I)`
            : '';
        ctx.report(startOf(node), `Unexpected element ${code(`<${name}>`)}${hint}, expected Markdown, \`<${INTERNAL_ELEMENT}>\` or one of ${allowedNames}; remove it, or write \`\\<\` for a literal \`<\``);
        continue;
      }
      const attrsAllowed = new Set([...ctx.config.globalAttributes, ...spec.attributes]);
      for (const attr of jsxAttributes(node)) {
        if (attr.type !== 'mdxJsxAttribute' || !attr.name) continue;
        const at = startOf(attr) ?? startOf(node);
        const lower = attr.name.toLowerCase();
        if (lower.startsWith('on')) {
          ctx.report(at, `Unexpected event handler ${code(attr.name)} on ${code(`<${name}>`)}, expected no scripting in a postmortem; remove the attribute`);
        } else if (typeof attr.value === 'string' && (URL_ATTRIBUTES.has(lower) ? isUnsafeUrl(attr.value) : SCRIPT_SCHEMES.has(urlScheme(attr.value) ?? ''))) {
          ctx.report(at, `Unexpected \`${urlScheme(attr.value)}:\` URL in ${code(attr.name)} on ${code(`<${name}>`)}, expected an \`https:\` or relative URL; remove it`);
        } else if (!attrsAllowed.has(attr.name)) {
          const list = [...attrsAllowed].map(code).join(', ');
          ctx.report(at, `Unexpected attribute ${code(attr.name)} on ${code(`<${name}>`)}, expected one of ${list}; remove it`);
        }
      }
    }
  },
};
