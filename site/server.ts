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
  return {
    url: siteUrl(listen.host, port),
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** The address to reach a site listening on `host`: a wildcard host is reached on 127.0.0.1. */
export function siteUrl(host: string, port: number): string {
  return `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`;
}
