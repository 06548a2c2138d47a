import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { availableParallelism } from 'node:os';
import { AUTO_SITE_PROCESSES_MAX, ConfigError, loadConfig } from '../../../shared/config/env.ts';

describe('configuration', () => {
  it('has working defaults: port 3000, SQLite under var/, Moscow time', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.databaseUrl, 'sqlite:var/kkp.sqlite');
    assert.equal(config.timeZone, 'Europe/Moscow');
    assert.equal(config.cookieSecure, false);
    assert.equal(config.demoSeed, true);
    assert.equal(config.sessionTtlMs, 12 * 3_600_000);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080', DATABASE_URL: 'postgres://u@h/db', TIME_ZONE: 'Asia/Yekaterinburg', COOKIE_SECURE: 'true',
      LOGIN_MAX_FAILURES: '7', LOGIN_LOCK_MINUTES: '30', DEMO_SEED: 'false', TRUST_PROXY: '1',
    });
    assert.equal(config.port, 8080);
    assert.equal(config.databaseUrl, 'postgres://u@h/db');
    assert.equal(config.timeZone, 'Asia/Yekaterinburg');
    assert.equal(config.cookieSecure, true);
    assert.equal(config.loginMaxFailures, 7);
    assert.equal(config.loginLockMs, 30 * 60_000);
    assert.equal(config.demoSeed, false);
    assert.equal(config.trustProxy, true);
    assert.equal(config.proxyHops, 1);
  });

  it('trusts exactly the configured number of proxies, none by default', () => {
    assert.equal(loadConfig({}).proxyHops, 0);
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({}).consoleService.proxyHops, 0);
    assert.equal(loadConfig({ TRUST_PROXY_HOPS: '2' }).proxyHops, 2);
    assert.equal(loadConfig({ TRUST_PROXY: 'true' }).proxyHops, 1);
    assert.equal(loadConfig({ TRUST_PROXY: 'false' }).proxyHops, 0);
    assert.equal(loadConfig({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '2' }).proxyHops, 2);
    assert.equal(loadConfig({ CONSOLE_TRUST_PROXY_HOPS: '1' }).consoleService.proxyHops, 1);
    assert.throws(() => loadConfig({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '0' }), /TRUST_PROXY=true противоречит TRUST_PROXY_HOPS=0/);
    assert.throws(() => loadConfig({ TRUST_PROXY: 'false', TRUST_PROXY_HOPS: '1' }), /противоречит/);
    assert.throws(() => loadConfig({ TRUST_PROXY_HOPS: '-1' }), /TRUST_PROXY_HOPS: ожидается 0 или больше/);
    assert.throws(() => loadConfig({ TRUST_PROXY_HOPS: '1.5' }), /TRUST_PROXY_HOPS: ожидается целое/);
    assert.throws(() => loadConfig({ TRUST_PROXY_HOPS: 'yes' }), /TRUST_PROXY_HOPS/);
    assert.throws(() => loadConfig({ CONSOLE_TRUST_PROXY_HOPS: '9' }), /CONSOLE_TRUST_PROXY_HOPS: не больше 5/);
  });

  it('lists every bad value at once, in Russian', () => {
    assert.throws(
      () => loadConfig({ PORT: 'восемьдесят', TIME_ZONE: 'Mars/Olympus', DATABASE_URL: 'mysql://x', COOKIE_SECURE: 'maybe' }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.equal(err.problems.length, 4);
        assert.match(err.message, /PORT: ожидается номер порта/);
        assert.match(err.message, /TIME_ZONE: неизвестный часовой пояс/);
        assert.match(err.message, /DATABASE_URL: ожидается sqlite:/);
        assert.match(err.message, /COOKIE_SECURE: ожидается true или false/);
        return true;
      },
    );
  });

  it('refuses production without a secret, and makes cookies Secure there', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /APP_SECRET: обязателен/);
    const config = loadConfig({ NODE_ENV: 'production', APP_SECRET: 'x'.repeat(32) });
    assert.equal(config.cookieSecure, true);
    assert.equal(config.demoSeed, false);
  });

  it('refuses a port out of range and a short secret', () => {
    assert.throws(() => loadConfig({ PORT: '70000' }), /PORT/);
    assert.throws(() => loadConfig({ APP_SECRET: 'short' }), /APP_SECRET: секрет должен быть не короче 32 символов/);
  });

  it('builds links from PUBLIC_URL, by default from the port, never with a trailing slash', () => {
    assert.equal(loadConfig({}).publicUrl, 'http://localhost:3000');
    assert.equal(loadConfig({ PORT: '8080' }).publicUrl, 'http://localhost:8080');
    assert.equal(loadConfig({ PUBLIC_URL: 'https://lk.example.ru/' }).publicUrl, 'https://lk.example.ru');
    assert.equal(loadConfig({ PUBLIC_URL: 'https://example.ru/lk' }).publicUrl, 'https://example.ru/lk');
    assert.throws(() => loadConfig({ PUBLIC_URL: 'lk.example.ru' }), /PUBLIC_URL: ожидается адрес вида/);
  });

  it('runs the site in one process per core by default, at most four; a number overrides it', () => {
    const auto = Math.min(availableParallelism(), AUTO_SITE_PROCESSES_MAX);
    assert.equal(loadConfig({}).siteProcesses, auto);
    assert.equal(loadConfig({ SITE_PROCESSES: 'auto' }).siteProcesses, auto);
    assert.equal(loadConfig({ SITE_PROCESSES: '1' }).siteProcesses, 1);
    assert.equal(loadConfig({ SITE_PROCESSES: '12' }).siteProcesses, 12);
    for (const bad of ['0', '65', '1.5', 'много', '-2']) {
      assert.throws(() => loadConfig({ SITE_PROCESSES: bad }), (err: unknown) => {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /SITE_PROCESSES: (ожидается auto|нужен хотя бы один процесс|не больше 64 процессов)/);
        return true;
      }, bad);
    }
  });
});
