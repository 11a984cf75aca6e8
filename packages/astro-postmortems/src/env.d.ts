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

/** The organisation's colours and stylesheets, and its components in place of the engine's (`src/integration/overrides.ts`). */
declare module 'virtual:postmortems/theme.css';
declare module 'virtual:postmortems/custom-css';
declare module 'virtual:postmortems/components/Header' {
  const Header: typeof import('./components/header.astro').default;
  export default Header;
}
declare module 'virtual:postmortems/components/Footer' {
  const Footer: typeof import('./components/footer.astro').default;
  export default Footer;
}
declare module 'virtual:postmortems/components/PostmortemHeader' {
  const PostmortemHeader: typeof import('./components/postmortem-header.astro').default;
  export default PostmortemHeader;
}
