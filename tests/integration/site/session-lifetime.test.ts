// Resident sessions through a real site: a password change replaces the session's token (the old
// cookie opens nothing, the new one does), and however active, a session ends SESSION_MAX_AGE_MS
// after sign-in; the scheduled purge removes such sessions too. The clock is the test's.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { purgeAllExpiredSessions } from '../../../shared/background/expired-sessions.ts';
import { PASSWORD_FIELDS } from '../../../shared/profile/password.ts';
import { SESSION_MAX_AGE_MS, createSession, hashToken } from '../../../shared/residents/sessions.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';
import { Client, startTestSite, type TestSite } from '../../support/site.ts';

const DAY = 24 * 3_600_000;

forEachEngine('resident session lifetime', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let anna: ResidentFixture;
  let boris: ResidentFixture;

  before(async () => {
    const { db } = database();
    const world = await createWorld(db);
    anna = await createResident(db, world, { accountNumber: '00080001' });
    boris = await createResident(db, world, { accountNumber: '00080002' });
    // A ten-day sliding lifetime, so a month of activity takes a few requests.
    site = await startTestSite(db, { env: { SESSION_TTL_HOURS: '240' } });
  });
  after(() => site.close());

  it('a password change gives this browser a new token; the old one no longer works', async () => {
    const { db } = database();
    const browser = new Client(site.url);
    await browser.login(anna.login, anna.password);
    const before = browser.cookies.get('kkp_session');
    assert.ok(before);
    const elsewhere = new Client(site.url);
    await elsewhere.login(anna.login, anna.password);

    await browser.get('/profile');
    const next = 'Другой-пароль-2026';
    const reply = await browser.post('/profile/password', {
      [PASSWORD_FIELDS.current]: anna.password, [PASSWORD_FIELDS.next]: next, [PASSWORD_FIELDS.repeat]: next,
    });
    assert.equal(reply.status, 302);
    assert.equal(reply.location, '/profile?done=password');
    const after = browser.cookies.get('kkp_session');
    assert.ok(after && after !== before, 'a new session cookie');
    assert.equal((await browser.get('/profile?done=password')).status, 200);

    const stolen = new Client(site.url);
    stolen.cookies.set('kkp_session', before);
    const refused = await stolen.get('/profile');
    assert.equal(refused.status, 302);
    assert.match(refused.location ?? '', /^\/login/);
    assert.equal((await elsewhere.get('/profile')).status, 302, 'the other browser is signed out too');
    const left = await db('sessions').where({ user_id: anna.userId }).select('id');
    assert.deepEqual(left.map((s: { id: string }) => s.id), [hashToken(after)]);
  });

  it('ends a session a month after sign-in however active it is', async () => {
    const { db } = database();
    const started = site.clock.now();
    const browser = new Client(site.url);
    await browser.login(boris.login, boris.password);
    // Every nine days a visit, each renewing the ten-day sliding expiry...
    for (let day = 9; day * DAY < SESSION_MAX_AGE_MS; day += 9) {
      site.clock.set(new Date(started + day * DAY).toISOString());
      assert.equal((await browser.get('/profile')).status, 200, `day ${day}`);
    }
    // ...but never past the month: the expiry stops at sign-in + SESSION_MAX_AGE_MS.
    const [row] = await db('sessions').where({ user_id: boris.userId }).select('created_at', 'expires_at');
    assert.equal(Number(row.expires_at), Number(row.created_at) + SESSION_MAX_AGE_MS);
    site.clock.set(new Date(started + SESSION_MAX_AGE_MS - 60_000).toISOString());
    assert.equal((await browser.get('/profile')).status, 200);
    site.clock.set(new Date(started + SESSION_MAX_AGE_MS + 1).toISOString());
    const late = await browser.get('/profile');
    assert.equal(late.status, 302);
    assert.match(late.location ?? '', /^\/login/);
    site.clock.set(new Date(started).toISOString());
  });

  it('the purge removes sessions past the absolute lifetime, even ones whose expiry says otherwise', async () => {
    const { db } = database();
    const now = site.clock.now();
    const live = await createSession(db, { userId: anna.userId, accountId: anna.accountId, ttlMs: DAY, now });
    // A session from before the absolute lifetime existed, kept sliding for 40 days.
    const old = await createSession(db, { userId: anna.userId, accountId: anna.accountId, ttlMs: DAY, now: now - 40 * DAY });
    await db('sessions').where({ id: hashToken(old.token) }).update({ expires_at: now + DAY, last_seen_at: now });
    const purged = await purgeAllExpiredSessions(db, now);
    assert.ok(purged.residents >= 1);
    assert.equal((await db('sessions').where({ id: hashToken(old.token) })).length, 0);
    assert.equal((await db('sessions').where({ id: hashToken(live.token) })).length, 1);
  });
});
