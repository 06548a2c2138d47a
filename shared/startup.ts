// What every server entry point does at start (`npm start`: scripts/start.ts, `npm run
// start:site`: site/main.ts, `npm run console:web`: desktop/bridge/main.ts), written once: read
// the configuration or stop with its message, and run the background work that must run once
// beside the servers however many processes serve.
import type { Knex } from 'knex';
import { startSessionPurge } from './background/expired-sessions.ts';
import { startPeriodic } from './background/periodic.ts';
import { ConfigError, loadConfig, type AppConfig } from './config/env.ts';
import { importUploadsDir, sweepUploads, UPLOAD_SWEEP_INTERVAL_MS } from './import/uploads.ts';
import type { Logger } from './logger.ts';
import { startMailWorker } from './mail/worker.ts';
import { startNotificationScheduler } from './notifications/schedule.ts';
import { startPaymentRecheck } from './payments/recheck.ts';
import { smsDirFor, startSmsWorker } from './sms/worker.ts';

/** The configuration from the environment; a bad one prints every problem (in Russian) and exits 78. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
}

export interface BackgroundWork {
  /** Finishes the passes under way, then stops every loop. */
  stop(): Promise<void>;
}

/** Outboxes, schedules and clean-ups: started once per installation's server process. */
export function startBackgroundWork(config: AppConfig, db: Knex, logger: Logger): BackgroundWork {
  const running = [
    // Without an SMTP server (setting 'mail.smtp') it writes .eml files and logs the folder once.
    startMailWorker({ db, logger: logger.child({ component: 'mail' }), mailDir: config.mailDir }),
    // Card payments nobody came back for are re-checked with the provider (shared/payments/recheck.ts).
    startPaymentRecheck({ db, config, now: Date.now, logger: logger.child({ component: 'payments' }) }),
    // SMS outbox (sms.ru, or the log and var/sms/ without a gateway) and the scheduled notifications.
    startSmsWorker({ db, logger: logger.child({ component: 'sms' }), smsDir: smsDirFor(config), smsRuApiId: config.smsRuApiId }),
    startNotificationScheduler({ db, config, logger: logger.child({ component: 'notifications' }) }),
    // Billing files the console's bridge left in UPLOAD_DIR/imports (it sweeps while it runs; this
    // covers a bridge that has stopped): gone a day after they came (shared/import/uploads.ts).
    startPeriodic(() => sweepUploads(importUploadsDir(config.uploadDir)), {
      intervalMs: UPLOAD_SWEEP_INTERVAL_MS, logger, failureMessage: 'Не удалось удалить старые загруженные файлы; повтор позже',
    }),
    // Residents' and staff's sessions past their expiry (shared/background/expired-sessions.ts).
    startSessionPurge({ db, logger: logger.child({ component: 'sessions' }) }),
  ];
  return {
    async stop() {
      await Promise.all(running.map((work) => work.stop()));
    },
  };
}
