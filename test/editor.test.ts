import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

/** VS Code's settings files are JSON with comments. */
async function jsonc(path: string): Promise<Record<string, unknown>> {
  const text = await readFile(new URL(`../${path}`, import.meta.url), 'utf8');
  return JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as Record<string, unknown>;
}

describe('editor support', () => {
  it('recommends the remark, Astro and YAML extensions', async () => {
    const { recommendations } = await jsonc('.vscode/extensions.json');
    expect(recommendations).toEqual(expect.arrayContaining(['unifiedjs.vscode-remark', 'astro-build.astro-vscode']));
  });

  it('lets the remark language server see postmortems, with the project preset only', async () => {
    const settings = await jsonc('.vscode/settings.json');
    expect(settings['files.associations']).toMatchObject({ '**/postmortems/**/*.mdx': 'markdown' });
    expect(settings['remark.requireConfig']).toBe(true);
    // The preset the language server loads: the same rules as `npm run check`.
    expect(existsSync(new URL('../.remarkrc.mjs', import.meta.url))).toBe(true);
  });

  it('turns on frontmatter completion from the JSON Schema', async () => {
    const settings = await jsonc('.vscode/settings.json');
    expect(settings['astro.content-intellisense']).toBe(true);
  });
});
