// `npm start`: the whole product on one machine — the resident site, the operator console in a
// browser (the HTTP bridge on 127.0.0.1), and the e-mail outbox — over one database, with the
// demo town on the first start. Site-only and console-only starts: site/main.ts, desktop/bridge/main.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '../db/connection.ts';
import { ensureDatabaseReady } from '../db/ensure-ready.ts';
import { startConsoleService } from '../desktop/bridge/service.ts';
import { createLogger, type Logger } from '../shared/logger.ts';
import { loadConfigOrExit, startBackgroundWork } from '../shared/startup.ts';
import { startSite } from '../site/server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RENDERER_SOURCES = join(ROOT, 'desktop/renderer');
const RENDERER_OUT = join(ROOT, 'out/desktop/renderer');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the console's screens when they are missing or older than their sources. */
function ensureRendererBuilt(logger: Logger): void {
  const index = join(RENDERER_OUT, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(RENDERER_SOURCES)) return;
  logger.info({}, 'Сборка экранов консоли (vite build)…');
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'desktop/renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('не удалось собрать экраны консоли (npm run console:build)');
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, 'kkp');
  ensureRendererBuilt(logger);
  const db = createDb(config.databaseUrl);
  await ensureDatabaseReady(db, config, logger);
  const deps = { config, db, logger, now: Date.now };
  const site = await startSite(deps, { host: config.host, port: config.port });
  const bridge = await startConsoleService({ ...deps, logger: logger.child({ component: 'console' }) }, RENDERER_OUT);
  // Outboxes, schedules and clean-ups, as the site's own start runs them (shared/startup.ts).
  const background = startBackgroundWork(config, db, logger);
  logger.info({ site: site.url, console: bridge.url }, `Личный кабинет: http://localhost:${site.port}  ·  Консоль оператора: ${bridge.url}/`);

  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await Promise.all([site.close(), bridge.close()]);
    await background.stop();
    await db.destroy();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error('Не удалось запустить:', err instanceof Error ? err.message : err);
  process.exit(1);
});
