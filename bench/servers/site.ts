// The resident site over the database in DATABASE_URL, run as production would (NODE_ENV
// production, logs at warn, SITE_PROCESSES as configured: one process per core by default)
// through site/server.ts and site/cluster.ts. It counts the queries it runs and tells the parent
// on request, so the bench can print queries per page; its CPU time is that of every process.
import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { createDb } from '../../db/connection.ts';
import { loadConfig, type AppConfig } from '../../shared/config/env.ts';
import { createLogger } from '../../shared/logger.ts';
import { closeOnStop, forkSiteWorkers } from '../../site/cluster.ts';
import { startSite } from '../../site/server.ts';
import { askOver, onParentMessage, ownCpuMicros, reportReady } from './child.ts';

const config = loadConfig({
  NODE_ENV: 'production',
  DATABASE_URL: process.env.DATABASE_URL,
  // The workers must share the primary's secret: a cluster worker gets the primary's environment.
  APP_SECRET: process.env.BENCH_APP_SECRET ?? (process.env.BENCH_APP_SECRET = randomBytes(32).toString('base64url')),
  // Plain http on 127.0.0.1: a Secure cookie would never come back.
  COOKIE_SECURE: 'false',
  LOG_LEVEL: 'warn',
  TIME_ZONE: process.env.TIME_ZONE,
  SITE_PROCESSES: process.env.SITE_PROCESSES,
});
const logger = createLogger(config.logLevel, 'bench-site');
onParentMessage('processes', () => config.siteProcesses);

if (cluster.isWorker) await serveInWorker(config);
else if (config.siteProcesses > 1) {
  const site = await forkSiteWorkers({ count: config.siteProcesses, logger });
  const sum = async (question: string) =>
    (await Promise.all(site.workers().map((worker) => askOver<number>(worker, question)))).reduce((a, b) => a + b, 0);
  onParentMessage('queries', () => sum('queries'));
  reportReady(site.port, () => site.stop(), async () => ownCpuMicros() + (await sum('cpu')));
} else {
  const site = await serveCounted(config);
  reportReady(site.port, () => site.close());
}

async function serveInWorker(c: AppConfig): Promise<void> {
  const site = await serveCounted(c);
  onParentMessage('cpu', ownCpuMicros);
  closeOnStop(() => site.close());
}

async function serveCounted(c: AppConfig) {
  const db = createDb(c.databaseUrl);
  let queries = 0;
  db.on('query', () => void queries++);
  onParentMessage('queries', () => queries);
  // No db.destroy() on the way out: requests still queued for the pool when the load stops would
  // fail noisily, and the connections end with the process anyway.
  return startSite({ config: c, db, logger, now: Date.now }, { host: '127.0.0.1', port: 0 });
}
