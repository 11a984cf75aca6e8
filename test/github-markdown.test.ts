/**
 * GitHub Markdown out (core/github-markdown.ts): hostile values in every place the writers put them (paragraph,
 * heading, bold, list item, table cell, link text, code span), rendered by a real GFM parser (remark-parse with
 * remark-gfm: tables, autolink literals, strikethrough, footnotes, task lists) and to HTML (mdast-util-to-hast,
 * hast-util-to-html). Nothing may become a link, image, HTML, footnote or markup; and GitHub's own text filters,
 * which run on the rendered text after Markdown (mentions, references, SHAs, emoji, autolinks), must find nothing,
 * read here with GitHub's documented patterns (helpers/github-text.ts).
 */
import fc from 'fast-check';
import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { visit } from 'unist-util-visit';
import { describe, expect, it } from 'vitest';
import {
  githubPlainText,
  markdownCode,
  markdownHref,
  markdownLink,
  markdownText,
  mention,
} from '../packages/astro-postmortems/src/core/github-markdown.ts';
import { displayText } from '../packages/astro-postmortems/src/core/terminal-text.ts';
import { FOREIGN_MARKUP, githubTextFindings, parseGfm, renderHtml } from './helpers/github-text.ts';

/** What a postmortem can put in a title, an owner, an item or a file name, aimed at GitHub. */
const HOSTILE_MARKDOWN = [
  '@org/all-staff please review',
  '@everyone @here cc @octocat',
  'contact sre@acme.example or mailto:sre@acme.example or xmpp:sre@acme.example',
  '<img src="https://tracker.example/p.png"> and <script>alert(1)</script> and <!-- hidden --> and <details open>',
  '![pixel](https://tracker.example/p.png) and ![ref][img]',
  '[the real postmortem](https://evil.example/phish) and [ref][x] and [^1] footnote',
  '<https://evil.example/autolink> and <sre@acme.example>',
  'see https://evil.example/x and www.evil.example and HTTP://EVIL.EXAMPLE',
  'fixes #123, GH-42, gh-7, acme/other#1 and acme/other@a5c3785',
  'rolled back a5c3785ed8d6a35868bc169f07e40e889087fd2e and DEADBEEF1 and 1234567',
  ':tada: :+1: :thumbs_up: :t-rex: and 10:30:00 UTC',
  '| pipes | break | tables |\n|---|---|---|',
  '**bold** __bold__ *em* _em_ ~~strike~~ ~one~ `code` ``two`` ```fence```',
  '$x^2$ and $$y$$ and \\$ and \\',
  '&#64;octocat &lt;b&gt; &amp; &copy; &#x40;',
  '# Heading',
  '> [!WARNING]\n> alert',
  '- list item',
  '1. numbered',
  '2) numbered',
  '+ plus',
  '=== setext',
  '---',
  '    indented code',
  '[ ] task and [x] done',
  'two\nlines\r\nand\u2028separators\u2029here',
  'bidi \u202eevil\u202c and \u2066isolate\u2069',
  'controls \u001b[31m red \u0007 bell \u0085 next',
  '::notice title=pwned::x and ##[warning]y',
  '`` ` ``',
  '',
];

/** How a value reads once rendered: one line, white space folded, controls and bidi shown; zero-width spaces aside. */
const reads = (value: string) => displayText(value.replace(/[\s\p{Cc}]+/gu, ' ').trim());
const visible = (text: string) => text.replaceAll('\u200b', '');

/** Node types found in `tree`, with how many of each. */
function kinds(tree: Root): Map<string, number> {
  const found = new Map<string, number>();
  visit(tree, (node) => void found.set(node.type, (found.get(node.type) ?? 0) + 1));
  return found;
}

/** The text GitHub's filters read: each block's rendered text, code spans left out (GitHub skips code). */
function filteredText(tree: Root): string[] {
  const blocks: string[] = [];
  visit(tree, (node: Nodes) => {
    if (node.type !== 'paragraph' && node.type !== 'heading' && node.type !== 'tableCell') return;
    let text = '';
    visit(node, (n: Nodes) => {
      if (n.type === 'text') text += n.value;
    });
    blocks.push(text);
  });
  return blocks;
}

