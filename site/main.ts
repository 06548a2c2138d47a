// `npm run start:site`: validate the configuration, prepare the database (migrations, demo town
// on an empty database), then serve the resident site and the console service (the console's API
// and screens, desktop/bridge: its one home on a server) and deliver the e-mail outbox. With
// SITE_PROCESSES above one (the default on a multi-core machine), this process prepares the
// database and runs the background work, and the site itself is served by that many worker
// processes of this same script (site/cluster.ts).
import cluster from 'node:cluster';
import { createDb } from '../db/connection.ts';
import { ensureDatabaseReady } from '../db/ensure-ready.ts';
import type { AppConfig } from '../shared/config/env.ts';
import { createLogger, type Logger } from '../shared/logger.ts';
import { loadConfigOrExit, startBackgroundWork } from '../shared/startup.ts';
import type { Knex } from 'knex';
import { startConsoleService } from '../desktop/bridge/service.ts';
import { closeOnStop, forkSiteWorkers } from './cluster.ts';
import { siteUrl, startSite } from './server.ts';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, 'site');
  if (cluster.isWorker) return serveInWorker(config, logger);

  const db = createDb(config.databaseUrl);
  await ensureDatabaseReady(db, config, logger);
  const site = config.siteProcesses > 1 ? await serveInWorkers(config, logger) : await serveHere(config, db, logger);
  logger.info({ url: site.url, processes: config.siteProcesses, pids: site.pids() }, `Личный кабинет работает: http://localhost:${site.port}`);
  // Outboxes and schedules, once however many processes serve (shared/startup.ts).
  const background = startBackgroundWork(config, db, logger);
  // The console service beside the site, in this process only: its sessions are in the database,
  // so several servers behind a load balancer each serve it too.
  const consoleService = await startConsoleService({ config, db, logger: logger.child({ component: 'console' }), now: Date.now });

  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await consoleService.close();
    await site.close();
    await background.stop();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

interface Serving {
  url: string;
  port: number;
  /** The processes answering requests. */
  pids(): number[];
  close(): Promise<void>;
}

async function serveHere(config: AppConfig, db: Knex, logger: Logger): Promise<Serving> {
  const site = await startSite({ config, db, logger, now: Date.now }, { host: config.host, port: config.port });
  return { ...site, pids: () => [process.pid] };
}

async function serveInWorkers(config: AppConfig, logger: Logger): Promise<Serving> {
  const workers = await forkSiteWorkers({ count: config.siteProcesses, logger });
  return {
    url: siteUrl(config.host, workers.port),
    port: workers.port,
    pids: () => workers.workers().map((w) => w.process.pid ?? 0),
    close: () => workers.stop(),
  };
}

/** A worker process: its own pool, the site on the shared port, nothing else. */
async function serveInWorker(config: AppConfig, logger: Logger): Promise<void> {
  const db = createDb(config.databaseUrl);
  const site = await startSite({ config, db, logger, now: Date.now }, { host: config.host, port: config.port });
  closeOnStop(async () => {
    await site.close();
    await db.destroy();
  });
}

main().catch((err) => {
  console.error('Не удалось запустить личный кабинет:', err instanceof Error ? err.message : err);
  process.exit(1);
});
