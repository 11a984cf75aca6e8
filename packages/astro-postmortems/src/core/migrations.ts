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
  | { kind: 'remove'; option: string; instead: string }
  /** A module the file imports that moved: every `import … from '<from>'` (with or without its extension) now names `to`. */
  | { kind: 'import'; from: string; to: string };

export interface Migration {
  /** The version whose configuration format changed. */
  version: string;
  /** One sentence: what changed, and why. */
  summary: string;
  changes: ConfigChange[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: '0.3.0',
    summary: 'The engine is a package: a copy of the repository at 0.2.0 imported its configuration helpers from its own source.',
    changes: [{ kind: 'import', from: './src/core/config.ts', to: 'astro-postmortems/config' }],
  },
];

/** Where the upgrade note of a version is, for messages: the package's changelog, as installed. */
export function upgradeNote(version: string): string {
  return `the upgrade note of ${version} in node_modules/astro-postmortems/CHANGELOG.md`;
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

/** The migration of a module `postmortems.config.ts` imports that no longer exists (a copy's own source, before 0.3.0). */
export function explainMissingModule(message: string, migrations: readonly Migration[] = MIGRATIONS): string | undefined {
  for (const migration of [...migrations].reverse()) {
    for (const change of migration.changes) {
      if (change.kind !== 'import') continue;
      const path = change.from.replace(/^\.\//, '').replace(/\.[cm]?[jt]s$/, '');
      if (message.includes(path)) {
        return `postmortems.config.ts imports \`${change.from}\`, which is \`${change.to}\` since ${migration.version}: run \`npx postmortems upgrade\`, which rewrites the import keeping your comments (${upgradeNote(migration.version)})`;
      }
    }
  }
  return undefined;
}
