import { expectMessage, type Cases } from './harness.ts';

const image = expectMessage('image/source', 'error');
const at = (says: string) => image(29, 1, says, 'postmortems/2025-03-04-checkout-pool-change.mdx');

export default {
  'ok-png-beside': [],
  'ok-image-in-sub-folder': [],
  'not-ok-svg': [
    at('Unexpected SVG image `./architecture.svg`'),
    {
      rule: 'file/unexpected',
      line: 1,
      column: 1,
      severity: 'error',
      says: 'file `architecture.svg`',
      file: 'postmortems/architecture.svg',
    },
  ],
  'not-ok-module': [
    at('`./diagram.mjs` that is not an image file'),
    { rule: 'file/unexpected', line: 1, column: 1, severity: 'error', says: 'file `diagram.mjs`', file: 'postmortems/diagram.mjs' },
  ],
  'not-ok-hidden-file': [
    {
      rule: 'file/unexpected',
      line: 1,
      column: 1,
      severity: 'error',
      says: 'hidden file `.diagram.png`',
      file: 'postmortems/.diagram.png',
    },
    at('in a hidden file or folder'),
  ],
  'not-ok-outside': [at('outside `postmortems/`')],
  'not-ok-fake-png': [at('its bytes are not a .png image')],
  'not-ok-missing': [at('`./missing.png` that does not exist')],
  'not-ok-remote': [at('Unexpected remote image `https://tracker.example.com/pixel.png`')],
  'not-ok-query': [at('Unexpected `?` or `#` in image URL')],
} satisfies Cases;
