/**
 * satteri's parser in the browser: its own WebAssembly build (the same Rust parser `check` runs natively, at the same
 * version; `scripts/build.mjs` keeps it in `vendor/satteri/`), instantiated with napi-rs's runtime. The integration
 * points satteri's browser binding (`@bruits/satteri-wasm32-wasi`) here, so `import { mdxToMdast } from 'satteri'`
 * works unchanged in the writing page's worker.
 *
 * Unlike the loader napi-rs generates, this one starts no thread: the parse is synchronous and satteri spawns none
 * for it, so no Worker is created from a bare specifier and no pool of four waits idle. The memory's size is the one
 * the module declares (the generated loader asks for 256 MB up front). Loading needs `'wasm-unsafe-eval'`, which the
 * site's CSP allows for Pagefind; nothing here evaluates text.
 */
import { getDefaultContext, instantiateNapiModule, WASI } from '@napi-rs/wasm-runtime';
import { importedMemoryLimits } from './wasm-limits.ts';

const WASM = new URL('../../../vendor/satteri/satteri_napi.wasm32-wasi.wasm', import.meta.url);

const response = await fetch(WASM);
if (!response.ok)
  throw new Error(
    `satteri's WebAssembly did not load (${response.status} ${response.statusText}); the site may have been built without it`,
  );
const bytes = new Uint8Array(await response.arrayBuffer());
const limits = importedMemoryLimits(bytes);
const memory = new WebAssembly.Memory({ initial: limits.initial, maximum: limits.maximum ?? 65536, shared: true });

const { napiModule } = await instantiateNapiModule(bytes, {
  context: getDefaultContext(),
  asyncWorkPoolSize: 0,
  wasi: new WASI({ version: 'preview1' }),
  overwriteImports(importObject: Record<string, Record<string, unknown>>) {
    importObject['env'] = { ...importObject['env'], ...importObject['napi'], ...importObject['emnapi'], memory };
    return importObject;
  },
  beforeInit({ instance }: { instance: WebAssembly.Instance }) {
    for (const name of Object.keys(instance.exports)) if (name.startsWith('__napi_register__')) (instance.exports[name] as () => void)();
  },
});

const binding = napiModule.exports as Record<string, never>;
export default binding;
// Every name satteri's JavaScript imports from its binding (`satteri/dist/binding.browser.js`).
export const {
  applyCommandsAndCompileHandle,
  applyCommandsAndConvertToHastHandle,
  applyCommandsAndRenderHandle,
  applyCommandsToHandle,
  applyCommandsToMdastHandle,
  applyMdastCommandsAndConvertAndCompile,
  applyMdastCommandsAndConvertAndRender,
  compileHandle,
  compileMdx,
  convertMdastToHastHandle,
  createHastHandle,
  createHastHandleFromHtml,
  createHastHandleWithFrontmatter,
  createMdastHandle,
  createMdxHastHandle,
  createMdxHastHandleWithFrontmatter,
  createMdxMdastHandle,
  dropHandle,
  getHandleSource,
  getMdastFrontmatter,
  getNodeData,
  markdownToHtmlFast,
  markdownToJsFast,
  mdastTextContentHandle,
  mdxToJsFast,
  parseEsm,
  parseExpression,
  parseHastWire,
  parseMdastWire,
  parseToHtml,
  renderHandle,
  renderHastOpstream,
  serializeHandle,
  setNodeData,
  textContentHandle,
  walkHandle,
  walkMdastHandle,
} = binding;
