/**
 * URLs an attacker's pull request can put in a postmortem so that the page
 * asks another host for something (a tracking pixel that tells them who read
 * it and when), or sends the reader there, past a check that reads URLs
 * differently from the browser: backslashes and tabs the browser takes for
 * `/`, character references, a reference definition, two definitions of one
 * label, and images the rule used to skip. Each is a paragraph of its own in a
 * valid postmortem (`withBlock`); `host` is the "remote" host (`host:port` for
 * a local server in the dev and browser tests).
 */
import { BLOCK_LINE, withBlock } from '../postmortem.ts';

export interface UrlVector {
  /** The block added to the valid postmortem. */
  block: string;
  /** Rules `check` reports for it (at `line` lines after the block's first, column 1), or none: it must publish, safely. */
  rules: string[];
  /** Line of the report, counted from the block's first line (a definition's report is on its own line). */
  line?: number;
  /** A file the block shows, beside the postmortem. */
  files?: Record<string, Uint8Array>;
}

/** A 1×1 PNG: a real image file for the vectors that must publish. */
export const PNG = Uint8Array.from(
  Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64'),
);

const IMAGE = 'image/source';
const LINK = 'mdx/disallowed-element';

export function urlVectors(host: string): Record<string, UrlVector> {
  return {
    'image `/\\host` (a backslash the browser reads as `/`)': { block: `![x](/\\${host}/p.png)`, rules: [IMAGE] },
    'image `/<TAB>/host` (a tab in an angle-bracket destination)': { block: `![x](</\t/${host}/p.png>)`, rules: [IMAGE] },
    'image `/&#9;/host` (a tab as a character reference)': { block: `![x](/&#9;/${host}/p.png)`, rules: [IMAGE] },
    'image `/&#10;/host` (a line break as a character reference)': { block: `![x](/&#10;/${host}/p.png)`, rules: [IMAGE] },
    'image `&#47;&#92;host` (both slashes as character references)': { block: `![x](&#47;&#92;${host}/p.png)`, rules: [IMAGE] },
    'image `\\\\host` (two escaped backslashes)': { block: `![x](\\\\\\\\${host}/p.png)`, rules: [IMAGE] },
    'image `//host`': { block: `![x](//${host}/p.png)`, rules: [IMAGE] },
    'image `http://host`': { block: `![x](http://${host}/p.png)`, rules: [IMAGE] },
    'image through a reference definition `[r]: /\\host`': { block: `![x][r]\n\n[r]: /\\${host}/p.png`, rules: [IMAGE] },
    'image through a definition, the remote one first': {
      block: `![x][r]\n\n[r]: /\\${host}/p.png\n[r]: ./ok.png`,
      rules: [IMAGE],
      files: { 'ok.png': PNG },
    },
    'image `![x]()` (empty)': { block: '![x]()', rules: [IMAGE] },
    'image `#frag`': { block: '![x](#frag)', rules: [IMAGE] },
    'image `mailto:`': { block: '![x](mailto:a@example.com)', rules: [IMAGE] },
    "image `\\host` (one escaped backslash: the site's root)": { block: `![x](\\\\${host}/p.png)`, rules: [IMAGE] },
    "image from the site's root `/x.png`": { block: '![x](/brand/logo.png)', rules: [IMAGE] },
    'image `data:`': { block: '![x](data:image/png;base64,iVBORw0KGgo=)', rules: [IMAGE] },
    'image `javascript:`': { block: '![x](javascript:alert(1))', rules: [IMAGE] },
    'link `/\\host` (another host without a scheme)': { block: `[x](/\\${host}/)`, rules: [LINK] },
    'link through a definition with a tab in `javascript:`': { block: '[x][l]\n\n[l]: java&#9;script:alert(1)', rules: [LINK], line: 2 },
    'link through a definition, the `javascript:` one first': {
      block: '[x][l]\n\n[l]: javascript:alert(1)\n[l]: https://example.com/',
      rules: [LINK],
      line: 2,
    },
    // The first definition of a label is the one used (CommonMark): these publish, with the first one's URL.
    'image through a definition, the local one first (the remote one is never used)': {
      block: `![x][r]\n\n[r]: ./ok.png\n[r]: /\\${host}/p.png`,
      rules: [],
      files: { 'ok.png': PNG },
    },
    'link through a definition, the https one first (the `javascript:` one is never used)': {
      block: '[x][l]\n\n[l]: https://example.com/\n[l]: javascript:alert(1)',
      rules: [],
    },
  };
}

/** The postmortem file, and the files beside it, for vector number `i` (each in its own folder; ids stay unique). */
export function vectorFiles(vector: UrlVector, i: number): Record<string, string | Uint8Array> {
  const folder = `postmortems/v${i}`;
  const files: Record<string, string | Uint8Array> = { [`${folder}/2025-06-10-url-${i}.mdx`]: withBlock(vector.block, `url ${i}`) };
  for (const [name, bytes] of Object.entries(vector.files ?? {})) files[`${folder}/${name}`] = bytes;
  return files;
}

export function vectorPath(i: number): string {
  return `postmortems/v${i}/2025-06-10-url-${i}.mdx`;
}

/** The line `check` reports a vector at. */
export function vectorLine(vector: UrlVector): number {
  return BLOCK_LINE + (vector.line ?? 0);
}
