/**
 * `postmortems upgrade`: after installing a newer engine, rewrites `postmortems.config.ts` to the configuration
 * format of the installed version (`core/migrations.ts`), keeping every comment and the formatting of everything it
 * does not move: the file is parsed with magicast (Babel's parser, printed back by recast, which reprints only the
 * nodes that changed), and an option is moved by moving its own node, comments attached.
 *
 * It applies each change whose old form is in the file, so it is safe to run twice and needs no record of the
 * version the file was written for. An option it cannot migrate (removed, or moved where the file already has the
 * new option) is reported with its upgrade note, and nothing is written. `--check` writes nothing and exits 1 when
 * the file needs upgrading (for CI).
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateCode, parseModule } from 'magicast';
import { CONFIG_FILE } from '../core/config.ts';
import { MIGRATIONS, upgradeNote, type Migration } from '../core/migrations.ts';
import { displayText } from '../core/terminal-text.ts';
import { parseCommand, type CliIo } from './common.ts';

const HELP = `Usage: postmortems upgrade [--check]

Rewrites ${CONFIG_FILE} to the configuration format of the installed astro-postmortems,
keeping your comments, and says what it changed and where each change's upgrade note is.
Run it after installing a new version whose release notes ask for it; running it again changes nothing.

Options:
  --check   write nothing; exit 1 if the file needs upgrading
  --help    Show this help`;

/* A minimal view of Babel's AST: what the codemod reads and moves. */
interface Node {
  type: string;
  [key: string]: unknown;
}
interface ObjectExpression extends Node {
  type: 'ObjectExpression';
  properties: Node[];
}
interface Property extends Node {
  key: Node & { name?: string; value?: string };
  value: Node;
  computed?: boolean;
}

const isProperty = (n: Node): n is Property => n.type === 'ObjectProperty' || n.type === 'Property';
const keyOf = (p: Property): string | undefined =>
  p.computed ? undefined : p.key.type === 'Identifier' ? p.key.name : typeof p.key.value === 'string' ? p.key.value : undefined;

/** The configuration object: `export default defineConfig({…})`, `export default {…}`, through `satisfies`/`as`. */
function configObject(program: Node): ObjectExpression | undefined {
  const body = program['body'] as Node[];
  const exported = body.find((n) => n.type === 'ExportDefaultDeclaration')?.['declaration'] as Node | undefined;
  let node = exported;
  while (node) {
    if (node.type === 'ObjectExpression') return node as ObjectExpression;
    if (node.type === 'CallExpression') node = (node['arguments'] as Node[])[0];
    else if (node.type === 'TSAsExpression' || node.type === 'TSSatisfiesExpression' || node.type === 'ParenthesizedExpression')
      node = node['expression'] as Node;
    else return undefined;
  }
  return undefined;
}

function find(object: ObjectExpression, key: string): Property | undefined {
  return object.properties.filter(isProperty).find((p) => keyOf(p) === key);
}

/** The property at a dotted path, and the object holding it. */
function lookup(root: ObjectExpression, path: string): { parent: ObjectExpression; property: Property } | undefined {
  const keys = path.split('.');
  let object: ObjectExpression = root;
  for (const [i, key] of keys.entries()) {
    const property = find(object, key);
    if (!property) return undefined;
    if (i === keys.length - 1) return { parent: object, property };
    if (property.value.type !== 'ObjectExpression') return undefined;
    object = property.value as ObjectExpression;
  }
  return undefined;
}

const identifier = (name: string): Node =>
  /^[A-Za-z_$][\w$]*$/.test(name) ? { type: 'Identifier', name } : { type: 'StringLiteral', value: name };

/** The object at a dotted path, made (empty) where it is missing; undefined when a non-object is in the way. */
function objectAt(root: ObjectExpression, keys: string[]): ObjectExpression | undefined {
  let object = root;
  for (const key of keys) {
    let property = find(object, key);
    if (!property) {
      property = {
        type: 'ObjectProperty',
        key: identifier(key),
        value: { type: 'ObjectExpression', properties: [] },
        computed: false,
        shorthand: false,
      } as Property;
      object.properties.push(property);
    }
    if (property.value.type !== 'ObjectExpression') return undefined;
    object = property.value as ObjectExpression;
  }
  return object;
}

export interface UpgradeResult {
  /** The file's new text (unchanged when nothing applied). */
  text: string;
  /** What was changed, one line each. */
  applied: string[];
  /** What could not be migrated, with its upgrade note. */
  blocked: string[];
}

