/** Code highlighting colours as classes, generated from the theme by the integration (`src/integration/highlight-styles.ts`). */
declare module 'virtual:postmortems/highlight.css';

/** The organisation's `postmortems.config.ts` (`src/integration/user-config.ts`). */
declare module 'virtual:postmortems/user-config' {
  const config: import('./core/config.js').PostmortemConfigInput;
  export default config;
}
