/**
 * `npm run build`: the site (`astro build`), then its search index, in two
 * processes one after the other. Pagefind holds its whole index in memory
 * while it writes it; indexing inside Astro's `astro:build:done` hook added
 * that to everything Astro still held (5.9 GB at 5,000 postmortems, measured),
 * so the peak is now the larger of the two, not their sum. A plain
 * `astro build` still indexes in its hook (convenient, not the lean path).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSearchIndex } from '../integration/pagefind/index.ts';
import type { CliIo } from './common.ts';
import { displayLine } from '../core/terminal-text.ts';
import { AUDIENCE_ENV, AUDIENCES } from '../core/publishing.ts';
import { readEnvironment } from '../core/environment.ts';

const HELP = `Usage: postmortems build [--audience internal|external] [-- astro build options]

Builds the site into dist/ (astro build, with every postmortem checked and
rendered), then indexes it for search (Pagefind) in a second step, so the two
never hold their memory at the same time. Any other option goes to astro build
(e.g. --outDir dist-external).

  --audience <who>   internal: every part, internal parts marked (the default);
                     external: internal parts and drafts left out of every file.
                     Wins over \`audience\` in postmortems.config.ts (as does the
                     ${AUDIENCE_ENV} environment variable, which this sets).`;

/** The project's own Astro (the organisation's dependency, which the engine's peer range allows), run with this Node. */
export function astroCommand(cwd: string): string[] {
  const manifest = createRequire(join(cwd, 'package.json')).resolve('astro/package.json');
  return [process.execPath, join(dirname(manifest), 'bin/astro.mjs')];
}

export async function runBuild(argv: string[], io: CliIo & { astro?: string[] }): Promise<number> {
  // Everything else goes to `astro build` as it is.
  if (argv.includes('--help') || argv.includes('-h')) {
    io.stdout(HELP);
    return 0;
  }
  const audience = takeAudience(argv);
  if (audience && 'error' in audience) {
    io.stderr(`${displayLine`postmortems build: ${audience.error}`}\n\n${HELP}`);
    return 2;
  }
  const rest = audience ? audience.rest : argv;
  const code = await new Promise<number>((resolve) => {
    const [command, ...prefix] = io.astro ?? astroCommand(io.cwd);
    const child = spawn(command!, [...prefix, 'build', ...rest.filter((a) => a !== '--')], {
      cwd: io.cwd,
      env: { ...io.env, POSTMORTEMS_SEARCH: 'off', ...(audience ? { [AUDIENCE_ENV]: audience.value } : {}) },
      stdio: 'inherit',
    });
    child.on('error', () => resolve(127));
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0) return code;
  if (readEnvironment('POSTMORTEMS_SEARCH', io.env) === 'off') return 0;
  const outDir = readEnvironment('POSTMORTEMS_OUT_DIR', io.env) ?? join(io.cwd, 'dist');
  await buildSearchIndex(pathToFileURL(`${outDir}/`), { info: (text) => io.stdout(displayLine`[search] ${text}`) });
  return 0;
}

/** `--audience <who>` or `--audience=<who>` taken out of the arguments (the rest go to `astro build`). */
function takeAudience(argv: readonly string[]): { value: string; rest: string[] } | { error: string } | undefined {
  const at = argv.findIndex((a) => a === '--audience' || a.startsWith('--audience='));
  if (at < 0 || argv.slice(0, at).includes('--')) return undefined;
  const inline = argv[at]!.startsWith('--audience=');
  const value = inline ? argv[at]!.slice('--audience='.length) : argv[at + 1];
  if (!value || !(AUDIENCES as readonly string[]).includes(value))
    return {
      error: `Unexpected --audience ${value === undefined ? '(no value)' : `\`${value}\``}, expected ${AUDIENCES.map((a) => `\`${a}\``).join(' or ')}`,
    };
  return { value, rest: [...argv.slice(0, at), ...argv.slice(at + (inline ? 1 : 2))] };
}
