// A TCP port on 127.0.0.1 that nothing listens on right now, for a process that must be given a
// fixed port (a PostgreSQL cluster, a site whose workers must keep the same one).
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
