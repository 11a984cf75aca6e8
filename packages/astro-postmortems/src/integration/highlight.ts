/**
 * Code highlighting with Shiki (the highlighter and theme Astro's Markdown
 * uses), with colours as classes instead of inline styles so the
 * Content-Security-Policy needs no `'unsafe-inline'` for styles. The classes
 * and their colours come from the theme itself: `highlightStylesheet()` is the
 * whole stylesheet for every colour the theme can produce.
 */
import type { Element } from 'hast';
import { bundledLanguagesInfo, createHighlighter, isSpecialLang, type BundledLanguage, type Highlighter } from 'shiki';

const THEME = 'github-dark';

// Shiki stops tokenizing a line after 500 ms by default and leaves the rest as one token: on a loaded machine the
// same page came out highlighted differently from one build to the next. Lines past a length are left plain
// instead (the same output on every machine), and the time limit only guards against a grammar that never ends.
const MAX_HIGHLIGHTED_LINE = 2_000;
const LINE_TIME_LIMIT_MS = 10_000;

/**
 * The languages coloured; any other, like an unknown one, is shown as plain text and named. A TextMate grammar is a
 * set of backtracking regular expressions, and some of Shiki's 346 take seconds on a crafted line: AutoHotkey's
 * took 1.8 s for one 2,000-character line, so one 61 KB postmortem quoting "ahk" made a build take 50 s instead of
 * 5, and a pull request of such files could hold CI until its timeout. These are what postmortems quote (shells,
 * configuration, queries, logs, the common programming languages), each of whose grammars loads no grammar outside
 * the list (Ruby's, Elixir's, Perl's and Erlang's load Haml or Markdown, C++'s GLSL). `npm run bench:highlight`
 * measures each on hostile lines.
 */
export const HIGHLIGHTED_LANGUAGES: ReadonlySet<string> = (() => {
  const ids = [
    'log',
    'shellscript',
    'shellsession',
    'powershell',
    'bat',
    'json',
    'jsonc',
    'yaml',
    'toml',
    'ini',
    'xml',
    'css',
    'html',
    'javascript',
    'typescript',
    'jsx',
    'tsx',
    'python',
    'go',
    'java',
    'kotlin',
    'csharp',
    'rust',
    'sql',
    'graphql',
    'hcl',
    'terraform',
    'docker',
    'nginx',
    'diff',
    'c',
    'scala',
    'swift',
    'lua',
    'haskell',
    'make',
    'groovy',
    'proto',
  ];
  return new Set(bundledLanguagesInfo.filter((l) => ids.includes(l.id)).flatMap((l) => [l.id, ...(l.aliases ?? [])]));
})();

/**
 * At most this many characters of code are coloured in one postmortem; the blocks after are plain. With the
 * slowest listed grammar at ~0.16 s of CPU for a hostile 2,000-character line (Batch's, on a line of `(`), a file
 * costs at most ~1.3 s of highlighting whatever it holds (`npm run bench:highlight`). Real postmortems quote far
 * less code than this.
 */
export const HIGHLIGHT_BUDGET = 16_384;

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

/** A highlighter for one postmortem: its blocks are coloured until `HIGHLIGHT_BUDGET` characters, then left plain. */
export function fileHighlighter(): (code: string, lang: string | undefined) => Promise<Element | undefined> {
  let used = 0;
  return async (code, lang) => {
    used += code.length;
    return used > HIGHLIGHT_BUDGET ? undefined : highlightCode(code, lang);
  };
}

export async function highlightCode(code: string, lang: string | undefined): Promise<Element> {
  const hl = await getHighlighter();
  // As Astro does: an unknown language is shown as plain text, and named so; so is one not in the list.
  let language = lang ?? 'plaintext';
  if (!isSpecialLang(language) && !hl.getLoadedLanguages().includes(language)) {
    if (HIGHLIGHTED_LANGUAGES.has(language)) await hl.loadLanguage(language as BundledLanguage);
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
