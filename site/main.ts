// `npm start`: validate the configuration, prepare the database (migrations, demo town on an
// empty database), then serve the resident site and deliver the e-mail outbox.
import { createDb } from '../db/connection.ts';
import { ensureDatabaseReady } from '../db/ensure-ready.ts';
import { ConfigError, loadConfig } from '../shared/config/env.ts';
import { createLogger } from '../shared/logger.ts';
import { startMailWorker } from '../shared/mail/worker.ts';
import { startNotificationScheduler } from '../shared/notifications/schedule.ts';
import { startPaymentRecheck } from '../shared/payments/recheck.ts';
import { smsDirFor, startSmsWorker } from '../shared/sms/worker.ts';
import { startSite } from './server.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const logger = createLogger(config.logLevel, 'site');
  const db = createDb(config.databaseUrl);
  await ensureDatabaseReady(db, config, logger);
  const site = await startSite({ config, db, logger, now: Date.now }, { host: config.host, port: config.port });
  logger.info({ url: site.url }, `Личный кабинет работает: http://localhost:${site.port}`);
  // Without an SMTP server (setting 'mail.smtp') it writes .eml files and logs the folder once.
  const mail = startMailWorker({ db, logger: logger.child({ component: 'mail' }), mailDir: config.mailDir });
  // Card payments nobody came back for are re-checked with the provider (shared/payments/recheck.ts).
  const recheck = startPaymentRecheck({ db, config, now: Date.now, logger: logger.child({ component: 'payments' }) });
  // SMS outbox (sms.ru, or the log and var/sms/ without a gateway) and the scheduled notifications.
  const sms = startSmsWorker({ db, logger: logger.child({ component: 'sms' }), smsDir: smsDirFor(config), smsRuApiId: config.smsRuApiId });
  const notifications = startNotificationScheduler({ db, config, logger: logger.child({ component: 'notifications' }) });

  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await site.close();
    await mail.stop();
    await recheck.stop();
    await sms.stop();
    await notifications.stop();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error('Не удалось запустить личный кабинет:', err instanceof Error ? err.message : err);
  process.exit(1);
});
