/**
 * Whether this Node runs the commands: the engine's `engines.node` and the installed Astro's, which can ask for more
 * (Astro 7.4 needs 22.22 where 7.3 needed 22.12, and `astro` is the organisation's peer dependency to update). Read
 * from the installed packages, so the message stays true as either moves. Without it, Node 20 fails on the first API
 * it lacks, with a message about something else ("Unknown file extension .ts" for `postmortems.config.ts`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import satisfies from 'semver/functions/satisfies.js';
import { displayText } from '../core/terminal-text.ts';

interface Requirement {
  name: string;
  version: string;
  node: string;
}

function requirement(packageJson: string): Requirement | undefined {
  try {
    const { name, version, engines } = JSON.parse(readFileSync(packageJson, 'utf8')) as {
      name?: unknown;
      version?: unknown;
      engines?: { node?: unknown };
    };
    const node = engines?.node;
    if (typeof name !== 'string' || typeof version !== 'string' || typeof node !== 'string') return undefined;
    return { name, version, node };
  } catch {
    // No Astro installed next to the engine (`npm create` before the organisation's `npm install`), or a package.json
    // that does not read: nothing to hold this Node to.
    return undefined;
  }
}

/** The engine's own requirement and the installed Astro's, as found (`packageUrl`: the engine's package.json). */
export function nodeRequirements(packageUrl: URL = new URL('../../package.json', import.meta.url)): Requirement[] {
  const astro = (() => {
    try {
      return createRequire(packageUrl).resolve('astro/package.json');
    } catch {
      return undefined;
    }
  })();
  return [requirement(fileURLToPath(packageUrl)), astro === undefined ? undefined : requirement(astro)].filter((r) => r !== undefined);
}

/** The message (and its hint) when `version` satisfies not every requirement; undefined when it does. */
export function unsupportedNode(version: string, requirements: readonly Requirement[]): string | undefined {
  const unmet = requirements.filter((r) => !satisfies(version, r.node, { includePrerelease: true }));
  if (unmet.length === 0) return undefined;
  // The versions are read from package.json files a pull request could change: shown, never interpreted.
  const needs = unmet.map((r) => `${displayText(r.name)} ${displayText(r.version)} needs Node ${displayText(r.node)}`);
  return [
    `postmortems: Node ${displayText(version)} is too old for this repository: ${needs.join(', and ')}.`,
    '  Install a newer Node and run the command again: `nvm install` (or fnm, volta…) reads the version from `.nvmrc`,',
    '  as the CI workflows do; raise `.nvmrc` if it names an older one.',
  ].join('\n');
}
