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

const HELP = `Usage: postmortems build

Builds the site into dist/ (astro build, with every postmortem checked and
rendered), then indexes it for search (Pagefind) in a second step, so the two
never hold their memory at the same time. Any option after -- goes to astro build.`;

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
  const code = await new Promise<number>((resolve) => {
    const [command, ...prefix] = io.astro ?? astroCommand(io.cwd);
    const child = spawn(command!, [...prefix, 'build', ...argv.filter((a) => a !== '--')], {
      cwd: io.cwd,
      env: { ...io.env, POSTMORTEMS_SEARCH: 'off' },
      stdio: 'inherit',
    });
    child.on('error', () => resolve(127));
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (code !== 0) return code;
  if (io.env['POSTMORTEMS_SEARCH'] === 'off') return 0;
  const outDir = io.env['POSTMORTEMS_OUT_DIR'] ?? join(io.cwd, 'dist');
  await buildSearchIndex(pathToFileURL(`${outDir}/`), { info: (text) => io.stdout(displayLine`[search] ${text}`) });
  return 0;
}
