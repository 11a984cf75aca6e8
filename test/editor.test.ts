import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import remarkParse from 'remark-parse';
import remarkStringify from 'remark-stringify';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it, test } from 'vitest';
import { resolveConfig } from '../packages/astro-postmortems/src/core/config.ts';
import { checkRepository, findPostmortems, POSTMORTEMS_DIR } from '../packages/astro-postmortems/src/core/repository.ts';
import { ruleAnchor } from '../packages/astro-postmortems/src/core/rule.ts';
import { rules } from '../packages/astro-postmortems/src/core/rules/index.ts';
import { createPreset, rulesDocsUrl } from '../packages/astro-postmortems/src/remark/preset.ts';
import { check, configFor, fixtureDir, makeRepository, repositoryWith, TODAY } from './rules/harness.ts';

/** VS Code's settings files are JSON with comments. */
async function jsonc(path: string): Promise<Record<string, unknown>> {
  const text = await readFile(new URL(`../${path}`, import.meta.url), 'utf8');
  return JSON.parse(text.replace(/^\s*\/\/.*$/gm, '')) as Record<string, unknown>;
}

describe("the editor's link to a rule's documentation", () => {
  const config = resolveConfig({ repository: { url: 'https://github.com/acme/postmortems', branch: 'main' } });

  it("is this repository's docs/rules.md, which it has", () => {
    expect(rulesDocsUrl(config, fileURLToPath(new URL('..', import.meta.url)))).toBe(
      'https://github.com/acme/postmortems/blob/main/docs/rules.md',
    );
  });

  it("is none in an organisation's repository, which has no such page (rather than a link to a missing one)", async () => {
    const root = await makeRepository({ 'postmortems.config.ts': 'export default {};\n' });
    expect(rulesDocsUrl(config, root)).toBeUndefined();
    expect(rulesDocsUrl(resolveConfig({}), fileURLToPath(new URL('..', import.meta.url)))).toBeUndefined();
  });
});

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

/**
 * The editor and `check` on one core path: the preset `.remarkrc.mjs` loads, run through remark over every rule
 * fixture, reports the same rule ids at the same lines as `check` on the same repository.
 */
describe('the remark preset reports what `check` reports', () => {
  const where = (messages: { file: string; rule: string; line: number }[]) => messages.map((m) => `${m.file}:${m.line} ${m.rule}`).sort();

  for (const rule of rules) {
    test(rule.id, async () => {
      const processor = unified()
        .use(remarkParse)
        .use(remarkStringify)
        .use(createPreset(configFor(rule.id), { today: TODAY }));
      for (const fixture of readdirSync(fixtureDir(rule.id)).sort()) {
        const fixturePath = join(fixtureDir(rule.id), fixture);
        const { root, files } = fixture.endsWith('.mdx')
          ? await repositoryWith(fixturePath).then(({ root, path }) => ({ root, files: [path] }))
          : { root: fixturePath, files: (await findPostmortems(fixturePath, POSTMORTEMS_DIR)).files };
        const checked = (await check(root, undefined, rule.id)).filter((m) => files.includes(m.file));
        const edited: { file: string; rule: string; line: number }[] = [];
        for (const file of files) {
          const result = await processor.process(new VFile({ path: join(root, file), cwd: root, value: readFileSync(join(root, file)) }));
          for (const m of result.messages) edited.push({ file, rule: String(m.ruleId), line: m.line ?? 0 });
        }
        expect(where(edited), `${rule.id}/${fixture}`).toEqual(where(checked));
      }
    });
  }

  test('`remark` with `.remarkrc.mjs` on the command line', async () => {
    const root = await makeRepository({
      'postmortems/2025-03-04-no-timeline.mdx': readFileSync(join(fixtureDir('sections/missing'), 'not-ok-no-timeline.mdx')),
      'postmortems/2025-03-04-unclosed-tag.mdx': readFileSync(join(fixtureDir('mdx/syntax'), 'not-ok-unclosed-tag.mdx')),
    });
    const rc = fileURLToPath(new URL('../.remarkrc.mjs', import.meta.url));
    const bin = fileURLToPath(new URL('../node_modules/remark-cli/cli.js', import.meta.url));
    const run = spawnSync(process.execPath, [bin, POSTMORTEMS_DIR, '--ext', 'mdx', '--rc-path', rc, '--no-color', '--quiet', '--frail'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    let file = '';
    const reported: { file: string; rule: string; line: number }[] = [];
    for (const line of run.stderr.split('\n')) {
      if (/^\S+\.mdx$/.test(line.trim())) file = line.trim().replace(/\\/g, '/');
      const m = /^\s*(\d+):\d+(?:-\d+:\d+)?\s+(?:error|warning)\s.*\s([a-z0-9-]+\/[a-z0-9-]+)\s+postmortem\s*$/.exec(line);
      if (m) reported.push({ file, rule: m[2]!, line: Number(m[1]) });
    }
    const checked = (await checkRepository({ root, config: resolveConfig({}) })).messages;
    expect(where(reported)).toEqual(where(checked));
    expect(reported.map((m) => m.rule)).toEqual(expect.arrayContaining(['sections/missing', 'mdx/syntax']));
  });

  test("links each message to its rule's heading in docs/rules.md, in the configured repository", async () => {
    const config = resolveConfig({ repository: { url: 'https://git.example.com/postmortems/', branch: 'trunk' } });
    const { root, path } = await repositoryWith(join(fixtureDir('sections/missing'), 'not-ok-no-timeline.mdx'));
    const processor = unified()
      .use(remarkParse)
      .use(remarkStringify)
      .use(createPreset(config, { today: TODAY }));
    const result = await processor.process(new VFile({ path: join(root, path), cwd: root, value: readFileSync(join(root, path)) }));
    const missing = result.messages.find((m) => m.ruleId === 'sections/missing');
    expect(missing?.url).toBe(`https://git.example.com/postmortems/blob/trunk/docs/rules.md#${ruleAnchor('sections/missing')}`);
    const doc = readFileSync(new URL('../docs/rules.md', import.meta.url), 'utf8');
    expect(doc).toContain('### `sections/missing`');
  });
});
