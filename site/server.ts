// Starts the site on a port with given dependencies; used by main.ts, tests and benchmarks.
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import type { SiteDeps } from './context.ts';

export interface RunningSite {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startSite(deps: SiteDeps, listen: { host: string; port: number }): Promise<RunningSite> {
  const app = createApp(deps);
  const server = app.listen({ host: listen.host, port: listen.port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.keepAliveTimeout = 65_000;
  const { port } = server.address() as AddressInfo;
  const host = listen.host === '0.0.0.0' || listen.host === '::' ? '127.0.0.1' : listen.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
