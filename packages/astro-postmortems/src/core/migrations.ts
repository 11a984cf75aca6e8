/**
 * Every change of the configuration's format that can make a valid `postmortems.config.ts` invalid, newest last:
 * what `postmortems upgrade` rewrites (keeping the file's comments), and what the configuration's errors name when an
 * organisation has installed a version and not run it yet. A release that changes the format adds its entry here,
 * with an upgrade note in CHANGELOG.md (a changeset) and in docs/upgrading.md under the same version.
 */
export type ConfigChange =
  /** An option that moved or was renamed, by dotted path: `{ from: 'footerLinks', to: 'footer.links' }`. */
  | { kind: 'move'; from: string; to: string }
  /** An option that no longer exists and has no mechanical replacement: `instead` says what to do. */
  | { kind: 'remove'; option: string; instead: string };

export interface Migration {
  /** The version whose configuration format changed. */
  version: string;
  /** One sentence: what changed, and why. */
  summary: string;
  changes: ConfigChange[];
}

export const MIGRATIONS: readonly Migration[] = [];

/** Where the upgrade note of a version is, for messages: the package's changelog, as installed. */
export function upgradeNote(version: string): string {
  return `the upgrade note of ${version} in node_modules/astro-postmortems/CHANGELOG.md (and docs/upgrading.md)`;
}

/** The migration and change that explain an option the current format does not know, at dotted `path`. */
export function explainUnknownOption(path: string, migrations: readonly Migration[] = MIGRATIONS): string | undefined {
  for (const migration of [...migrations].reverse()) {
    for (const change of migration.changes) {
      if (change.kind === 'move' && change.from === path) {
        return `\`${path}\` moved to \`${change.to}\` in ${migration.version}: run \`npx postmortems upgrade\`, which rewrites postmortems.config.ts keeping your comments (${upgradeNote(migration.version)})`;
      }
      if (change.kind === 'remove' && change.option === path) {
        return `\`${path}\` was removed in ${migration.version}: ${change.instead} (${upgradeNote(migration.version)})`;
      }
    }
  }
  return undefined;
}
