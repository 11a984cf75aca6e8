/**
 * The layers say what they are: the engine's `core/` is the format (what `check`, the editor and the importer need,
 * with no Astro and nothing only the site uses), the site builds on it (its pages' helpers, `lib/`, on the loader and
 * renderer, `integration/`, never the reverse), nothing depends on the tests, and the
 * reference site at the root uses the engine as an organisation does: through the package's public exports only.
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
  const specifiers = [
    ...text.matchAll(
      /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|(?:new URL|engineModule)\(\s*['"](\.[^'"]+\.ts)['"]/g,
    ),
  ].map((m) => (m[1] ?? m[2] ?? m[3])!);
  return {
    local: specifiers
      .filter((s) => s.startsWith('.'))
      .map((s) =>
        relative(ROOT, resolve(ROOT, dirname(file), s))
          .split('\\')
          .join('/'),
      ),
    packages: specifiers.filter((s) => !s.startsWith('.')),
  };
}

const ENGINE = 'packages/astro-postmortems/src';
const sources = [...files(ENGINE), ...files('src'), ...files('scripts')];

describe('layers', () => {
  it('nothing under the engine, the site or scripts/ imports from test/', () => {
    const offending = sources.flatMap((f) =>
      imports(f)
        .local.filter((i) => i.startsWith('test/'))
        .map((i) => `${f} → ${i}`),
    );
    expect(offending).toEqual([]);
  });

  it('the format core imports only itself, never Astro or the site', () => {
    const offending = files(`${ENGINE}/core`).flatMap((f) => {
      const { local, packages } = imports(f);
      return [
        ...local.filter((i) => !i.startsWith(`${ENGINE}/core/`)),
        ...packages.filter((p) => p === 'astro' || (p.startsWith('astro') && p !== 'astro/zod') || p.startsWith('@astrojs/')),
      ].map((i) => `${f} → ${i}`);
    });
    expect(offending).toEqual([]);
  });

  it('src/integration/ never imports src/lib/: pages and their helpers build on the loader, never the other way round', () => {
    // lib/client/ is the browser's: the integration names its files for Vite (an alias), and they import the renderer.
    const offending = files(`${ENGINE}/integration`).flatMap((f) =>
      imports(f)
        .local.filter((i) => i.startsWith(`${ENGINE}/lib/`) && !i.startsWith(`${ENGINE}/lib/client/`))
        .map((i) => `${f} → ${i}`),
    );
    expect(offending).toEqual([]);
    // Not vacuous: pages' helpers do read what the loader stored, through its agreement.
    const back = files(`${ENGINE}/lib`)
      .flatMap((f) => imports(f).local)
      .filter((i) => i === `${ENGINE}/integration/rendered-entry.ts`);
    expect(back.length).toBeGreaterThan(0);
  });

  it('every module of src/core/ serves the format: `check`, the editor or the importer reach it, not the site alone', () => {
    const entries = [...files(`${ENGINE}/cli`), ...files(`${ENGINE}/remark`), ...files(`${ENGINE}/import`)];
    const reached = new Set<string>();
    const visit = (file: string) => {
      // (A specifier inside a template a command writes out is not an import of this repository.)
      if (reached.has(file) || !existsSync(join(ROOT, file))) return;
      reached.add(file);
      for (const next of imports(file).local) if (next.endsWith('.ts')) visit(next);
    };
    entries.forEach(visit);
    const siteOnly = files(`${ENGINE}/core`).filter((f) => !reached.has(f));
    expect(siteOnly, 'move these to the site (src/lib/) or to the command that uses them').toEqual([]);
  });

  it("the reference site imports the engine only through the package's public exports", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'packages/astro-postmortems/package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
    };
    const exported = new Set(Object.keys(manifest.exports).map((key) => `astro-postmortems${key.slice(1)}`));
    const site = [...files('src'), 'astro.config.mjs', 'postmortems.config.ts'].filter((f) => existsSync(join(ROOT, f)));
    expect(site).toContain('src/content.config.ts');
    const offending = site.flatMap((f) => {
      const { local, packages } = imports(f);
      return [
        ...local.filter((i) => i.startsWith('packages/')).map((i) => `${f} → ${i} (a file of the engine)`),
        ...packages.filter((p) => p.startsWith('astro-postmortems') && !exported.has(p)).map((p) => `${f} → ${p} (not exported)`),
      ];
    });
    expect(offending).toEqual([]);
    // The check above is not vacuous: the site's own files (not the configuration,
    // which an organisation may write without an import) use the package.
    const used = site
      .filter((f) => f !== 'postmortems.config.ts')
      .flatMap((f) => imports(f).packages)
      .filter((p) => exported.has(p));
    expect(used).toEqual(expect.arrayContaining(['astro-postmortems', 'astro-postmortems/loader']));
  });
});
