/** A TCP port free on 127.0.0.1 now, for a server started next (the tests' dev servers, the stress script's). */
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}
