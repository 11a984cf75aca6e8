/** Code highlighting colours as classes, generated from the theme by the integration (`src/integration/highlight-styles.ts`). */
declare module 'virtual:postmortems/highlight.css';
