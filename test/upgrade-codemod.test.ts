/**
 * The configuration's customisation options (what reaches CSS and links is checked), and `postmortems upgrade`'s
 * codemod: options moved by a newer version are rewritten in postmortems.config.ts keeping the file's comments, and
 * a configuration not yet upgraded fails naming the upgrade note.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runUpgrade, upgradeConfigText } from '../packages/astro-postmortems/src/cli/upgrade.ts';
import { resolveConfig, type PostmortemConfigInput } from '../packages/astro-postmortems/src/core/config.ts';
import {
  explainMissingModule,
  explainUnknownOption,
  MIGRATIONS,
  type Migration,
} from '../packages/astro-postmortems/src/core/migrations.ts';
import { loadConfig } from '../packages/astro-postmortems/src/core/load-config.ts';
import { loadCliConfig } from '../packages/astro-postmortems/src/cli/common.ts';
import { linkNodeModules } from './helpers/site.ts';
import { themeStylesheet } from '../packages/astro-postmortems/src/integration/overrides.ts';

const errorOf = (input: unknown) => {
  try {
    resolveConfig(input as PostmortemConfigInput);
    return '';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('customisation options', () => {
  it('take colours as custom properties, one for both themes or a light/dark pair', () => {
    const { colors } = resolveConfig({
      colors: { accent: '#7a1fa2', p1: { light: 'rgb(160 0 0)', dark: 'oklch(75% 0.15 25)' }, 'accent-fg': 'white' },
    });
    expect(themeStylesheet(colors)).toBe(
      ':root {\n  --accent: #7a1fa2;\n  --p1: light-dark(rgb(160 0 0), oklch(75% 0.15 25));\n  --accent-fg: white;\n}\n',
    );
    expect(themeStylesheet({})).toBe('');
  });

  it('let nothing but a colour reach the stylesheet, and only the properties it has', () => {
    for (const value of [
      'red; } body { display: none',
      'url(https://evil.example/x.png)',
      'red</style><script>',
      'var(--x)',
      'expression(alert(1))',
      '#12345g',
    ]) {
      expect(errorOf({ colors: { accent: value } }), value).toMatch(/colors\.accent: Expected a CSS colour/);
    }
    expect(errorOf({ colors: { acent: 'red' } })).toMatch(/Unexpected option `colors\.acent`.*did you mean `accent`\?/);
  });

  it('take footer links to web pages or to paths of the site, nothing else', () => {
    expect(
      resolveConfig({
        footer: {
          links: [
            { label: 'Wiki', href: 'https://wiki.example.com/a?b=c#d' },
            { label: 'About', href: '/about/' },
            { label: 'Tags', href: 'tags/' },
          ],
        },
      }).footer.links,
    ).toHaveLength(3);
    for (const href of [
      'javascript:alert(1)',
      'data:text/html,x',
      '//evil.example/',
      'https://x" onmouseover="y',
      'vbscript:x',
      'mailto:a@b.c',
    ]) {
      expect(errorOf({ footer: { links: [{ label: 'x', href }] } }), href).toMatch(
        /footer\.links\.0\.href: Expected an http\(s\) URL or a path/,
      );
    }
  });

  it('take components and stylesheets as files inside the repository, by name', () => {
    expect(
      resolveConfig({ components: { Header: './src/components/header.astro' }, customCss: ['./src/styles/a.css'] }).components,
    ).toEqual({ Header: './src/components/header.astro' });
    expect(errorOf({ components: { Header: '../outside/header.astro' } })).toMatch(
      /components\.Header: Expected a path from the repository root/,
    );
    expect(errorOf({ components: { Header: './src/../../x.astro' } })).toMatch(/stays inside the repository/);
    expect(errorOf({ components: { Header: '/etc/passwd' } })).toMatch(/components\.Header/);
    expect(errorOf({ components: { Header: './src/header.ts' } })).toMatch(/Expected a file such as/);
    expect(errorOf({ components: { Sidebar: './src/x.astro' } })).toMatch(
      /Unexpected option `components\.Sidebar`, expected one of `Header`, `Footer`, `PostmortemHeader`/,
    );
    expect(errorOf({ customCss: ['./x.js'] })).toMatch(/customCss\.0/);
  });

  it('take page sizes as whole numbers in range, defaulting to 100 and 200', () => {
    expect(resolveConfig({}).pageSize).toEqual({ postmortems: 100, actionItems: 200 });
    expect(resolveConfig({ pageSize: { postmortems: 25 } }).pageSize).toEqual({ postmortems: 25, actionItems: 200 });
    expect(errorOf({ pageSize: { postmortems: 0 } })).toMatch(/pageSize\.postmortems/);
    expect(errorOf({ pageSize: { postmortems: 2.5 } })).toMatch(/pageSize\.postmortems/);
  });
});

/** A made-up future release that moves two options, as a real one would declare it in core/migrations.ts. */
const FUTURE: Migration[] = [
  {
    version: '0.9.0',
    summary: 'Footer links and the page size of the lists move.',
    changes: [
      { kind: 'move', from: 'footerLinks', to: 'footer.links' },
      { kind: 'move', from: 'listSize', to: 'pageSize.postmortems' },
      { kind: 'remove', option: 'legacyTheme', instead: 'use `colors`' },
    ],
  },
];

