/**
 * Code highlighting with Shiki (the highlighter and theme Astro's Markdown
 * uses), with colours as classes instead of inline styles so the
 * Content-Security-Policy needs no `'unsafe-inline'` for styles. The classes
 * and their colours come from the theme itself: `highlightStylesheet()` is the
 * whole stylesheet for every colour the theme can produce.
 */
import type { Element } from 'hast';
import { bundledLanguages, createHighlighter, isSpecialLang, type BundledLanguage, type Highlighter } from 'shiki';

const THEME = 'github-dark';

// Shiki stops tokenizing a line after 500 ms by default and leaves the rest as one token: on a loaded machine the
// same page came out highlighted differently from one build to the next. Lines past a length are left plain
// instead (the same output on every machine), and the time limit only guards against a grammar that never ends.
const MAX_HIGHLIGHTED_LINE = 2_000;
const LINE_TIME_LIMIT_MS = 10_000;

let highlighter: Promise<Highlighter> | undefined;

function getHighlighter(): Promise<Highlighter> {
  highlighter ??= createHighlighter({ themes: [THEME], langs: [] });
  return highlighter;
}

/** `color:#E1E4E8` → `hl-e1e4e8`; `background-color:#24292e;color:#e1e4e8` on the block → `hl-bg`. */
function colourClass(style: string): string[] {
  const classes: string[] = [];
  for (const decl of style.split(';')) {
    const [prop, value] = decl.split(':').map((s) => s.trim().toLowerCase());
    if (prop === 'color' && value && /^#[0-9a-f]{3,8}$/.test(value)) classes.push(`hl-${value.slice(1)}`);
    else if (prop === 'font-style' && value === 'italic') classes.push('hl-i');
    else if (prop === 'font-weight' && value === 'bold') classes.push('hl-b');
    else if (prop === 'text-decoration' && value === 'underline') classes.push('hl-u');
  }
  return classes;
}

export async function highlightCode(code: string, lang: string | undefined): Promise<Element> {
  const hl = await getHighlighter();
  // As Astro does: an unknown language is shown as plain text, and named so.
  let language = lang ?? 'plaintext';
  if (!isSpecialLang(language) && !hl.getLoadedLanguages().includes(language)) {
    if (Object.hasOwn(bundledLanguages, language)) await hl.loadLanguage(language as BundledLanguage);
    else language = 'plaintext';
  }
  const root = hl.codeToHast(code.replace(/(?:\r\n|\r|\n)$/, ''), {
    lang: language,
    theme: THEME,
    tokenizeMaxLineLength: MAX_HIGHLIGHTED_LINE,
    tokenizeTimeLimit: LINE_TIME_LIMIT_MS,
    transformers: [
      {
        pre(node) {
          node.properties['class'] = `astro-code ${THEME}`;
          delete node.properties['style'];
          node.properties['dataLanguage'] = language;
        },
        span(node) {
          const style = node.properties['style'];
          if (typeof style !== 'string') return;
          delete node.properties['style'];
          node.properties['class'] = colourClass(style).join(' ');
        },
      },
    ],
  });
  return root.children[0] as Element;
}

/** Every colour class the theme can produce, and the code block's own colours: the whole stylesheet, from the theme. */
export async function highlightStylesheet(): Promise<string> {
  const hl = await getHighlighter();
  const theme = hl.getTheme(THEME);
  const colours = new Set<string>();
  for (const m of JSON.stringify(theme).matchAll(/"#([0-9a-fA-F]{3,8})"/g)) colours.add(m[1]!.toLowerCase());
  const rules = [...colours].sort().map((c) => `.hl-${c}{color:#${c}}`);
  return [
    `.astro-code.${THEME}{background-color:${theme.bg};color:${theme.fg};overflow-x:auto}`,
    ...rules,
    '.hl-i{font-style:italic}',
    '.hl-b{font-weight:bold}',
    '.hl-u{text-decoration:underline}',
    '',
  ].join('\n');
}
