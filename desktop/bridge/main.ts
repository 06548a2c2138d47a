// `npm run console:web`: the operator console in a plain browser. Validates the configuration,
// prepares the database like the site does, then serves the built renderer and the console
// API on http://127.0.0.1:CONSOLE_PORT.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '../../db/connection.ts';
import { ensureDatabaseReady } from '../../db/ensure-ready.ts';
import { ConfigError, loadConfig } from '../../shared/config/env.ts';
import { createLogger } from '../../shared/logger.ts';
import { startConsoleBridge } from './server.ts';

const RENDERER_DIR = fileURLToPath(new URL('../../out/desktop/renderer/', import.meta.url));

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
  const logger = createLogger(config.logLevel, 'console-web');
  const db = createDb(config.databaseUrl);
  await ensureDatabaseReady(db, config, logger);
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    logger.warn({ rendererDir: RENDERER_DIR }, 'Экраны консоли не собраны: выполните npm run console:build');
  }
  const staff = await db('staff_users').whereNull('disabled_at').count({ n: '*' }).first();
  if (Number(staff?.n ?? 0) === 0) {
    logger.warn({}, 'В базе нет сотрудников. Создайте администратора: npx kkp staff:create-admin --login admin --name "Фамилия Имя Отчество"');
  }
  const bridge = await startConsoleBridge({ deps: { config, db, logger, now: Date.now }, rendererDir: RENDERER_DIR, port: config.consolePort });
  logger.info({ url: bridge.url }, `Консоль оператора работает: ${bridge.url}/`);

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
