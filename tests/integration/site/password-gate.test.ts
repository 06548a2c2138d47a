// A resident signed in with a password the office issued is led to set their own first: every
// page redirects to the profile's password form and other forms are refused with a reason; the
// profile, help and signing out stay open; once the password is changed the site is theirs.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';
import { Client, startTestSite, textOf, type TestSite } from '../../support/site.ts';

forEachEngine('an issued password is changed first', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: TestSite;
  let resident: ResidentFixture;

  before(async () => {
    const { db } = database();
    const world = await createWorld(db);
    resident = await createResident(db, world, { accountNumber: '00007007' });
    await db('users').where({ id: resident.userId }).update({ must_change_password: true });
    site = await startTestSite(db);
  });
  after(() => site.close());

  it('leads every page to the password form until the resident sets their own', async () => {
    const client = new Client(site.url);
    const login = await client.login(resident.login, resident.password);
    assert.equal(login.status, 302);

    for (const path of ['/', '/charges', '/meters', '/payments', '/requests']) {
      const page = await client.get(path);
      assert.equal(page.status, 302, path);
      assert.equal(page.location, '/profile?change=password#password-title', path);
    }
    const profile = await client.get('/profile');
    assert.equal(profile.status, 200);
    assert.match(textOf(profile.html), /Вы вошли с временным паролем/);
    assert.equal((await client.get('/help')).status, 200);

    const refused = await client.post('/account/switch', { account_id: '1' });
    assert.equal(refused.status, 403);
    assert.match(textOf(refused.html), /Сначала задайте свой пароль в профиле/);

    await client.get('/profile');
    const changed = await client.post('/profile/password', {
      current_password: resident.password, new_password: 'Своя-Пароль-2026', repeat_password: 'Своя-Пароль-2026',
    });
    assert.equal(changed.status, 302);
    const overview = await client.get('/');
    assert.equal(overview.status, 200, 'the site opens once the password is the resident\'s own');
  });

  it('signing out stays possible', async () => {
    const { db } = database();
    await db('users').where({ id: resident.userId }).update({ must_change_password: true });
    const client = new Client(site.url);
    await client.login(resident.login, 'Своя-Пароль-2026');
    await client.get('/profile');
    const out = await client.post('/logout', {});
    assert.equal(out.status, 302);
    assert.equal(client.cookies.get('kkp_session'), undefined);
  });
});
