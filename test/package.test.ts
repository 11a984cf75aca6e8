/**
 * What is published (issue 20, deliverable 5): the engine's tarball as `npm pack` makes it holds compiled JavaScript,
 * the template `create` writes, the changelog, README and licence, and nothing of the engine's development: no
 * source TypeScript, tests, fixtures, sample postmortems or benchmark. Its size is the one the README states.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_README, refresh } from '../packages/astro-postmortems/src/cli/format-doc.ts';
import { ENGINE_DIR, ROOT, toolEnv } from './helpers/site.ts';

interface Packed {
  name: string;
  version: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}

/** `npm pack --dry-run` of a workspace: the file list and sizes npm would publish (dist/ was built by the tests' setup). */
function pack(workspace: string): Packed {
  const json = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--workspace', workspace], {
    cwd: ROOT,
    encoding: 'utf8',
    env: toolEnv(),
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return (JSON.parse(json) as Packed[])[0]!;
}
const manifest = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown> & {
    version: string;
    license: string;
    dependencies: Record<string, string>;
    exports: Record<string, string | { types: string; default: string }>;
    bin: Record<string, string>;
  };
const CREATE_DIR = join(ROOT, 'packages/create-astro-postmortems');

describe('the published packages', () => {
  const engine = pack('astro-postmortems');
  const paths = engine.files.map((f) => f.path).sort();

  it('ship the engine compiled, with its template, changelog, README and licence, and no development files', () => {
    expect(paths).toEqual(
      expect.arrayContaining([
        'package.json',
        'LICENSE',
        'README.md',
        'CHANGELOG.md',
        'dist/cli/bin.js',
        'dist/integration/index.js',
        'dist/frontmatter.schema.json',
        'templates/organisation/postmortems.config.ts',
        'templates/organisation/_github/workflows/check.yml',
      ]),
    );
    const development = paths.filter(
      (p) =>
        /(?:^|\/)(?:test|tests|__tests__|fixtures|samples|bench|benchmark|scripts|src)(?:\/|$)|\.(?:test|spec)\.|\.tsbuildinfo$/.test(p) &&
        !p.startsWith('templates/organisation/src/'),
    );
    expect(development).toEqual([]);
    // TypeScript only as declarations (and the two files of the organisation's template).
    expect(paths.filter((p) => /\.ts$/.test(p) && !p.endsWith('.d.ts'))).toEqual([
      'templates/organisation/postmortems.config.ts',
      'templates/organisation/src/content.config.ts',
    ]);
    // One postmortem: the template's example. No sample of the reference site.
    expect(paths.filter((p) => p.endsWith('.mdx'))).toEqual([
      'templates/organisation/postmortems/2026-01-15-example-expired-tls-certificate.mdx',
    ]);
    // Every export and the binary resolve to a file in the tarball.
    const { exports, bin } = manifest(ENGINE_DIR);
    const targets = [
      ...Object.values(exports).flatMap((t) => (typeof t === 'string' ? [t] : [t.types, t.default])),
      ...Object.values(bin),
    ].map((t) => t.replace(/^\.\//, ''));
    expect(targets.filter((t) => !paths.includes(t))).toEqual([]);
  });

  it('document every configuration option in the package README (generated; if this fails, run `npm run docs:format`)', () => {
    const readme = readFileSync(join(ROOT, PACKAGE_README), 'utf8');
    expect(refresh(readme, PACKAGE_README)).toBe(readme);
  });

  it('have the size the package README states', () => {
    const readme = readFileSync(join(ENGINE_DIR, 'README.md'), 'utf8');
    const stated = /about (\d+) kB packed \((\d+) kB unpacked, (\d+) files\)/i.exec(readme);
    expect(stated, 'the README states the tarball size as "about N kB packed (N kB unpacked, N files)"').not.toBeNull();
    const [, packed, unpacked, files] = stated!.map(Number);
    // Within 15 %: the figure is rounded, and small changes need no README edit; a real change in size does.
    expect(Math.abs(engine.size / 1000 - packed!) / packed!).toBeLessThan(0.15);
    expect(Math.abs(engine.unpackedSize / 1000 - unpacked!) / unpacked!).toBeLessThan(0.15);
    expect(Math.abs(engine.files.length - files!) / files!).toBeLessThan(0.15);
  });

  it("create-astro-postmortems is the engine's `create`, of the very same version, and nothing else", () => {
    const create = pack('create-astro-postmortems');
    expect(create.files.map((f) => f.path).sort()).toEqual(['LICENSE', 'README.md', 'index.js', 'package.json']);
    const ours = manifest(CREATE_DIR);
    expect(ours.version).toBe(manifest(ENGINE_DIR).version);
    expect(ours.dependencies).toEqual({ 'astro-postmortems': manifest(ENGINE_DIR).version });
    expect(readFileSync(join(CREATE_DIR, 'index.js'), 'utf8')).toMatch(/main\(\['create', \.\.\.process\.argv\.slice\(2\)\]/);
  });

  it('are MIT-licensed, with the licence text in each, and versioned together by Changesets', () => {
    for (const dir of [ENGINE_DIR, CREATE_DIR, ROOT]) {
      expect(manifest(dir).license, dir).toBe('MIT');
      expect(readFileSync(join(dir, 'LICENSE'), 'utf8'), dir).toMatch(/^MIT License[\s\S]*Permission is hereby granted, free of charge/);
    }
    const config = JSON.parse(readFileSync(join(ROOT, '.changeset/config.json'), 'utf8')) as { fixed: string[][]; access: string };
    expect(config.fixed).toEqual([['astro-postmortems', 'create-astro-postmortems']]);
    expect(config.access).toBe('public');
    // Every pending changeset names only the published packages and a valid bump.
    for (const file of readdirSync(join(ROOT, '.changeset')).filter((f) => f.endsWith('.md') && f !== 'README.md')) {
      const front = /^---\n([\s\S]*?)\n---\n\n\S/.exec(readFileSync(join(ROOT, '.changeset', file), 'utf8'));
      expect(front, file).not.toBeNull();
      for (const line of front![1]!.split('\n'))
        expect(line, file).toMatch(/^"(?:astro-postmortems|create-astro-postmortems)": (?:patch|minor|major)$/);
    }
    // The reference site takes the engine by the range an organisation would.
    expect(manifest(ROOT).dependencies['astro-postmortems']).toBe(`^${manifest(ENGINE_DIR).version}`);
    expect(existsSync(join(ENGINE_DIR, 'CHANGELOG.md'))).toBe(true);
  });
});
