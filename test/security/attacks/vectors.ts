/**
 * The attacks of the "content never becomes code" review, as files an attacker
 * could put in a pull request. Each payload, if it ever ran, would write
 * `marker` (a path outside the repository); a test passes only if the marker
 * is never written.
 */
import { validPostmortem, withBlock } from '../postmortem.ts';

/** JavaScript that writes the marker, as ESM or as an expression would run it. */
export function payload(marker: string): string {
  return `process.getBuiltinModule('node:fs').writeFileSync(${JSON.stringify(marker)}, 'evaluated')`;
}

export interface Attack {
  /** Repository-relative path → content (text or bytes). */
  files: Record<string, string | Uint8Array>;
  /** The rule ids `check` must report for the postmortem (`file` defaults to the first one). */
  rules: string[];
}

const PM = 'postmortems/2025-06-10-attack.mdx';

/** Every attack, by name. `marker` is where a payload would write. */
export function attacks(marker: string): Record<string, Attack> {
  const run = payload(marker);
  const fm = validPostmortem('attack');
  const [, yaml, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(fm)!;
  return {
    'ESM after a line break (`export` alone on its line)': {
      files: { [PM]: withBlock(`export\nconst pwned = ${run}`) },
      rules: ['mdx/no-esm'],
    },
    'ESM after a line break (`import` alone on its line)': {
      files: { [PM]: withBlock(`import\nfs from 'node:fs'`) },
      rules: ['mdx/no-esm'],
    },
    'ESM after CR line endings': { files: { [PM]: withBlock(`export\rconst pwned = ${run}`) }, rules: ['mdx/no-esm'] },
    'frontmatter opened twice (`---` then `---`), code in what was YAML': {
      files: { [PM]: `---\n---\n# {${run}}\n${yaml}\n---\n${body}` },
      rules: ['frontmatter/invalid', 'mdx/no-expression'],
    },
    'closing fence with a tab (`---<TAB>`)': { files: { [PM]: `---\n${yaml}\n---\t\n{${run}}\n${body}` }, rules: ['frontmatter/invalid'] },
    'closing fence with spaces, then a real one': {
      files: { [PM]: `---\n${yaml}\n---   \nexport const pwned = ${run}\n---\n${body}` },
      rules: ['frontmatter/invalid'],
    },
    'two byte-order marks': { files: { [PM]: `\uFEFF\uFEFF${fm}` }, rules: ['frontmatter/invalid'] },
    'YAML `!!js/function` tag': {
      files: { [PM]: fm.replace('severity: P2', `severity: !!js/function "function () { ${run} }"`) },
      rules: ['frontmatter/invalid'],
    },
    'YAML document end `...`, sections hidden in comments after it': {
      files: { [PM]: `---\n${yaml}\n...\n# ## Executive Summary\n---\n## Action Items\n` },
      rules: ['frontmatter/invalid'],
    },
    'TOML frontmatter (`+++`)': { files: { [PM]: `+++\ntitle = "x"\n+++\n${body}` }, rules: ['frontmatter/invalid'] },
    'first line `--- ` with a trailing space': { files: { [PM]: `--- \n${yaml}\n---\n${body}` }, rules: ['frontmatter/invalid'] },
    'relative image that is a module (`./diagram.mjs`)': {
      files: { [PM]: withBlock('![d](./diagram.mjs)'), 'postmortems/diagram.mjs': `${run};\nexport default 1;\n` },
      rules: ['image/source', 'file/unexpected'],
    },
    'relative image that is a hidden MDX file (`./.diagram.mdx`)': {
      files: { [PM]: withBlock('![x](./.diagram.mdx)'), 'postmortems/.diagram.mdx': `export const pwned = ${run}\n` },
      rules: ['image/source', 'file/unexpected'],
    },
    'relative SVG image with a script': {
      files: {
        [PM]: withBlock('![x](./diagram.svg)'),
        'postmortems/diagram.svg': '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>',
      },
      rules: ['image/source', 'file/unexpected'],
    },
    'relative image outside the repository (`/proc/self/environ?raw`)': {
      files: { [PM]: withBlock('![x](../../../../proc/self/environ?raw)') },
      rules: ['image/source'],
    },
    'image reference to a module': {
      files: { [PM]: withBlock('![d][chart]\n\n[chart]: ./chart.mjs'), 'postmortems/chart.mjs': `${run};\n` },
      rules: ['image/source', 'file/unexpected'],
    },
    'image named .png holding HTML': {
      files: { [PM]: withBlock('![x](./chart.png)'), 'postmortems/chart.png': '<html><script>alert(1)</script></html>' },
      rules: ['image/source'],
    },
  };
}
