// Starts the bridge on 127.0.0.1 only: the console's API must never be reachable from the network.
// While it runs, uploads older than a day are swept from its uploads folder (at start, then hourly).
import type { AddressInfo } from 'node:net';
import { sweepUploads, UPLOAD_SWEEP_INTERVAL_MS } from '../../shared/exchange/uploads.ts';
import { startPeriodic } from '../../shared/periodic.ts';
import { createConsoleBridge, type BridgeOptions } from './app.ts';
import { uploadsDirOf } from './upload.ts';

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
  const uploadsDir = uploadsDirOf(options.deps, options.uploads?.dir);
  const sweeper = startPeriodic(() => sweepUploads(uploadsDir), {
    intervalMs: UPLOAD_SWEEP_INTERVAL_MS, logger: options.deps.logger, failureMessage: 'Не удалось удалить старые загруженные файлы; повтор позже',
  });
  return {
    url: `http://${BRIDGE_HOST}:${port}`,
    port,
    async close() {
      await sweeper.stop();
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
    },
  };
}
