// Browser tests run in Debian's Chromium (Playwright's own download is not available here),
// once per database engine: the `sqlite` project always, `postgres` when TEST_PG_URL is set.
// Debian's headless build of it (package chromium-headless-shell, the same kind Playwright itself
// uses for headless runs) is preferred when installed: the same engine, without the full
// browser's window machinery, it takes the suite's browser part from about 6 minutes to 3½ on
// the 2-core CI machine. CHROMIUM_PATH picks another binary, e.g. /usr/bin/chromium.
// There is no webServer: each spec file's fixture starts its own servers on a fresh database.
// globalSetup builds the console renderer when it is missing or stale (the bridge serves it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Project } from '@playwright/test';
import type { EngineName } from '../../db/dialect/index.ts';
import type { EngineOptions } from './options.ts';

const HEADLESS_SHELL = '/usr/bin/chromium-headless-shell';
const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

// Mirrors testEngines() in tests/support/engines.ts (not imported: it pulls in node:test and knex).
function engines(): EngineName[] {
  const listed = (process.env.TEST_ENGINES ?? 'sqlite,postgres').split(',').map((s) => s.trim());
  const all: EngineName[] = ['sqlite', 'postgres'];
  return all.filter((name) => listed.includes(name) && (name !== 'postgres' || Boolean(process.env.TEST_PG_URL)));
}

const projects: Project<object, EngineOptions>[] = engines().map((engine) => ({
  name: engine,
  use: { engine },
  metadata: { engine },
}));

export default defineConfig<object, EngineOptions>({
  testDir: fileURLToPath(new URL('.', import.meta.url)),
  testMatch: '**/*.spec.ts',
  globalSetup: fileURLToPath(new URL('./global-setup.ts', import.meta.url)),
  outputDir: fileURLToPath(new URL('../../test-results/', import.meta.url)),
  forbidOnly: true,
  workers: 2,
  fullyParallel: false,
  retries: 0,
  // Per test. Pages without script are checked with axe in a twin page, a few seconds each on a
  // busy machine; 30 s (the default) was too tight for a spec with four such checks.
  timeout: 60_000,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects,
});
