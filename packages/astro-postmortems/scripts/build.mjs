// Builds dist/: the TypeScript compiled by tsc (imports rewritten from .ts to .js), and every other file of src/
// (.astro components and pages, CSS, JSON) copied beside it, with the relative `.ts` imports of .astro files pointed
// at the compiled `.js`. Plain JavaScript, so it runs before anything is compiled.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { removeStamp, writeStamp } from './build-stamp.mjs';

const here = join(import.meta.dirname, '..');
const src = join(here, 'src');
const dist = join(here, 'dist');

// Whatever happens below, dist/ is no longer the build the stamp describes until the last step writes it again.
removeStamp(here);
const tsc = createRequire(join(here, 'package.json')).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);

const RELATIVE_TS = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"\n]+)\.ts\2/g;
// tsc rewrites import specifiers, not the worker a browser script starts (`new Worker(new URL('./x.ts', …))`, which
// Vite bundles): point those at the compiled file too.
const WORKER_TS = /(new Worker\(\s*new URL\(\s*)(['"])(\.{1,2}\/[^'"\n]+)\.ts\2/g;
for (const entry of readdirSync(join(dist, 'lib/client'), { withFileTypes: true })) {
  if (!entry.name.endsWith('.js')) continue;
  const file = join(entry.parentPath, entry.name);
  const text = readFileSync(file, 'utf8');
  if (WORKER_TS.test(text)) writeFileSync(file, text.replace(WORKER_TS, '$1$2$3.js$2'));
  WORKER_TS.lastIndex = 0;
}
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

// The writing page (/write/) runs the rules in the browser on satteri's own WebAssembly build, the parser `check`
// runs natively. npm never installs that build here (its manifest says `cpu: wasm32`, so npm skips it as an optional
// dependency of satteri and refuses it as a direct one), so it is fetched with npm itself, at the version of the
// satteri installed, checked against the lockfile's integrity, and kept in vendor/satteri/ (published with the package).
await vendorSatteriWasm();

writeStamp(here);

async function vendorSatteriWasm() {
  const require = createRequire(join(here, 'package.json'));
  const satteriDir = dirname(dirname(require.resolve('satteri')));
  const { version } = JSON.parse(readFileSync(join(satteriDir, 'package.json'), 'utf8'));
  const name = '@bruits/satteri-wasm32-wasi';
  const folder = join(here, 'vendor/satteri');
  const marker = join(folder, 'VERSION');
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === version && existsSync(join(folder, 'satteri_napi.wasm32-wasi.wasm')))
    return;
  const strict = process.env.npm_lifecycle_event === 'prepack';
  const fail = (message) => {
    if (strict) throw new Error(message);
    process.stderr.write(`astro-postmortems build: ${message}; the writing page's checker will not load until the next build fetches it\n`);
  };
  const temp = mkdtempSync(join(tmpdir(), 'satteri-wasm-'));
  try {
    const npm =
      process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath) ? [process.execPath, process.env.npm_execpath] : ['npm'];
    const packed = spawnSync(npm[0], [...npm.slice(1), 'pack', `${name}@${version}`, '--json', '--pack-destination', temp], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (packed.status !== 0)
      return fail(`could not fetch ${name}@${version} with npm pack (${(packed.stderr || '').trim().split('\n').pop()})`);
    const [info] = JSON.parse(packed.stdout);
    const pinned = lockfileIntegrity(name, version);
    if (pinned && pinned !== info.integrity)
      throw new Error(`${name}@${version} from the registry has integrity ${info.integrity}, the lockfile pins ${pinned}`);
    const files = untar(gunzipSync(readFileSync(join(temp, info.filename))));
    const wasm = files.get('package/satteri_napi.wasm32-wasi.wasm');
    if (!wasm) throw new Error(`${name}@${version} holds no satteri_napi.wasm32-wasi.wasm`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'satteri_napi.wasm32-wasi.wasm.tmp'), wasm);
    renameSync(join(folder, 'satteri_napi.wasm32-wasi.wasm.tmp'), join(folder, 'satteri_napi.wasm32-wasi.wasm'));
    copyFileSync(join(satteriDir, 'LICENSE'), join(folder, 'LICENSE'));
    writeFileSync(
      join(folder, 'README.md'),
      `satteri's WebAssembly build (${name}@${version}, MIT, see LICENSE), integrity ${info.integrity}.\nFetched by scripts/build.mjs for the writing page; not edited.\n`,
    );
    writeFileSync(marker, `${version}\n`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The integrity the nearest package-lock.json pins for `name@version`, if it lists it. */
function lockfileIntegrity(name, version) {
  for (let dir = here; ; dir = dirname(dir)) {
    const lock = join(dir, 'package-lock.json');
    if (existsSync(lock)) {
      const { packages = {} } = JSON.parse(readFileSync(lock, 'utf8'));
      for (const [path, entry] of Object.entries(packages))
        if (path.endsWith(`node_modules/${name}`) && entry.version === version && entry.integrity) return entry.integrity;
      return undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The regular files of a tar archive (ustar, as npm packs), by path. */
function untar(bytes) {
  const files = new Map();
  const text = (from, length) => new TextDecoder().decode(bytes.subarray(from, from + length)).replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= bytes.length;) {
    const name = text(at, 100);
    if (!name) break;
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    const type = text(at + 156, 1);
    const prefix = text(at + 345, 155);
    const path = prefix ? `${prefix}/${name}` : name;
    if (type === '0' || type === '') files.set(path, bytes.slice(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}
