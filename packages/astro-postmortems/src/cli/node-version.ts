/**
 * Whether this Node runs the commands: the engine's `engines.node`, and for `build` the installed Astro's, which can
 * ask for more (Astro 7.4 needs 22.22 where 7.3 needed 22.12, and `astro` is the organisation's peer dependency to
 * update). Read from the installed packages, so the message stays true as either moves. Without it, Node 20 fails on the first API
 * it lacks, with a message about something else ("Unknown file extension .ts" for `postmortems.config.ts`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import compare from 'semver/functions/compare.js';
import minVersion from 'semver/ranges/min-version.js';
import satisfies from 'semver/functions/satisfies.js';
import validRange from 'semver/ranges/valid.js';
import type { SemVer } from 'semver';
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
    // A range semver cannot read holds this Node to nothing (refusing every Node would stop every command).
    if (typeof name !== 'string' || typeof version !== 'string' || typeof node !== 'string' || !validRange(node)) return undefined;
    return { name, version, node };
  } catch {
    // No Astro installed next to the engine (`npm create` before the organisation's `npm install`), or a package.json
    // that does not read: nothing to hold this Node to.
    return undefined;
  }
}

/**
 * The engine's own requirement and, for a command that runs Astro (`withAstro`: `build`), the installed Astro's, as
 * found (`packageUrl`: the engine's package.json). `check` and the other commands never load Astro, so an Astro
 * that asks for a newer Node does not stop them.
 */
export function nodeRequirements(withAstro: boolean, packageUrl: URL = new URL('../../package.json', import.meta.url)): Requirement[] {
  if (!withAstro) return [requirement(fileURLToPath(packageUrl))].filter((r) => r !== undefined);
  const astro = (() => {
    try {
      return createRequire(packageUrl).resolve('astro/package.json');
    } catch {
      return undefined;
    }
  })();
  return [requirement(fileURLToPath(packageUrl)), astro === undefined ? undefined : requirement(astro)].filter((r) => r !== undefined);
}

/** The lowest version above `version` that `range` accepts, if any (`^20.19.0 || >=22.12.0` above 21.0.0: 22.12.0). */
function lowestAbove(range: string, version: string): SemVer | null {
  let lowest: SemVer | null = null;
  for (const set of range.split('||')) {
    const candidate = validRange(`${set.trim()} >${version}`) && minVersion(`${set.trim()} >${version}`);
    if (candidate && (!lowest || compare(candidate, lowest) < 0)) lowest = candidate;
  }
  return lowest;
}

/** The message (and its hint) when `version` satisfies not every requirement; undefined when it does. */
export function unsupportedNode(version: string, requirements: readonly Requirement[]): string | undefined {
  const unmet = requirements.filter((r) => !satisfies(version, r.node, { includePrerelease: true }));
  if (unmet.length === 0) return undefined;
  // The versions are read from package.json files a pull request could change: shown (escaped), and only read as
  // ranges. The lowest later Node every unmet one accepts names what to install; none when one accepts no later Node.
  const needs = unmet.map((r) => `${displayText(r.name)} ${displayText(r.version)} needs Node ${displayText(r.node)}`);
  const targets = unmet.map((r) => lowestAbove(r.node, version));
  const target = targets.includes(null) ? null : targets.reduce((a, b) => (compare(b!, a!) > 0 ? b : a));
  if (!target)
    return [
      `postmortems: Node ${displayText(version)} is not supported: ${needs.join(', and ')}.`,
      '  Install a Node these accept and run the command again (nvm, fnm, volta…).',
    ].join('\n');
  return [
    `postmortems: Node ${displayText(version)} is too old: ${needs.join(', and ')}.`,
    `  Install Node ${target.major}.${target.minor} or later and run the command again: \`nvm install ${target.major}\` (or fnm, volta…);`,
    '  in a repository, `nvm install` reads its `.nvmrc`, as its CI workflows do.',
  ].join('\n');
}
