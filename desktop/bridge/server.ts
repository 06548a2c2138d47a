// Starts the console service: on 127.0.0.1 over plain HTTP by default (this machine only), or on
// the address the administrator gives over HTTPS (shared/ops/console-certificate.ts; the
// configuration refuses an office address without it). While it runs, uploads older than a day
// are swept from its uploads folder (at start, then hourly).
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { sweepUploads, UPLOAD_SWEEP_INTERVAL_MS } from '../../shared/import/uploads.ts';
import { startPeriodic } from '../../shared/background/periodic.ts';
import { createConsoleBridge, type BridgeOptions } from './app.ts';
import type { ConsoleCertificate } from '../../shared/ops/console-certificate.ts';
import { uploadsDirOf } from './upload.ts';

export interface RunningBridge {
  url: string;
  port: number;
  /** The certificate's SHA-256 fingerprint when it serves HTTPS. */
  fingerprint: string | null;
  close(): Promise<void>;
}

export const BRIDGE_HOST = '127.0.0.1';

export interface StartOptions extends BridgeOptions {
  port: number;
  /** Where to listen; 127.0.0.1 unless given. */
  host?: string;
  /** HTTPS with this key and certificate; plain HTTP without. */
  tls?: ConsoleCertificate | null;
}

export async function startConsoleBridge(options: StartOptions): Promise<RunningBridge> {
  const app = createConsoleBridge(options);
  const host = options.host ?? BRIDGE_HOST;
  const tls = options.tls ?? null;
  const server = tls
    ? createHttpsServer({ key: tls.key, cert: tls.cert, minVersion: 'TLSv1.2' }, app.callback()).listen({ host, port: options.port })
    : app.listen({ host, port: options.port });
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
    url: `${tls ? 'https' : 'http'}://${host === '0.0.0.0' || host === '::' ? BRIDGE_HOST : host}:${port}`,
    port,
    fingerprint: tls?.fingerprint ?? null,
    async close() {
      await sweeper.stop();
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
    },
  };
}