const BEFORE = `/**
 * Our configuration. Reviewed by the SRE leads.
 */
import { defineConfig } from 'astro-postmortems/config';

export default defineConfig({
  title: 'Acme', // the name people know

  // Links the comms team asked for (ticket COMMS-12).
  footerLinks: [
    { label: 'Wiki', href: 'https://wiki.acme.example' }, // internal only
  ],
  /* Big lists load slowly on the office VPN. */
  listSize: 25,
  footer: { text: 'Blameless, always.' },
});
`;

describe('postmortems upgrade', () => {
  it("moves each option's own node, so its comments and the rest of the file are kept", () => {
    const result = upgradeConfigText(BEFORE, FUTURE);
    expect(result.blocked).toEqual([]);
    expect(result.applied).toEqual(['0.9.0: `footerLinks` → `footer.links`', '0.9.0: `listSize` → `pageSize.postmortems`']);
    const after = result.text;
    // Outside the configuration object nothing changes; inside it, every comment is kept (a comment at the end of a
    // line of the object recast reprints may move above its line).
    expect(after.startsWith(BEFORE.slice(0, BEFORE.indexOf('export default')))).toBe(true);
    expect(after).toMatch(/\/\/ the name people know\n {2}title: 'Acme',|title: 'Acme', \/\/ the name people know/);
    // The moved options carry their comments.
    expect(after).toMatch(
      /footer: \{[\s\S]*text: 'Blameless, always\.'[\s\S]*\/\/ Links the comms team asked for \(ticket COMMS-12\)\.\s*links: \[\s*\{ label: 'Wiki', href: 'https:\/\/wiki\.acme\.example' \}, \/\/ internal only/,
    );
    expect(after).toMatch(/pageSize: \{\s*\/\* Big lists load slowly on the office VPN\. \*\/\s*postmortems: 25/);
    expect(after).not.toMatch(/footerLinks|listSize/);
    // Idempotent: a second run finds nothing to do.
    expect(upgradeConfigText(after, FUTURE)).toEqual({ text: after, applied: [], blocked: [] });
  });

  it('changes nothing and names the upgrade note when an option cannot be migrated', () => {
    const removed = upgradeConfigText(BEFORE.replace("title: 'Acme',", "title: 'Acme', legacyTheme: 'dark',"), FUTURE);
    expect(removed.text).toBe(BEFORE.replace("title: 'Acme',", "title: 'Acme', legacyTheme: 'dark',"));
    expect(removed.applied).toEqual([]);
    expect(removed.blocked).toEqual([
      '`legacyTheme` was removed in 0.9.0: use `colors` (the upgrade note of 0.9.0 in node_modules/astro-postmortems/CHANGELOG.md)',
    ]);

    const both = upgradeConfigText(BEFORE.replace("footer: { text: 'Blameless, always.' }", 'footer: { links: [] }'), FUTURE);
    expect(both.blocked[0]).toMatch(/`footerLinks` moved to `footer\.links` in 0\.9\.0, and the file has both: keep one/);

    const dynamic = upgradeConfigText('const options = { footerLinks: [] };\nexport default options;\n', FUTURE);
    expect(dynamic.blocked[0]).toMatch(/does not export its options as `export default defineConfig\(\{ … \}\)`: migrate it by hand/);
  });

  it('understands the shapes a configuration file takes', () => {
    for (const text of [
      'export default { listSize: 5 };\n',
      "export default defineConfig({ 'listSize': 5 });\n",
      'export default ({ listSize: 5 }) satisfies object;\n',
    ]) {
      expect(upgradeConfigText(text, FUTURE).applied, text).toEqual(['0.9.0: `listSize` → `pageSize.postmortems`']);
    }
  });

  it('explains an option a newer version moved, instead of guessing a spelling', () => {
    expect(explainUnknownOption('footerLinks', FUTURE)).toBe(
      '`footerLinks` moved to `footer.links` in 0.9.0: run `npx postmortems upgrade`, which rewrites postmortems.config.ts keeping your comments (the upgrade note of 0.9.0 in node_modules/astro-postmortems/CHANGELOG.md)',
    );
    expect(explainUnknownOption('legacyTheme', FUTURE)).toMatch(/^`legacyTheme` was removed in 0\.9\.0: use `colors`/);
    expect(explainUnknownOption('somethingElse', FUTURE)).toBeUndefined();
  });

  const temps: string[] = [];
  afterAll(() => temps.forEach((t) => rmSync(t, { recursive: true, force: true })));

  it("moves a copy of the repository at 0.2.0 onto the package: its configuration's import of the engine's source", async () => {
    // What `npm run init` wrote at 0.2.0 (and the reference site's file then).
    const copy = `/**
 * Site and format settings. See \`src/core/config.ts\` for each option.
 */
import { defineConfig, DEFAULT_SEVERITIES } from './src/core/config.ts';

export default defineConfig({
  title: 'Kestrel Freight Postmortems', // ours
  severities: [...DEFAULT_SEVERITIES],
});
`;
    const result = upgradeConfigText(copy);
    expect(result.blocked).toEqual([]);
    expect(result.applied).toEqual(["0.3.0: `import … from './src/core/config.ts'` → `'astro-postmortems/config'`"]);
    expect(result.text).toBe(copy.replace("'./src/core/config.ts'", "'astro-postmortems/config'"));
    // Before it runs, loading the configuration names the upgrade instead of failing on a missing module.
    const dir = mkdtempSync(join(tmpdir(), 'pm-upgrade-copy-'));
    temps.push(dir);
    linkNodeModules(dir);
    writeFileSync(join(dir, 'postmortems.config.ts'), copy);
    await expect(loadConfig(dir)).rejects.toThrow(
      /imports `\.\/src\/core\/config\.ts`, which is `astro-postmortems\/config` since 0\.3\.0: run `npx postmortems upgrade`/,
    );
    writeFileSync(join(dir, 'postmortems.config.ts'), result.text);
    expect((await loadConfig(dir, { fresh: true })).title).toBe('Kestrel Freight Postmortems');
    expect(explainMissingModule("Cannot find module '/x/src/core/lint.ts'", MIGRATIONS)).toBeUndefined();
  });

  it('a configuration error reaches the commands as message + hint: each option and its problem, then where options are documented', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-config-error-'));
    temps.push(dir);
    linkNodeModules(dir);
    writeFileSync(
      join(dir, 'postmortems.config.ts'),
      "import { defineConfig } from 'astro-postmortems/config';\nexport default defineConfig({ colours: { accent: 'red' }, pageSize: { postmortems: 0 } });\n",
    );
    const out: string[] = [];
    const io = { cwd: dir, env: {}, isTTY: false, stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t) };
    expect(await loadCliConfig('check', io)).toBeUndefined();
    const [message, hint, ...rest] = out.join('\n').split('\nHint: ');
    expect(rest).toEqual([]);
    expect(message).toMatch(/^Invalid postmortem configuration \(postmortems\.config\.ts\):\n/);
    expect(message).toMatch(/- pageSize\.postmortems: Too small/);
    expect(message).toMatch(/- \(root\): Unexpected option `colours`, expected one of .*; did you mean `colors`\?/);
    expect(hint).toMatch(
      /^Every option is documented in node_modules\/astro-postmortems\/README\.md \("Configuration"\).*`npx postmortems upgrade`/,
    );
  });

  it('as a command: says there is nothing to do with the current format, and never writes with --check', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-upgrade-'));
    temps.push(dir);
    const out: string[] = [];
    const io = { cwd: dir, env: {}, isTTY: false, stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t) };
    expect(await runUpgrade([], io)).toBe(0);
    expect(out.pop()).toMatch(/no postmortems\.config\.ts/);
    writeFileSync(join(dir, 'postmortems.config.ts'), BEFORE.replace(/footerLinks|listSize/g, 'x'));
    expect(await runUpgrade(['--check'], io)).toBe(0);
    expect(out.pop()).toMatch(/already has the format of this version/);
    writeFileSync(join(dir, 'postmortems.config.ts'), 'export default defineConfig({ title: ');
    expect(await runUpgrade([], io)).toBe(1);
    expect(out.pop()).toMatch(/could not parse postmortems\.config\.ts: .*nothing was written/);
    expect(readFileSync(join(dir, 'postmortems.config.ts'), 'utf8')).toBe('export default defineConfig({ title: ');
  });
});
