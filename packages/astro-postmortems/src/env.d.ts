/** Code highlighting colours as classes, generated from the theme by the integration (`src/integration/highlight-styles.ts`). */
declare module 'virtual:postmortems/highlight.css';

/** The organisation's `postmortems.config.ts` (`src/integration/user-config.ts`). */
declare module 'virtual:postmortems/user-config' {
  const config: import('./core/config.js').PostmortemConfigInput;
  export default config;
}

/** napi-rs's WebAssembly runtime ships no types; the writing page's parser loader (`lib/client/satteri-wasm.ts`) uses this much of it. */
declare module '@napi-rs/wasm-runtime' {
  export class WASI {
    constructor(options: { version: 'preview1' });
  }
  export function getDefaultContext(): unknown;
  export function instantiateNapiModule(
    bytes: Uint8Array,
    options: {
      context: unknown;
      asyncWorkPoolSize: number;
      wasi: WASI;
      overwriteImports(importObject: Record<string, Record<string, unknown>>): Record<string, Record<string, unknown>>;
      beforeInit(options: { instance: WebAssembly.Instance }): void;
    },
  ): Promise<{ napiModule: { exports: Record<string, unknown> } }>;
}
