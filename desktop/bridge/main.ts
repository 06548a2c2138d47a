// `npm run console:web`: the console service alone (its API and screens; `npm run start:site`
// serves it beside the site). Validates the configuration, prepares the database like the site
// does, then serves on CONSOLE_HOST:CONSOLE_PORT (127.0.0.1:3100 unless configured).
import { createDb } from '../../db/connection.ts';
import { ensureDatabaseReady } from '../../db/ensure-ready.ts';
import { createLogger } from '../../shared/logger.ts';
import { countActiveStaff } from '../../shared/staff/users.ts';
import { loadConfigOrExit } from '../../shared/startup.ts';
import { startConsoleService } from './service.ts';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, 'console-web');
  const db = createDb(config.databaseUrl);
  await ensureDatabaseReady(db, config, logger);
  if ((await countActiveStaff(db)) === 0) {
    logger.warn({}, 'В базе нет сотрудников. Создайте администратора: npx kkp staff:create-admin --login admin --name "Фамилия Имя Отчество"');
  }
  const bridge = await startConsoleService({ config, db, logger, now: Date.now });

  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await bridge.close();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error('Не удалось запустить консоль:', err instanceof Error ? err.message : err);
  process.exit(1);
});
