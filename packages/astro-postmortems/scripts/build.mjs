// Builds dist/: the TypeScript compiled by tsc (imports rewritten from .ts to .js), and every other file of src/
// (.astro components and pages, CSS, JSON) copied beside it, with the relative `.ts` imports of .astro files pointed
// at the compiled `.js`. Plain JavaScript, so it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const here = join(import.meta.dirname, '..');
const src = join(here, 'src');
const dist = join(here, 'dist');

const tsc = createRequire(join(here, 'package.json')).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);

const RELATIVE_TS = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"\n]+)\.ts\2/g;
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))) continue;
  const from = join(entry.parentPath, entry.name);
  const to = join(dist, relative(src, from));
  mkdirSync(dirname(to), { recursive: true });
  if (entry.name.endsWith('.astro')) writeFileSync(to, readFileSync(from, 'utf8').replace(RELATIVE_TS, '$1$2$3.js$2'));
  else copyFileSync(from, to);
}

// The JSON Schema of the default configuration's frontmatter, for editors (the `./schema.json` export), generated
// from the compiled zod schema so it cannot drift.
const { frontmatterJsonSchema, serializeSchema, SCHEMA_FILE } = await import(pathToFileURL(join(dist, 'cli/schema.js')).href);
const { resolveConfig } = await import(pathToFileURL(join(dist, 'core/config.js')).href);
writeFileSync(join(here, SCHEMA_FILE), serializeSchema(frontmatterJsonSchema(resolveConfig({}))));

// The `postmortems` binary runs by its shebang.
chmodSync(join(dist, 'cli/bin.js'), 0o755);
