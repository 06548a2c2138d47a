// Sign-in and sessions at the use-case level: per-address throttling, a session's sliding expiry.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { findSessionWithOverview, getOverview } from '../../../shared/billing/overview.ts';
import { authenticate } from '../../../shared/residents/login.ts';
import { createSession, destroySession, findSession, hashToken, setCurrentAccount, touchSession } from '../../../shared/residents/sessions.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, linkAccount, type ResidentFixture, type World } from '../../support/factories.ts';

const POLICY = { maxFailures: 5, lockMs: 15 * 60_000, timeZone: 'Europe/Moscow', maxFailuresPerIp: 6 };

forEachEngine('resident sign-in and sessions', (ctx) => {
  const database = ctx.databaseForSuite();
  let resident: ResidentFixture;
  let world: World;

  before(async () => {
    const { db } = database();
    world = await createWorld(db);
    resident = await createResident(db, world, { accountNumber: '00008008' });
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

  it('reads the session with the overview of the account the page shows, in one statement', async () => {
    const { db } = database();
    const now = Date.parse('2026-11-24T09:00:00Z');
    const zone = POLICY.timeZone;
    const other = await createResident(db, world, { accountNumber: '00009009', lastPeriod: '2026-09' });
    await linkAccount(db, resident.userId, other.accountId);
    const session = await createSession(db, { userId: resident.userId, accountId: null, ttlMs: 60 * 60_000, now });
    const sessionId = hashToken(session.token);
    try {
      const first = await findSessionWithOverview(db, session.token, now, zone);
      assert.deepEqual(first?.session, await findSession(db, session.token, now), 'the same session as findSession');
      assert.equal(first?.accountId, resident.accountId, 'no current account: the first by number');
      assert.deepEqual(first?.overview, await getOverview(db, resident.accountId, now, zone));

      await setCurrentAccount(db, sessionId, other.accountId);
      const switched = await findSessionWithOverview(db, session.token, now, zone);
      assert.equal(switched?.accountId, other.accountId);
      assert.deepEqual(switched?.overview, await getOverview(db, other.accountId, now, zone));
      assert.notDeepEqual(switched?.overview, first?.overview);

      await db('user_accounts').where({ user_id: resident.userId }).delete();
      const unlinked = await findSessionWithOverview(db, session.token, now, zone);
      assert.deepEqual(unlinked?.session.accounts, [], 'a user with no accounts keeps the session');
      assert.equal(unlinked?.overview, null);

      await destroySession(db, sessionId);
      assert.equal(await findSessionWithOverview(db, session.token, now, zone), null, 'logout takes effect at once');
    } finally {
      await db('user_accounts').where({ user_id: resident.userId }).delete();
      await linkAccount(db, resident.userId, resident.accountId);
    }
  });
});
