/**
 * Dependencies are exactly what the code imports: the engine's package.json
 * lists every package its sources import (and nothing else), and the root's
 * lists what the reference site, the tests and the scripts import or run by
 * name in an npm script. A package that serves nothing, or code that works only
 * because another package happened to install it, fails here.
 */
import { builtinModules } from 'node:module';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/site.ts';

interface Manifest {
  name: string;
  scripts?: Record<string, string>;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Packages no file imports that a command loads by name, with the command. */
const LOADED_BY_A_COMMAND: Record<string, string> = { '@astrojs/check': 'astro check (npm run typecheck)' };

const manifest = (dir: string): Manifest => JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as Manifest;
const ENGINE_DIR = 'packages/astro-postmortems';
const SKIP = new Set(['node_modules', 'dist', 'fixtures', '.astro', 'vendor']);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (path: string) => {
    for (const entry of readdirSync(join(ROOT, path), { withFileTypes: true })) {
      if (SKIP.has(entry.name)) continue;
      const child = `${path}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (/\.(ts|mts|mjs|js|astro)$/.test(entry.name)) out.push(child);
    }
  };
  if (existsSync(join(ROOT, dir))) walk(dir);
  return out;
}

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`), or undefined for built-ins and virtual modules. */
export function packageOf(specifier: string): string | undefined {
  if (/^(\.|\/|node:|astro:|virtual:|bun:)/.test(specifier) || builtinModules.includes(specifier.split('/')[0]!)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Every package the text imports at run time (static, dynamic, side-effect, re-exports) and for types only. */
export function importedPackages(text: string): { runtime: string[]; types: string[] } {
  const runtime = new Set<string>();
  const types = new Set<string>();
  const specifiers = text.matchAll(
    /(?:^|\n)\s*(import|export)(\s+type\b)?[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\b(?:import|require|resolve)\(\s*['"]([^'"]+)['"]\s*\)|\/\/\/\s*<reference types=['"]([^'"]+)['"]/g,
  );
  for (const m of specifiers) {
    const name = packageOf((m[3] ?? m[4] ?? m[5] ?? m[6])!);
    if (name) (m[2] || m[6] ? types : runtime).add(name);
  }
  return { runtime: [...runtime].sort(), types: [...types].filter((t) => !runtime.has(t)).sort() };
}

function usedBy(files: string[]): { runtime: Map<string, string>; types: Map<string, string> } {
  const runtime = new Map<string, string>();
  const types = new Map<string, string>();
  for (const file of files) {
    const found = importedPackages(readFileSync(join(ROOT, file), 'utf8'));
    for (const name of found.runtime) if (!runtime.has(name)) runtime.set(name, file);
    for (const name of found.types) if (!types.has(name)) types.set(name, file);
  }
  for (const name of runtime.keys()) types.delete(name);
  return { runtime, types };
}

/** Declared names, with `@types/x` standing for `x` when only the types are imported. */
function declared(m: Manifest, fields: (keyof Manifest)[]): Set<string> {
  return new Set(fields.flatMap((f) => Object.keys((m[f] as Record<string, string> | undefined) ?? {})));
}

function satisfied(name: string, names: Set<string>): boolean {
  return names.has(name) || names.has(`@types/${name.replace(/^@([^/]+)\//, '$1__')}`);
}

/** Packages whose command an npm script runs (`vitest run` → vitest), read from the installed packages' `bin`. */
function runByScripts(m: Manifest, candidates: Set<string>): Set<string> {
  const commands = new Set(
    Object.values(m.scripts ?? {}).flatMap((script) => script.split(/&&|\|\||;|\|/).map((part) => part.trim().split(/\s+/)[0]!)),
  );
  const out = new Set<string>();
  for (const name of candidates) {
    const path = join(ROOT, 'node_modules', name, 'package.json');
    if (!existsSync(path)) continue;
    const { bin } = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
    const bins = typeof bin === 'string' ? [name.replace(/^@[^/]+\//, '')] : Object.keys(bin ?? {});
    if (bins.some((b) => commands.has(b))) out.add(name);
  }
  return out;
}

describe('dependencies', () => {
  it("the engine's package.json lists exactly what its sources import", () => {
    const engine = manifest(ENGINE_DIR);
    const names = declared(engine, ['dependencies', 'peerDependencies', 'optionalDependencies']);
    const { runtime, types } = usedBy(sourceFiles(`${ENGINE_DIR}/src`));
    runtime.delete(engine.name);
    // The package's build script runs in this repository only (npm's `prepare`): the root's tools serve it.
    const build = usedBy(sourceFiles(`${ENGINE_DIR}/scripts`)).runtime;
    const rootNames = declared(manifest('.'), ['dependencies', 'devDependencies']);
    expect(
      [...build].filter(([name]) => !rootNames.has(name) && !names.has(name)).map(([name, file]) => `${name} (imported by ${file})`),
      'build tools undeclared',
    ).toEqual([]);
    expect(
      [...runtime].filter(([name]) => !names.has(name)).map(([name, file]) => `${name} (imported by ${file})`),
      'undeclared',
    ).toEqual([]);
    // Types only matter to the build: from a dependency, a peer's own dependency (Astro brings Vite) or the root's @types.
    const buildTypes = declared(manifest('.'), ['devDependencies']);
    const astroDeps = declared(JSON.parse(readFileSync(join(ROOT, 'node_modules/astro/package.json'), 'utf8')) as Manifest, [
      'dependencies',
    ]);
    expect(
      [...types]
        .filter(([name]) => !names.has(name) && !astroDeps.has(name) && !satisfied(name, buildTypes))
        .map(([name, file]) => `${name} (types imported by ${file})`),
      'types from nowhere',
    ).toEqual([]);
    expect(
      [...names].filter((name) => !runtime.has(name) && !types.has(name)),
      'declared but never imported',
    ).toEqual([]);
  });

  it("the root's package.json lists exactly what the site, tests and scripts import or run", () => {
    const root = manifest('.');
    const names = declared(root, ['dependencies', 'devDependencies']);
    const files = [
      ...sourceFiles('src'),
      ...sourceFiles('test'),
      ...sourceFiles('scripts'),
      ...sourceFiles('.ci'),
      ...readdirSync(ROOT).filter((f) => /\.(ts|mjs)$/.test(f)),
    ].filter((f) => f !== 'test/dependencies.test.ts');
    const { runtime, types } = usedBy(files);
    const undeclared = [...runtime].filter(([name]) => !names.has(name)).concat([...types].filter(([name]) => !satisfied(name, names)));
    expect(
      undeclared.map(([name, file]) => `${name} (imported by ${file})`),
      'undeclared',
    ).toEqual([]);
    const run = runByScripts(root, names);
    // The root's @types serve the engine's build too, and @types/node every `node:` import.
    const engine = usedBy([...sourceFiles(`${ENGINE_DIR}/src`), ...sourceFiles(`${ENGINE_DIR}/scripts`)]);
    const typed = new Set([...runtime.keys(), ...types.keys(), ...engine.runtime.keys(), ...engine.types.keys(), 'node']);
    const unused = [...names].filter(
      (name) =>
        !runtime.has(name) &&
        !types.has(name) &&
        !typed.has(name.replace(/^@types\//, '').replace(/^(.+)__/, '@$1/')) &&
        !run.has(name) &&
        !(name in LOADED_BY_A_COMMAND),
    );
    expect(unused, 'declared but neither imported nor run by an npm script').toEqual([]);
  });

  it('reads every form of import', () => {
    expect(
      importedPackages(
        "import a from 'x';\nimport type { B } from '@s/y/sub';\nexport { c } from 'z';\nawait import('w');\nimport 'side';\nimport fs from 'node:fs';\nimport p from 'path';\nimport { d, type E } from 'v';\nrequire.resolve('u/file.js');",
      ),
    ).toEqual({ runtime: ['side', 'u', 'v', 'w', 'x', 'z'], types: ['@s/y'] });
  });
});
