// The resident site over the database in DATABASE_URL, run as production would (NODE_ENV
// production, logs at warn) through site/server.ts, in its own process. It counts the queries
// it runs and tells the parent on request, so the bench can print queries per page.
import { randomBytes } from 'node:crypto';
import { createDb } from '../../db/connection.ts';
import { loadConfig } from '../../shared/config/env.ts';
import { createLogger } from '../../shared/logger.ts';
import { startSite } from '../../site/server.ts';
import { onParentMessage, reportReady } from './child.ts';

const config = loadConfig({
  NODE_ENV: 'production',
  DATABASE_URL: process.env.DATABASE_URL,
  APP_SECRET: randomBytes(32).toString('base64url'),
  // Plain http on 127.0.0.1: a Secure cookie would never come back.
  COOKIE_SECURE: 'false',
  LOG_LEVEL: 'warn',
  TIME_ZONE: process.env.TIME_ZONE,
});
const db = createDb(config.databaseUrl);

let queries = 0;
db.on('query', () => void queries++);
onParentMessage('queries', () => queries);

const logger = createLogger(config.logLevel, 'bench-site');
const site = await startSite({ config, db, logger, now: Date.now }, { host: '127.0.0.1', port: 0 });
// No db.destroy() on the way out: requests still queued for the pool when the load stops would
// fail noisily, and the connections end with the process anyway.
reportReady(site.port, () => site.close());
