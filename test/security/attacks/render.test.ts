/**
 * What reaches the rendered HTML from text the rules allow: a code block's
 * language (which becomes `data-language` and picks a grammar), heading text
 * (which becomes an `id`), and link, image and attribute values. Each must
 * stay text: no attribute is closed early, no element is opened, no prototype
 * key picks a grammar.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../packages/astro-postmortems/src/core/config.ts';
import { lintFile } from '../../../packages/astro-postmortems/src/core/lint.ts';
import { PAGE_IDS } from '../../../packages/astro-postmortems/src/core/page-ids.ts';
import { parsePostmortem } from '../../../packages/astro-postmortems/src/core/parse.ts';
import { highlightCode } from '../../../packages/astro-postmortems/src/integration/highlight.ts';
import { renderBody } from '../../../packages/astro-postmortems/src/integration/render.ts';
import { htmlToHast } from 'satteri';

const config = resolveConfig({});
/** As the build renders (Shiki colours the code), or as the writing page's preview does (`plain`: no highlighter). */
const render = async (body: string, plain = false) => {
  const file = parsePostmortem('postmortems/2025-06-10-x.mdx', `---\ntitle: x\n---\n\n${body}\n`);
  expect(file.mdxCode).toEqual([]);
  return (await renderBody(file.tree!, { config, imageUrl: (url) => `/img/${url}`, ...(plain ? {} : { highlight: highlightCode }) })).html;
};

describe('rendered values stay text', () => {
  it.each(['__proto__', 'constructor', 'toString', 'x"onmouseover=alert(1)', "x'><script>alert(1)</script>", 'javascript'])(
    'a code block in `%s`',
    async (lang) => {
      const html = await render(`\`\`\`${lang}\nlet a = 1;\n\`\`\``);
      const attr = /<pre class="astro-code github-dark" tabindex="0" data-language="([^"]*)">/.exec(html);
      expect(attr, html).not.toBeNull();
      // Only a language Shiki ships picks a grammar; anything else is plain text, named so.
      expect(['plaintext', 'javascript']).toContain(attr![1]);
      expect(html).not.toMatch(/<script|onmouseover=/i);
      // The preview's plain code block: the language stays the value of one class, as a browser parses it.
      const plain = htmlToHast(await render(`\`\`\`${lang}\nlet a = 1;\n\`\`\``, true), { fragment: true }) as unknown as {
        children: {
          tagName: string;
          properties: Record<string, unknown>;
          children: { tagName: string; properties: Record<string, unknown> }[];
        }[];
      };
      expect(plain.children.map((n) => n.tagName)).toEqual(['pre']);
      const code = plain.children[0]!.children.filter((n) => n.tagName);
      expect(code.map((n) => [n.tagName, Object.keys(n.properties)])).toEqual([['code', ['className']]]);
      expect(code[0]!.properties['className']).toEqual([`language-${lang}`].flatMap((c) => c.split(' ')));
    },
  );

  it('heading text with quotes and markup becomes a plain id', async () => {
    const html = await render('## A "quoted" \\<b\\> heading & more');
    expect(html).toContain('<h2 id="a-quoted-b-heading--more">A “quoted” &#x3C;b> heading &#x26; more</h2>');
  });

  it('quotes in link titles, image alt text and allowed attributes are escaped', async () => {
    const html = await render(
      '[x](https://example.com "a\\" onmouseover=\\"y") ![a" onerror="b](./p.png) <abbr title=\'x" onclick="y\'>SLO</abbr>',
    );
    // Parsed as a browser would: three elements, each with only the attributes written, the quotes inside values.
    const elements: { tag: string; attributes: Record<string, unknown> }[] = [];
    const visit = (node: { type: string; tagName?: string; properties?: Record<string, unknown>; children?: unknown[] }) => {
      if (node.type === 'element' && node.tagName !== 'p') elements.push({ tag: node.tagName!, attributes: node.properties ?? {} });
      for (const child of (node.children ?? []) as (typeof node)[]) visit(child);
    };
    visit(htmlToHast(html, { fragment: true }) as never);
    expect(elements).toEqual([
      { tag: 'a', attributes: { href: 'https://example.com', title: 'a" onmouseover="y' } },
      { tag: 'img', attributes: { src: '/img/./p.png', alt: 'a” onerror=“b' } },
      { tag: 'abbr', attributes: { title: 'x" onclick="y' } },
    ]);
  });
});

