// The postmortem rules for `remark` and the remark language server in editors:
// the same rules `npm run check` runs (see src/remark/preset.ts).
// Node 22.18+ runs the TypeScript sources directly; an editor's bundled Node
// may be older, so fall back to jiti, which strips types the same way.
const load = process.features?.typescript
  ? (path) => import(new URL(path, import.meta.url).href)
  : (await import('jiti')).createJiti(import.meta.url).import;

const { loadConfig } = await load('./src/core/load-config.ts');
const { createPreset } = await load('./src/remark/preset.ts');

export default createPreset(await loadConfig(process.cwd()));
