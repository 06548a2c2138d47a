// Sign-in and sessions at the use-case level: per-address throttling, a session's sliding expiry.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { authenticate } from '../../../shared/residents/login.ts';
import { createSession, findSession, touchSession } from '../../../shared/residents/sessions.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';

const POLICY = { maxFailures: 5, lockMs: 15 * 60_000, timeZone: 'Europe/Moscow', maxFailuresPerIp: 6 };

forEachEngine('resident sign-in and sessions', (ctx) => {
  const database = ctx.databaseForSuite();
  let resident: ResidentFixture;

  before(async () => {
    const { db } = database();
    resident = await createResident(db, await createWorld(db), { accountNumber: '00008008' });
  });

  it('refuses an address after too many failures, even with the right password, but not other addresses', async () => {
    const { db } = database();
    const now = Date.parse('2026-11-24T09:00:00Z');
    for (let i = 0; i < POLICY.maxFailuresPerIp; i++) {
      const r = await authenticate(db, { login: `9${i}000000`, password: 'guess', ip: '203.0.113.7', now }, POLICY);
      assert.equal(r.ok, false);
    }
    const throttled = await authenticate(db, { login: resident.login, password: resident.password, ip: '203.0.113.7', now }, POLICY);
    assert.deepEqual(throttled.ok ? 'ok' : throttled.reason, 'ip_throttled');
    const elsewhere = await authenticate(db, { login: resident.login, password: resident.password, ip: '198.51.100.1', now }, POLICY);
    assert.equal(elsewhere.ok, true);
    const later = await authenticate(db, { login: resident.login, password: resident.password, ip: '203.0.113.7', now: now + 16 * 60_000 }, POLICY);
    assert.equal(later.ok, true, 'the address is let in again after the window');
  });

  it('signs in by an account number linked to the user even when the login differs', async () => {
    const { db } = database();
    await db('users').where({ id: resident.userId }).update({ login: 'ivanov' });
    try {
      const byNumber = await authenticate(db, { login: resident.accountNumber, password: resident.password, ip: '198.51.100.2' }, POLICY);
      assert.equal(byNumber.ok, true);
      const byLogin = await authenticate(db, { login: 'IVANOV', password: resident.password, ip: '198.51.100.2' }, POLICY);
      assert.equal(byLogin.ok, true, 'logins are case-insensitive');
    } finally {
      await db('users').where({ id: resident.userId }).update({ login: resident.login });
    }
  });

  it('expires a session after its time, and renews it while in use', async () => {
    const { db } = database();
    const t0 = Date.parse('2026-11-24T09:00:00Z');
    const ttl = 60 * 60_000;
    const session = await createSession(db, { userId: resident.userId, accountId: resident.accountId, ttlMs: ttl, now: t0 });
    const found = await findSession(db, session.token, t0 + 10 * 60_000);
    assert.ok(found);
    assert.deepEqual(found.accounts.map((a) => a.number), [resident.accountNumber]);
    assert.equal(await touchSession(db, found, ttl, t0 + 10 * 60_000), true);
    assert.ok(await findSession(db, session.token, t0 + 65 * 60_000), 'renewed past its first expiry');
    assert.equal(await findSession(db, session.token, t0 + 71 * 60_000), null, 'gone an hour after the last use');
    assert.equal(await findSession(db, 'not-a-token', t0), null);
  });
});
