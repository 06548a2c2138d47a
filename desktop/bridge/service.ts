// The console service as every server entry point starts it (`npm start`, `npm run start:site`,
// `npm run console:web`): its certificate (shared/ops/console-certificate.ts), its address and
// names from the configuration, and a log line saying where clerks reach it and, over HTTPS, the
// fingerprint they will be asked to confirm.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CommandDeps } from '../../shared/console/command.ts';
import { consoleCertificate } from '../../shared/ops/console-certificate.ts';
import { startConsoleBridge, type RunningBridge } from './server.ts';

/** The built renderer (npm run console:build). */
export const RENDERER_DIR = fileURLToPath(new URL('../../out/desktop/renderer/', import.meta.url));

export async function startConsoleService(deps: CommandDeps, rendererDir: string = RENDERER_DIR): Promise<RunningBridge> {
  const { config, logger } = deps;
  if (!existsSync(join(rendererDir, 'index.html'))) {
    logger.warn({ rendererDir }, 'Экраны консоли не собраны: выполните npm run console:build (десктопная консоль работает и без них)');
  }
  const service = config.consoleService;
  const tls = await consoleCertificate(service);
  const bridge = await startConsoleBridge({ deps, rendererDir, port: config.consolePort, host: service.host, tls, hostnames: service.hostnames });
  const names = service.hostnames.map((h) => `${tls ? 'https' : 'http'}://${h}:${bridge.port}`);
  logger.info(
    { url: bridge.url, listen: service.host, hostnames: service.hostnames, fingerprint: bridge.fingerprint },
    `Консоль оператора: ${[bridge.url, ...names].join(', ')}${bridge.fingerprint ? ` · отпечаток сертификата SHA-256: ${bridge.fingerprint}` : ''}`,
  );
  return bridge;
}