describe('markup that can run code or load is never rendered, whatever the configuration holds', () => {
  // `resolveConfig` refuses such a configuration (config.test.ts); the renderer and the rule hold even for one built
  // without it. Before both, a configuration allowing them published `<script>`, `srcdoc` and `style` as written.
  const base = resolveConfig({});
  const widened = {
    ...base,
    allowedElements: { ...base.allowedElements, script: { attributes: [] }, iframe: { attributes: ['srcdoc'] } },
    globalAttributes: [...base.globalAttributes, 'style', 'onclick'],
  };
  const renderWith = async (body: string) => {
    const file = parsePostmortem('postmortems/2025-06-10-x.mdx', `---\ntitle: x\n---\n\n${body}\n`);
    return renderBody(file.tree!, { config: widened, imageUrl: (url) => url });
  };

  it.each([
    ['<script>alert(2)</script>', 'the element <script>'],
    ['<iframe srcdoc="<img src=x onerror=alert(3)>"></iframe>', 'the element <iframe>'],
    ['<abbr title="x" style="background:url(https://evil.example/p.png)">DNS</abbr>', 'the attribute style on <abbr>'],
    ['<abbr title="x" onclick="alert(4)">DNS</abbr>', 'the attribute onclick on <abbr>'],
  ])('%s', async (markup, refused) => {
    await expect(renderWith(markup)).rejects.toThrow(`Refusing to render ${refused}`);
    const file = parsePostmortem('postmortems/2025-06-10-x.mdx', `---\ntitle: x\n---\n\n${markup}\n`);
    const messages = lintFile(file, { config: widened, repository: { ids: new Map() }, today: '2026-01-15' }).messages;
    expect(messages.filter((m) => m.rule === 'mdx/disallowed-element').length).toBeGreaterThan(0);
  });

  it('and what the configuration may widen still renders (the control)', async () => {
    expect((await renderWith('<abbr title="x">DNS</abbr>')).html).toContain('<abbr title="x">DNS</abbr>');
  });
});

describe('task lists', () => {
  it('render their state as a mark and as words, never as a form control with no name (tight and loose lists alike)', async () => {
    const file = parsePostmortem(
      'postmortems/2025-06-10-x.mdx',
      '---\ntitle: x\n---\n\n- [x] One\n- [ ] Two\n\n* [x] Three\n\n  More.\n\n* Four\n',
    );
    const { html } = await renderBody(file.tree!, { config: resolveConfig({}), imageUrl: (url) => url });
    expect(html).not.toContain('<input');
    const mark = (done: boolean) =>
      `<span class="task-mark" aria-hidden="true">${done ? '☑' : '☐'}</span><span class="visually-hidden">${done ? 'Done' : 'Not done'}: </span>`;
    expect(html).toContain(`<li class="task-list-item">${mark(true)} One</li>`);
    expect(html).toContain(`<li class="task-list-item">${mark(false)} Two</li>`);
    expect(html).toContain(`<p>${mark(true)} Three</p>`);
    expect(html).toContain('<li>\n<p>Four</p>\n</li>');
  });
});

describe("a postmortem never takes the page's own ids", () => {
  const render = async (body: string) => {
    const file = parsePostmortem('postmortems/2025-06-10-x.mdx', `---\ntitle: x\n---\n\n${body}\n`);
    return renderBody(file.tree!, { config: resolveConfig({}), imageUrl: (url) => url });
  };

  it('a heading whose slug is one of them gets the next free slug', async () => {
    const { headings } = await render(
      '## Related incidents\n\nx\n\n## Similar incidents\n\nx\n\n## Main\n\nx\n\n## Main\n\nx\n\n## Timeline\n\nx',
    );
    expect(headings.map((h) => h.slug)).toEqual(['related-incidents-1', 'similar-incidents-1', 'main-1', 'main-2', 'timeline']);
    for (const { slug } of headings) expect(PAGE_IDS.has(slug)).toBe(false);
  });

  it('a heading whose slug is an id the author gave an element gets the next free slug, wherever that element is', async () => {
    const { html, headings } = await render(
      '## Timeline\n\n- 09:12 <abbr id="timeline" title="x">TL</abbr>\n\n## Notes\n\n<abbr id="notes-1" title="x">N</abbr> <abbr id="notes" title="x">N</abbr>\n\n## Notes',
    );
    expect(headings.map((h) => h.slug)).toEqual(['timeline-1', 'notes-2', 'notes-3']);
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(6);
  });

  it("footnotes keep their ids: every reference's aria-describedby and every #link names one element, and no heading takes theirs", async () => {
    const { html, headings } = await render(
      'A note[^1] and another[^b].\n\n## Footnotes\n\nx\n\n## Footnote label\n\nx\n\n## User content fn 1\n\nx\n\n[^1]: One.\n\n[^b]: Two.',
    );
    expect(headings.map((h) => h.slug)).toEqual(['footnotes', 'footnote-label-1', 'user-content-fn-1-1']);
    const ids = [...html.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const named = [...html.matchAll(/ (?:aria-describedby="|href="#)([^"]+)"/g)].map((m) => m[1]!);
    expect(named).toEqual(expect.arrayContaining(['footnote-label', 'user-content-fn-1', 'user-content-fnref-1']));
    expect(named.length).toBeGreaterThanOrEqual(6);
    for (const id of named) expect(ids).toContain(id);
  });

  it("an id attribute that is one of them, or a footnote's, is refused", async () => {
    for (const id of ['footnote-label', 'user-content-fn-1'])
      await expect(render(`<abbr id="${id}" title="x">x</abbr>`)).rejects.toThrow(`Refusing to render the page's own id ${id} on <abbr>`);

    await expect(render('<abbr id="toc-title" title="x">x</abbr>')).rejects.toThrow(
      "Refusing to render the page's own id toc-title on <abbr>",
    );
    expect((await render('<abbr id="my-note" title="x">x</abbr>')).html).toContain('id="my-note"');
  });
});
