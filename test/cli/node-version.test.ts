/**
 * The Node a command needs (src/cli/node-version.ts): read from the engine's and the installed Astro's package.json.
 * The whole path, on an installed tarball whose Astro asks for more than the running Node, is in
 * test/upgrade/upgrade.test.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeRequirements, unsupportedNode } from '../../packages/astro-postmortems/src/cli/node-version.ts';
import { ENGINE_DIR, ROOT } from '../helpers/site.ts';

const engines = (path: string) => (JSON.parse(readFileSync(path, 'utf8')) as { engines: { node: string } }).engines.node;
const work = mkdtempSync(join(tmpdir(), 'pm-node-version-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the Node a command needs', () => {
  it("is the engine's and, for a command that runs Astro, the installed Astro's, read from their package.json", () => {
    expect(nodeRequirements(false).map((r) => r.name)).toEqual(['astro-postmortems']);
    const found = nodeRequirements(true);
    expect(found.map((r) => r.name)).toEqual(['astro-postmortems', 'astro']);
    expect(found[0]!.node).toBe(engines(join(ENGINE_DIR, 'package.json')));
    expect(found[1]!.node).toBe(engines(join(ROOT, 'node_modules/astro/package.json')));
    // This Node satisfies both (the tests run on it), and so every command runs.
    expect(unsupportedNode(process.versions.node, found)).toBeUndefined();
  });

  it('names each requirement an older Node misses, and the Node to install', () => {
    const requirements = [
      { name: 'astro-postmortems', version: '0.2.0', node: '>=22.12.0' },
      { name: 'astro', version: '7.4.1', node: '>=22.22.0' },
    ];
    expect(unsupportedNode('20.20.2', requirements)).toBe(
      'postmortems: Node 20.20.2 is too old: astro-postmortems 0.2.0 needs Node >=22.12.0, and astro 7.4.1 needs Node >=22.22.0.\n' +
        '  Install Node 22.22 or later and run the command again: `nvm install 22` (or fnm, volta…);\n' +
        '  in a repository, `nvm install` reads its `.nvmrc`, as its CI workflows do.',
    );
    // Only what is missed is named, and the Node to install is the one that meets it.
    expect(unsupportedNode('22.15.0', requirements)).toMatch(
      /too old: astro 7\.4\.1 needs Node >=22\.22\.0\.\n {2}Install Node 22\.22 or later/,
    );
    expect(unsupportedNode('22.22.0', requirements)).toBeUndefined();
    // A pre-release of a later Node (a nightly) is not refused for being one.
    expect(unsupportedNode('24.0.0-nightly20260101', requirements)).toBeUndefined();
    // Ranges with alternatives: the next Node the range accepts, never one older than this (21 is between).
    const either = [{ name: 'x', version: '1.0.0', node: '^20.19.0 || >=22.12.0' }];
    expect(unsupportedNode('21.0.0', either)).toMatch(
      /x 1\.0\.0 needs Node \^20\.19\.0 \|\| >=22\.12\.0\.\n {2}Install Node 22\.12 or later/,
    );
    // A range no later Node meets: said so, with no version to install.
    expect(unsupportedNode('23.0.0', [{ name: 'old', version: '1.0.0', node: '<22' }])).toBe(
      'postmortems: Node 23.0.0 is not supported: old 1.0.0 needs Node <22.\n' +
        '  Install a Node these accept and run the command again (nvm, fnm, volta…).',
    );
  });

  it('shows what a package.json says without letting it act on the terminal', () => {
    const message = unsupportedNode('20.0.0', [{ name: 'astro\u001b]0;owned\u0007', version: '7\n::error::x', node: '>=22' }]);
    expect(message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(message!.split('\n')).toHaveLength(3);
    expect(message).toContain('astro\\u{1b}]0;owned\\u{7}');
  });

  it('holds a Node to nothing it cannot read: no Astro installed, or a package.json that is not one', () => {
    const engine = join(work, 'engine');
    mkdirSync(engine, { recursive: true });
    writeFileSync(join(engine, 'package.json'), JSON.stringify({ name: 'astro-postmortems', version: '9.0.0', engines: { node: '>=22' } }));
    // No node_modules/astro beside it (`npm create` runs the engine before the organisation installs Astro).
    expect(nodeRequirements(true, pathToFileURL(join(engine, 'package.json')))).toEqual([
      { name: 'astro-postmortems', version: '9.0.0', node: '>=22' },
    ]);
    mkdirSync(join(engine, 'node_modules/astro'), { recursive: true });
    writeFileSync(join(engine, 'node_modules/astro/package.json'), '{ not json');
    expect(nodeRequirements(true, pathToFileURL(join(engine, 'package.json')))).toHaveLength(1);
    writeFileSync(
      join(engine, 'node_modules/astro/package.json'),
      JSON.stringify({ name: 'astro', version: '7.4.1', engines: { node: 22 } }),
    );
    expect(nodeRequirements(true, pathToFileURL(join(engine, 'package.json')))).toHaveLength(1);
    writeFileSync(
      join(engine, 'node_modules/astro/package.json'),
      JSON.stringify({ name: 'astro', version: '7.4.1', engines: { node: '>=22.22.0' } }),
    );
    expect(nodeRequirements(true, pathToFileURL(join(engine, 'package.json'))).map((r) => r.node)).toEqual(['>=22', '>=22.22.0']);
  });
});
