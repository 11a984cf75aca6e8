/**
 * The URL of a module of the engine named by its source file (`./render.ts`), as it exists where the engine runs:
 * the TypeScript source in this repository and its tests, the compiled `.js` once installed from the package
 * (Node strips no types under node_modules). For modules handed to a worker thread or to Astro by URL, which no
 * compiler rewrites.
 */
export function engineModule(source: string, base: string | URL): URL {
  const compiled = String(base).endsWith('.js');
  return new URL(compiled ? source.replace(/\.ts$/, '.js') : source, base);
}
