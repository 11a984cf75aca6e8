import { expectMessage, type Cases } from './harness.ts';

const invisible = expectMessage('text/invisible', 'error');

export default {
  // Emoji (a variation selector, a joiner between pictographs, a flag's tags) and the joiners Persian and Devanagari need.
  'ok-emoji-and-scripts.mdx': [],
  // A bidi override and its pop in the title, a YAML `\u200B` in an action item, a `&#x2063;` reference in the body.
  'not-ok-bidi-override.mdx': [
    invisible(2, 36, 'U+202E (RIGHT-TO-LEFT OVERRIDE) in the frontmatter'),
    invisible(2, 43, 'U+202C (POP DIRECTIONAL FORMATTING) in the frontmatter'),
    invisible(15, 50, 'U+200B (ZERO WIDTH SPACE) in the frontmatter'),
    invisible(27, 42, 'U+2063 (INVISIBLE SEPARATOR)'),
  ],
} satisfies Cases;
