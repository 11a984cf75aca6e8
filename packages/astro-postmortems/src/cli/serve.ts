/**
 * `postmortems serve`: the built site from `dist/`, with the Content-Security-Policy and the other headers a
 * production server should send (`src/server/static-server.ts`), for a quick internal deployment or a check of
 * the build as readers get it.
 */
import { readEnvironment } from '../core/environment.ts';
import { loadCliConfig, parseCommand, type CliIo } from './common.ts';
import { displayLine } from '../core/terminal-text.ts';
import { createStaticServer } from '../server/static-server.ts';

const HELP = `Usage: postmortems serve [--dir dist] [--host 127.0.0.1] [--port 8080] [--base-path /]

Serves the built site (npm run build first) with its security headers.
HOST, PORT and BASE_PATH in the environment set the defaults.`;

export async function runServe(argv: string[], io: CliIo, signals: Pick<NodeJS.Process, 'on'> = process): Promise<number> {
  const parsed = parseCommand('serve', argv, io, {
    help: HELP,
    options: {
      help: { type: 'boolean', short: 'h' },
      dir: { type: 'string', default: 'dist' },
      host: { type: 'string', default: io.env['HOST'] ?? '127.0.0.1' },
      port: { type: 'string', default: io.env['PORT'] ?? '8080' },
      'base-path': { type: 'string' },
    },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const config = await loadCliConfig('serve', io);
  if (!config) return 2;
  const basePath = values['base-path'] ?? readEnvironment('BASE_PATH', io.env) ?? config.basePath ?? '/';
  const server = createStaticServer({ dir: values.dir, basePath, noindex: !config.indexing });
  await new Promise<void>((resolve) => server.listen(Number(values.port), values.host, resolve));
  io.stdout(displayLine`Serving ${values.dir}/ at http://${values.host}:${values.port}${basePath.replace(/^\/?/, '/')}`);
  // Runs until stopped; the exit status is 0 after a clean stop.
  return new Promise<number>((resolve) => {
    const stop = () => server.close(() => resolve(0));
    signals.on('SIGTERM', stop);
    signals.on('SIGINT', stop);
  });
}
