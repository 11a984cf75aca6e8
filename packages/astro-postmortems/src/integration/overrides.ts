/**
 * What an organisation changes without forking, served to the pages as Vite virtual modules (as Starlight serves
 * `virtual:starlight/components/*`):
 *
 * - `virtual:postmortems/components/<Name>`: its own component from `components` in postmortems.config.ts, else the
 *   engine's (`Header`, `Footer`, `PostmortemHeader`);
 * - `virtual:postmortems/theme.css`: `colors` as custom properties of `:root`, bundled into the site's stylesheet
 *   (no inline style: the Content-Security-Policy allows none);
 * - `virtual:postmortems/custom-css`: its own stylesheets (`customCss`), loaded after the site's.
 *
 * Paths were checked by the configuration's schema (`./`-relative, inside the repository, the right extension); here
 * they must also exist, or the build stops naming the option and the file.
 */
import { existsSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { CONFIG_FILE, ConfigError, OVERRIDABLE_COMPONENTS, type PostmortemConfig } from '../core/config.ts';

const COMPONENTS = 'virtual:postmortems/components/';
const THEME_CSS = 'virtual:postmortems/theme.css';
const CUSTOM_CSS = 'virtual:postmortems/custom-css';

/** The engine's own component for each overridable name (the file an override may import as its default). */
export const DEFAULT_COMPONENTS: Record<(typeof OVERRIDABLE_COMPONENTS)[number], string> = {
  Header: 'header.astro',
  Footer: 'footer.astro',
  PostmortemHeader: 'postmortem-header.astro',
};

const OVERRIDE_HINT =
  'Name a file of your repository relative to its root, e.g. `./src/components/header.astro` or `./src/styles/brand.css` (`components` and `customCss` in node_modules/astro-postmortems/README.md, "Configuration").';

/** A path of the configuration, as an absolute path inside `root`; a missing file is a configuration error. */
function projectPath(root: string, option: string, path: string): string {
  const absolute = resolve(root, path);
  if (!absolute.startsWith(root.endsWith(sep) ? root : root + sep))
    throw new ConfigError(
      `Invalid postmortem configuration (${CONFIG_FILE}):\n  - ${option}: \`${path}\` is outside the repository`,
      OVERRIDE_HINT,
    );
  if (!existsSync(absolute))
    throw new ConfigError(
      `Invalid postmortem configuration (${CONFIG_FILE}):\n  - ${option}: \`${path}\` does not exist (paths are relative to the repository root)`,
      OVERRIDE_HINT,
    );
  return absolute;
}

/** `colors` as CSS: each custom property, one colour for both themes or a `light-dark()` pair. */
export function themeStylesheet(colors: PostmortemConfig['colors']): string {
  const declarations = Object.entries(colors).map(
    ([name, value]) => `  --${name}: ${typeof value === 'string' ? value : `light-dark(${value.light}, ${value.dark})`};`,
  );
  return declarations.length ? `:root {\n${declarations.join('\n')}\n}\n` : '';
}

export function overrides(root: string, config: PostmortemConfig): Plugin {
  const components = new Map<string, string>();
  for (const name of OVERRIDABLE_COMPONENTS) {
    const own = config.components[name];
    components.set(
      name,
      own
        ? projectPath(root, `components.${name}`, own)
        : fileURLToPath(new URL(`../components/${DEFAULT_COMPONENTS[name]}`, import.meta.url)),
    );
  }
  const stylesheets = config.customCss.map((path, i) => projectPath(root, `customCss[${i}]`, path));
  return {
    name: 'postmortems:overrides',
    resolveId(id) {
      if (id === THEME_CSS || id === CUSTOM_CSS) return `\0${id}`;
      if (id.startsWith(COMPONENTS) && components.has(id.slice(COMPONENTS.length))) return `\0${id}`;
      return null;
    },
    load(id) {
      if (!id.startsWith('\0virtual:postmortems/')) return null;
      const virtual = id.slice(1);
      if (virtual === THEME_CSS) return themeStylesheet(config.colors);
      if (virtual === CUSTOM_CSS) return stylesheets.map((file) => `import ${JSON.stringify(file)};`).join('\n') || 'export {};';
      const file = virtual.startsWith(COMPONENTS) ? components.get(virtual.slice(COMPONENTS.length)) : undefined;
      return file ? `export { default } from ${JSON.stringify(file)};` : null;
    },
  };
}
