/**
 * `npm run serve`: serves the built site (`dist/`) with its security headers,
 * for an internal host (behind SSO or a company proxy, or in a container).
 * See docs/deploy.md.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/core/load-config.ts';
import { createStaticServer } from '../src/server/static-server.ts';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'dist' },
    host: { type: 'string', default: process.env['HOST'] ?? '127.0.0.1' },
    port: { type: 'string', default: process.env['PORT'] ?? '8080' },
    'base-path': { type: 'string' },
  },
});
const config = await loadConfig(process.cwd());
const basePath = values['base-path'] ?? process.env['BASE_PATH'] ?? config.basePath ?? '/';
const server = createStaticServer({ dir: values.dir, basePath, noindex: !config.indexing });
server.listen(Number(values.port), values.host, () => {
  process.stdout.write(`Serving ${values.dir}/ at http://${values.host}:${values.port}${basePath.replace(/^\/?/, '/')}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
