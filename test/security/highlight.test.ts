/**
 * Code colouring stays cheap whatever a postmortem holds (integration/highlight.ts): only the listed languages'
 * grammars run, and at most `HIGHLIGHT_BUDGET` characters of one file are coloured. Before, a 61 KB postmortem
 * quoting AutoHotkey made a build take 50 s instead of 5. `npm run bench:highlight` measures every listed grammar.
 */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../packages/astro-postmortems/src/core/config.ts';
import { parsePostmortem } from '../../packages/astro-postmortems/src/core/parse.ts';
import {
  fileHighlighter,
  HIGHLIGHT_BUDGET,
  HIGHLIGHTED_LANGUAGES,
  highlightCode,
} from '../../packages/astro-postmortems/src/integration/highlight.ts';
import { renderBody } from '../../packages/astro-postmortems/src/integration/render.ts';
import { threadCpuMs } from '../../scripts/shared/thread-cpu.ts';

const config = resolveConfig({});
/** The article as the build renders it: one highlighter per file. */
const render = async (body: string) => {
  const file = parsePostmortem('postmortems/2025-06-10-x.mdx', `---\ntitle: x\n---\n\n${body}\n`);
  return (await renderBody(file.tree!, { config, imageUrl: (url) => `/img/${url}`, highlight: fileHighlighter() })).html;
};
const language = (html: string) => [...html.matchAll(/data-language="([^"]*)"/g)].map((m) => m[1]);
const coloured = (html: string) => /<span class="hl-/.test(html);
/** CPU time of an async render (the highlighter's work is all on this thread). */
async function cpuOf(work: () => Promise<unknown>): Promise<number> {
  const start = threadCpuMs();
  await work();
  return threadCpuMs(start);
}

describe('code colouring', () => {
  it('colours the listed languages and their aliases', async () => {
    for (const lang of ['sh', 'bash', 'yaml', 'yml', 'json', 'sql', 'ts', 'python', 'go', 'hcl', 'diff', 'log', 'dockerfile', 'html']) {
      expect(HIGHLIGHTED_LANGUAGES.has(lang), lang).toBe(true);
      const html = await render(`\`\`\`${lang}\nname: "value" # 1 -- x = 1;\n\`\`\``);
      expect(coloured(html), lang).toBe(true);
    }
  });

  it('shows any other language as plain text, named so: a grammar outside the list never runs', async () => {
    for (const lang of ['ahk', 'autohotkey', 'ruby', 'erlang', 'cpp', 'markdown']) {
      expect(HIGHLIGHTED_LANGUAGES.has(lang), lang).toBe(false);
      const html = await render(`\`\`\`${lang}\nname: "value"\n\`\`\``);
      expect(language(html)).toEqual(['plaintext']);
      expect(coloured(html), lang).toBe(false);
    }
  });

  it('colours blocks until the file has used its budget, then leaves the rest plain', async () => {
    const block = (n: number) => `\`\`\`json\n${'{"a": 1}\n'.repeat(n)}\`\`\``;
    const lines = Math.floor(HIGHLIGHT_BUDGET / 9);
    const html = await render([block(Math.floor(lines / 2)), block(Math.floor(lines / 2) - 1), block(2), block(1)].join('\n\n'));
    const blocks = html.split('<pre').slice(1);
    expect(blocks.map(coloured)).toEqual([true, true, false, false]);
    // Each file has its own budget.
    expect(coloured(await render(block(1)))).toBe(true);
  });

  it("costs about a second at most on a file full of the slowest listed grammar's worst lines, and nothing for AutoHotkey's", async () => {
    // Blocks of `bat`'s worst line (the slowest listed grammar, ~0.12 s for one 2,000-character line), each just under
    // the budget, filling the file: the first is coloured, the rest are not. And AutoHotkey's worst (1.8 s a line
    // before this list): 50 s of CPU for this file before. The guards leave headroom for a loaded machine.
    const bat = `\`\`\`bat\n${`${'('.repeat(1999)}\n`.repeat(8)}\`\`\``;
    const ahk = `\`\`\`ahk\n${`${'aa.'.repeat(666)}\n`.repeat(30)}\`\`\``;
    await highlightCode('warm', 'bat');
    let html = '';
    expect(await cpuOf(async () => (html = await render(Array(4).fill(bat).join('\n\n'))))).toBeLessThan(5_000);
    expect(html.split('<pre').slice(1).map(coloured)).toEqual([true, false, false, false]);
    expect(await cpuOf(() => render(ahk))).toBeLessThan(5_000);
  });
});