describe('markdownText, markdownCode and markdownLink in every place a writer puts them', () => {
  const OK = 'https://ok.example/postmortems/x/';
  const document = [
    '| Text | Code | Link |',
    '|---|---|---|',
    ...HOSTILE_MARKDOWN.map((v) => `| ${markdownText(v)} | ${markdownCode(v, { inTable: true })} | ${markdownLink(v, OK)} |`),
    '',
    ...HOSTILE_MARKDOWN.flatMap((v) => [
      `## ${markdownText(v)}`,
      '',
      `Postmortem **${markdownText(v)}** (${markdownCode(v, { inTable: false })}).`,
      '',
      `- ${markdownText(v)}: ${markdownText(v)}`,
      '',
      markdownText(v),
      '',
    ]),
  ].join('\n');
  const tree = parseGfm(document);
  const html = renderHtml(tree);

  it('makes only the structure the writer wrote: one table, its rows and cells, headings, bold, lists, code spans, the one link', () => {
    const found = kinds(tree);
    const n = HOSTILE_MARKDOWN.length;
    for (const kind of [...FOREIGN_MARKUP, 'html', 'emphasis', 'blockquote', 'thematicBreak', 'break', 'inlineMath', 'math']) {
      expect(found.get(kind), kind).toBeUndefined();
    }
    expect(found.get('table')).toBe(1);
    expect(found.get('tableRow')).toBe(n + 1);
    expect(found.get('tableCell')).toBe(3 * (n + 1));
    expect(found.get('heading')).toBe(n);
    // `****` (an empty value in bold) is text, not a strong node: one fewer.
    expect(found.get('strong')).toBe(n - 1);
    expect(found.get('list')).toBe(n);
    expect(found.get('listItem')).toBe(n);
    expect(found.get('inlineCode')).toBe(2 * n);
    const links: string[] = [];
    visit(tree, 'link', (l) => void links.push(l.url));
    expect(links).toEqual(HOSTILE_MARKDOWN.map(() => OK));
    visit(tree, 'listItem', (item) => expect(item.checked ?? null).toBeNull());
  });

  it('renders to HTML with no element the values asked for', () => {
    expect(html).not.toMatch(/<(?:img|script|details|del|sup|section|input|blockquote|hr|pre|em|h1)\b/i);
    expect(html.match(/<a\b[^>]*>/g)).toEqual(HOSTILE_MARKDOWN.map(() => `<a href="${OK}">`));
    expect(html).not.toContain('<!--');
  });

  it('shows each value as written (white space folded, controls shown), in text and in code', () => {
    const rows: string[][] = [];
    visit(tree, 'tableRow', (row) => void rows.push(row.children.map((cell) => toString(cell))));
    rows.slice(1).forEach((cells, i) => {
      const value = HOSTILE_MARKDOWN[i]!;
      expect(visible(cells[0]!), JSON.stringify(value)).toBe(reads(value));
      expect(cells[1]!.trim(), JSON.stringify(value)).toBe(reads(value).trim());
      expect(visible(cells[2]!), JSON.stringify(value)).toBe(reads(value));
    });
    const headings: string[] = [];
    visit(tree, 'heading', (h) => void headings.push(visible(toString(h))));
    expect(headings).toEqual(HOSTILE_MARKDOWN.map(reads));
  });

  it('leaves GitHub nothing to mention, reference, autolink or turn into an emoji', () => {
    for (const text of filteredText(tree)) expect(githubTextFindings(text), JSON.stringify(text)).toEqual([]);
  });

  it('holds for generated text too', () => {
    const piece = fc.constantFrom(
      '@',
      '#',
      '1',
      'a5c3785',
      ':',
      'tada',
      '/',
      'www',
      '.',
      'https',
      '<',
      '>',
      '[',
      ']',
      '(',
      ')',
      '!',
      '*',
      '_',
      '~',
      '`',
      '|',
      '$',
      '&',
      ';',
      '\\',
      '-',
      '+',
      '=',
      ' ',
      '\n',
      'x',
      '\u202e',
      '^',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }), (pieces) => {
        const value = pieces.join('');
        const tree = parseGfm(`| a |\n|---|\n| ${markdownText(value)} |\n\n${markdownText(value)}\n`);
        const found = kinds(tree);
        expect([...found.keys()].filter((k) => !['root', 'table', 'tableRow', 'tableCell', 'paragraph', 'text'].includes(k))).toEqual([]);
        for (const text of filteredText(tree)) expect(githubTextFindings(text)).toEqual([]);
        const cells: string[] = [];
        visit(tree, 'tableCell', (cell) => void cells.push(visible(toString(cell))));
        expect(cells[1]).toBe(reads(value));
      }),
      { numRuns: 500 },
    );
  });
});

describe('githubPlainText, for issue titles, commit messages and annotations', () => {
  it('is one line that reads as written and leaves GitHub nothing to act on', () => {
    for (const value of HOSTILE_MARKDOWN) {
      const shown = githubPlainText(value);
      expect(shown).not.toMatch(/[\n\r\u2028\u2029]/);
      expect(visible(shown)).toBe(reads(value));
      expect(githubTextFindings(shown), JSON.stringify(value)).toEqual([]);
    }
  });
});

describe('mention and markdownHref: what is meant to notify or link', () => {
  it('mentions only GitHub logins', () => {
    expect(mention(['ana-sre', 'li-ops'])).toBe('@ana-sre @li-ops');
    const bad = mention(['org/all-staff', 'x](https://evil.example)', 'a\n::notice::b']);
    expect(githubTextFindings(toString(parseGfm(bad)))).toEqual([]);
    expect(kinds(parseGfm(bad)).get('link')).toBeUndefined();
  });

  it('links only absolute http(s) addresses, whatever they hold', () => {
    expect(markdownHref('javascript:alert(1)')).toBeUndefined();
    expect(markdownHref('//evil.example/x')).toBeUndefined();
    expect(markdownHref('data:text/html,x')).toBeUndefined();
    const tree = parseGfm(markdownLink('t', 'https://ok.example/a)](https://evil.example) <img src=x> "q"'));
    const links: string[] = [];
    visit(tree, 'link', (l) => void links.push(l.url));
    expect(links).toEqual(['https://ok.example/a%29%5D%28https://evil.example%29%20%3Cimg%20src=x%3E%20%22q%22']);
  });
});
