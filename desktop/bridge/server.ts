// Starts the bridge on 127.0.0.1 only: the console's API must never be reachable from the network.
import type { AddressInfo } from 'node:net';
import { createConsoleBridge, type BridgeOptions } from './app.ts';

export interface RunningBridge {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const BRIDGE_HOST = '127.0.0.1';

export async function startConsoleBridge(options: BridgeOptions & { port: number }): Promise<RunningBridge> {
  const app = createConsoleBridge(options);
  const server = app.listen({ host: BRIDGE_HOST, port: options.port });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${BRIDGE_HOST}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