/** The configuration's text migrated through every applicable change. */
export function upgradeConfigText(text: string, migrations: readonly Migration[] = MIGRATIONS): UpgradeResult {
  const module = parseModule(text);
  const root = configObject(module.$ast as unknown as Node);
  const applied: string[] = [];
  const blocked: string[] = [];
  if (!root) {
    const pending = migrations.some((m) =>
      m.changes.some(
        (c) => c.kind !== 'import' && new RegExp(`\\b${(c.kind === 'move' ? c.from : c.option).split('.').pop()}\\b`).test(text),
      ),
    );
    if (pending)
      blocked.push(
        `${CONFIG_FILE} does not export its options as \`export default defineConfig({ … })\`: migrate it by hand (${upgradeNote(migrations.at(-1)!.version)})`,
      );
    return { text, applied, blocked };
  }
  for (const migration of migrations) {
    for (const change of migration.changes) {
      if (change.kind === 'import') {
        const from = change.from.replace(/\.[cm]?[jt]s$/, '');
        for (const node of (module.$ast as unknown as { body: Node[] }).body) {
          const source =
            node.type === 'ImportDeclaration' || node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration'
              ? (node['source'] as (Node & { value: string }) | null)
              : null;
          if (!source || source.value.replace(/\.[cm]?[jt]s$/, '') !== from) continue;
          applied.push(`${migration.version}: \`import … from '${source.value}'\` → \`'${change.to}'\``);
          source.value = change.to;
        }
        continue;
      }
      if (change.kind === 'remove') {
        if (lookup(root, change.option))
          blocked.push(`\`${change.option}\` was removed in ${migration.version}: ${change.instead} (${upgradeNote(migration.version)})`);
        continue;
      }
      const found = lookup(root, change.from);
      if (!found) continue;
      const target = change.to.split('.');
      const last = target.pop()!;
      if (lookup(root, change.to)) {
        blocked.push(
          `\`${change.from}\` moved to \`${change.to}\` in ${migration.version}, and the file has both: keep one (${upgradeNote(migration.version)})`,
        );
        continue;
      }
      const destination = objectAt(root, target);
      if (!destination) {
        blocked.push(
          `\`${change.from}\` moved to \`${change.to}\` in ${migration.version}, but \`${target.join('.')}\` is not an object literal: move it by hand (${upgradeNote(migration.version)})`,
        );
        continue;
      }
      // The node itself moves, so the comments attached to it move with it.
      found.parent.properties.splice(found.parent.properties.indexOf(found.property), 1);
      if (keyOf(found.property) !== last) {
        found.property.key = identifier(last) as Property['key'];
        found.property['shorthand'] = false;
      }
      destination.properties.push(found.property);
      applied.push(`${migration.version}: \`${change.from}\` → \`${change.to}\``);
    }
  }
  if (!applied.length || blocked.length) return { text, applied: blocked.length ? [] : applied, blocked };
  // The file's own indentation (magicast's guess can take a JSDoc comment's one space for it), quotes and commas.
  const indent = /\n([ \t]+)\S/.exec(text.slice(text.indexOf('{', (root['start'] as number) ?? 0)))?.[1] ?? '  ';
  const format = {
    useTabs: indent.startsWith('\t'),
    tabWidth: indent.startsWith('\t') ? 2 : indent.length,
    quote: /'/.test(text) ? ('single' as const) : ('double' as const),
    trailingComma: /,\s*\n\s*[}\]]/.test(text),
  };
  const code = generateCode(module, { format: false, ...format }).code;
  return { text: text.endsWith('\n') && !code.endsWith('\n') ? `${code}\n` : code, applied, blocked };
}

export async function runUpgrade(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommand('upgrade', argv, io, {
    help: HELP,
    usage: 'Run `postmortems upgrade --help` for usage.',
    options: { check: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (typeof parsed === 'number') return parsed;
  const file = join(io.cwd, CONFIG_FILE);
  if (!existsSync(file)) {
    io.stdout(`upgrade: no ${CONFIG_FILE}: the defaults need no upgrade.`);
    return 0;
  }
  const before = await readFile(file, 'utf8');
  let result: UpgradeResult;
  try {
    result = upgradeConfigText(before);
  } catch (error) {
    io.stderr(`upgrade: could not parse ${CONFIG_FILE}: ${displayText((error as Error).message)}; nothing was written.`);
    return 1;
  }
  for (const line of result.blocked) io.stderr(`upgrade: ${displayText(line)}`);
  if (result.blocked.length) {
    io.stderr(`upgrade: nothing was written; fix the above by hand, then run it again.`);
    return 1;
  }
  if (!result.applied.length) {
    io.stdout(`upgrade: ${CONFIG_FILE} already has the format of this version; nothing to do.`);
    return 0;
  }
  if (parsed.values.check) {
    io.stderr(
      `upgrade: ${CONFIG_FILE} needs upgrading (run \`npx postmortems upgrade\`):\n${result.applied.map((l) => `  ${l}`).join('\n')}`,
    );
    return 1;
  }
  await writeFile(file, result.text);
  io.stdout(
    `upgrade: rewrote ${CONFIG_FILE}, keeping your comments:\n${result.applied.map((l) => `  ${l}`).join('\n')}\nReview the change (git diff), then run \`npm test\`.`,
  );
  return 0;
}
