import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../shared/config/env.ts';
import { consoleEnvironment, loadConsoleConfig } from '../../../desktop/main/config.ts';

const USER_DATA = '/home/clerk/.config/ККП Консоль';
const SECRET = 'x'.repeat(32);

describe('console configuration', () => {
  test('the database is a file in the profile folder unless DATABASE_URL is set', () => {
    assert.equal(
      consoleEnvironment({}, { userDataDir: USER_DATA, packaged: false }).DATABASE_URL,
      `sqlite:${USER_DATA}/kkp-console.sqlite`,
    );
    const shared = 'postgres://kkp@db.office:5432/kkp';
    assert.equal(consoleEnvironment({ DATABASE_URL: shared }, { userDataDir: USER_DATA, packaged: true }).DATABASE_URL, shared);
    assert.equal(
      consoleEnvironment({ DATABASE_URL: '' }, { userDataDir: USER_DATA, packaged: false }).DATABASE_URL,
      `sqlite:${USER_DATA}/kkp-console.sqlite`,
    );
  });

  test('exports, mail files, uploads and saved mappings live in the profile folder unless set', () => {
    const config = loadConsoleConfig({ APP_SECRET: SECRET, EXPORT_DIR: '/srv/exchange' }, { userDataDir: USER_DATA, packaged: true });
    assert.equal(config.exportDir, '/srv/exchange');
    assert.equal(config.mailDir, `${USER_DATA}/mail`);
    assert.equal(config.uploadDir, `${USER_DATA}/uploads`);
    assert.equal(config.importMappingsDir, `${USER_DATA}/mappings`);
  });

  test('an installed console is production: no demo seed, and APP_SECRET is required', () => {
    const config = loadConsoleConfig({ APP_SECRET: SECRET }, { userDataDir: USER_DATA, packaged: true });
    assert.equal(config.env, 'production');
    assert.equal(config.demoSeed, false);
    assert.throws(() => loadConsoleConfig({}, { userDataDir: USER_DATA, packaged: true }), ConfigError);
  });

  test('a developer run (not packaged) seeds the demo town like the site does', () => {
    const config = loadConsoleConfig({}, { userDataDir: USER_DATA, packaged: false });
    assert.equal(config.env, 'development');
    assert.equal(config.demoSeed, true);
    assert.equal(config.databaseUrl, `sqlite:${USER_DATA}/kkp-console.sqlite`);
  });

  test('explicit variables win, and bad values are refused as on the site', () => {
    const config = loadConsoleConfig({ NODE_ENV: 'development', DEMO_SEED: 'false' }, { userDataDir: USER_DATA, packaged: true });
    assert.equal(config.env, 'development');
    assert.equal(config.demoSeed, false);
    assert.throws(() => loadConsoleConfig({ DATABASE_URL: 'mysql://x' }, { userDataDir: USER_DATA, packaged: false }), /DATABASE_URL/);
  });

  test('the process environment is not changed', () => {
    const env = { LOG_LEVEL: 'warn' };
    consoleEnvironment(env, { userDataDir: USER_DATA, packaged: true });
    assert.deepEqual(env, { LOG_LEVEL: 'warn' });
  });
});
