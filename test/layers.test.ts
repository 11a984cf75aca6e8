/**
 * The layers say what they are: `src/core/` is the format (what `check`, the editor and the importer need, with no
 * Astro and nothing only the site uses), the site builds on it, and nothing under `src/` or `scripts/` depends on
 * the tests.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mjs|astro)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split('\\').join('/'));
}

/** Repository-relative paths a file imports (relative specifiers only), and its bare package imports. */
function imports(file: string): { local: string[]; packages: string[] } {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|new URL\(\s*['"](\.[^'"]+\.ts)['"]/g)].map((m) => (m[1] ?? m[2] ?? m[3])!);
  return {
    local: specifiers.filter((s) => s.startsWith('.')).map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)).split('\\').join('/')),
    packages: specifiers.filter((s) => !s.startsWith('.')),
  };
}

const sources = [...files('src'), ...files('scripts')];

describe('layers', () => {
  it('nothing under src/ or scripts/ imports from test/', () => {
    const offending = sources.flatMap((f) => imports(f).local.filter((i) => i.startsWith('test/')).map((i) => `${f} → ${i}`));
    expect(offending).toEqual([]);
  });

  it('src/core/ imports only src/core/, never Astro or the site', () => {
    const offending = files('src/core').flatMap((f) => {
      const { local, packages } = imports(f);
      return [...local.filter((i) => !i.startsWith('src/core/')), ...packages.filter((p) => p === 'astro' || (p.startsWith('astro') && p !== 'astro/zod') || p.startsWith('@astrojs/'))].map((i) => `${f} → ${i}`);
    });
    expect(offending).toEqual([]);
  });

  it('every module of src/core/ serves the format: `check`, the editor or the importer reach it, not the site alone', () => {
    const entries = [...files('src/cli'), ...files('src/remark'), ...files('src/import')];
    const reached = new Set<string>();
    const visit = (file: string) => {
      // (A specifier inside a template a command writes out is not an import of this repository.)
      if (reached.has(file) || !existsSync(join(ROOT, file))) return;
      reached.add(file);
      for (const next of imports(file).local) if (next.endsWith('.ts')) visit(next);
    };
    entries.forEach(visit);
    const siteOnly = files('src/core').filter((f) => !reached.has(f));
    expect(siteOnly, 'move these to the site (src/lib/) or to the command that uses them').toEqual([]);
  });
});
