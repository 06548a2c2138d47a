// Security of the resident site through real HTTP: cookies, CSRF, account scoping, lockout.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';
import { Client, startTestSite, textOf, type TestSite } from '../../support/site.ts';

forEachEngine('resident site security', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let alice: ResidentFixture;
  let bob: ResidentFixture;

  before(async () => {
    const { db } = database();
    const world = await createWorld(db);
    alice = await createResident(db, world, { accountNumber: '00001001' });
    bob = await createResident(db, world, { accountNumber: '00002002' });
    site = await startTestSite(db);
  });
  after(() => site.close());

  it('sets the session cookie HttpOnly and SameSite, and sends a strict CSP', async () => {
    const client = new Client(site.url);
    const reply = await client.login(alice.login, alice.password);
    assert.equal(reply.status, 302);
    const cookie = reply.setCookies.find((c) => c.startsWith('kkp_session='));
    assert.ok(cookie, 'session cookie set');
    assert.match(cookie, /;\s*httponly/i);
    assert.match(cookie, /;\s*samesite=lax/i);
    const page = await client.get('/');
    assert.equal(page.status, 200);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('cache-control'), 'no-store');
  });

  it('issues a new session token at sign-in, never one planted beforehand', async () => {
    const { db } = database();
    const client = new Client(site.url);
    const planted = 'p'.repeat(43);
    client.cookies.set('kkp_session', planted);
    await client.login(alice.login, alice.password);
    const issued = client.cookies.get('kkp_session');
    assert.ok(issued);
    assert.notEqual(issued, planted);
    const sessions = await db('sessions').where({ user_id: alice.userId });
    assert.ok(sessions.length >= 1);
    assert.ok(sessions.every((s) => s.id !== planted && s.id.length === 64), 'only token hashes are stored');
    const attacker = new Client(site.url);
    attacker.cookies.set('kkp_session', planted);
    const reply = await attacker.get('/');
    assert.equal(reply.status, 302);
    assert.match(reply.location ?? '', /^\/login/);
  });

  it('refuses a form posted without its CSRF token, and changes nothing', async () => {
    const { db } = database();
    const client = new Client(site.url);
    await client.get('/login');
    const noToken = await client.post('/login', { login: alice.login, password: alice.password }, { csrf: false });
    assert.equal(noToken.status, 403);
    assert.equal(client.cookies.get('kkp_session'), undefined);

    await client.login(alice.login, alice.password);
    const before = await db('readings').count({ n: '*' }).first();
    const forged = await client.post('/meters/readings', { meterId: String(alice.meters.coldWater), value_1: '120', _csrf: 'x'.repeat(43) }, { csrf: false });
    assert.equal(forged.status, 403);
    assert.match(textOf(forged.html), /Форма устарела/);
    const after = await db('readings').count({ n: '*' }).first();
    assert.equal(Number(after?.n), Number(before?.n));
    const loggedOut = await client.post('/logout', {}, { csrf: false });
    assert.equal(loggedOut.status, 403);
    assert.equal((await client.get('/')).status, 200, 'still signed in');
  });

  it("does not show another resident's meter, account or readings form", async () => {
    const { db } = database();
    const client = new Client(site.url);
    await client.login(alice.login, alice.password);

    const foreignHistory = await client.get(`/meters/${bob.meters.coldWater}`);
    assert.equal(foreignHistory.status, 404);
    assert.doesNotMatch(foreignHistory.html, new RegExp(`CW-${bob.accountNumber}`));

    await client.get('/meters');
    const foreignReading = await client.post('/meters/readings', { meterId: String(bob.meters.coldWater), value_1: '999' });
    assert.equal(foreignReading.status, 404);
    const stored = await db('readings').where({ meter_id: bob.meters.coldWater, period: '2026-11' }).first();
    assert.equal(stored, undefined);

    const foreignSwitch = await client.post('/account/switch', { account: bob.accountNumber, back: '/' });
    assert.equal(foreignSwitch.status, 404);
    const overview = await client.get('/');
    assert.match(textOf(overview.html), new RegExp(`Лицевой счёт ${alice.accountNumber}`));
    assert.doesNotMatch(overview.html, new RegExp(bob.accountNumber));

    const ownMeter = await client.get(`/meters/${alice.meters.coldWater}`);
    assert.equal(ownMeter.status, 200);
  });

  it('sends anonymous visitors to the login page', async () => {
    const client = new Client(site.url);
    for (const path of ['/', '/charges', '/payments', '/meters', `/meters/${alice.meters.coldWater}`]) {
      const reply = await client.get(path);
      assert.equal(reply.status, 302, path);
      assert.equal(reply.location, `/login?next=${encodeURIComponent(path)}`);
    }
  });

  it('ends the session at logout', async () => {
    const client = new Client(site.url);
    await client.login(alice.login, alice.password);
    const token = client.cookies.get('kkp_session');
    await client.get('/');
    const out = await client.post('/logout', {});
    assert.equal(out.status, 302);
    const reuse = new Client(site.url);
    reuse.cookies.set('kkp_session', token ?? '');
    assert.equal((await reuse.get('/')).status, 302);
  });
});
