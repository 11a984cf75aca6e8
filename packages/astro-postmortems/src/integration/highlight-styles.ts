/**
 * `virtual:postmortems/highlight.css`: the colours of highlighted code as
 * classes (see `highlight.ts`), bundled into the site's stylesheet so no
 * element needs an inline `style` and the CSP needs no `'unsafe-inline'`.
 */
import type { Plugin } from 'vite';
import { highlightStylesheet } from './highlight.ts';

export const HIGHLIGHT_CSS = 'virtual:postmortems/highlight.css';
const RESOLVED = `\0${HIGHLIGHT_CSS}`;

export function highlightStyles(): Plugin {
  return {
    name: 'postmortems:highlight-styles',
    resolveId(id) {
      return id === HIGHLIGHT_CSS ? RESOLVED : null;
    },
    async load(id) {
      return id === RESOLVED ? await highlightStylesheet() : null;
    },
  };
}
