// The client's address behind reverse proxies (TRUST_PROXY_HOPS), through a real site: the
// per-address limit of password-reset requests sees the address the outermost trusted proxy
// saw, never one the client wrote in front of it. Also the headers every page carries
// (Permissions-Policy; HSTS only over HTTPS) and a request photo missing from the disk (404).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Knex } from 'knex';
import { RESET_FIELDS, RESET_MAX_REQUESTS_PER_IP } from '../../../shared/access/password-reset.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, idOf, type ResidentFixture } from '../../support/factories.ts';
import { Client, startTestSite, textOf, type TestSite } from '../../support/site.ts';

type Site = TestSite;

/** A password-reset request for a login nobody has, with the proxies' X-Forwarded-For. */
async function askReset(site: Site, forwardedFor: string | null): Promise<number> {
  const client = new Client(site.url);
  if (forwardedFor !== null) client.headers['x-forwarded-for'] = forwardedFor;
  await client.get('/forgot-password');
  return (await client.post('/forgot-password', { [RESET_FIELDS.identifier]: 'nobody-here' })).status;
}

/** The addresses the site recorded for password-reset requests, oldest first. */
async function recordedAddresses(db: Knex, since: number): Promise<string[]> {
  const rows: { ip: string }[] = await db('audit_log').where({ action: 'password_reset.requested' }).andWhere('id', '>', since).orderBy('id').select('ip');
  return rows.map((r) => r.ip);
}

async function lastAuditId(db: Knex): Promise<number> {
  const row = await db('audit_log').max({ id: 'id' }).first();
  return Number(row?.id ?? 0);
}

forEachEngine('client address behind proxies', (ctx) => {
  const database = ctx.databaseForSuite();

  describe('one proxy (TRUST_PROXY_HOPS=1)', () => {
    let site: Site;
    before(async () => {
      site = await startTestSite(database().db, { env: { TRUST_PROXY_HOPS: '1' } });
    });
    after(() => site.close());

    it('limits by the address nginx appended, whatever the client forged in front of it', async () => {
      const { db } = database();
      const since = await lastAuditId(db);
      // A new forged left-most address every time: the limit is not dodged.
      for (let i = 0; i < RESET_MAX_REQUESTS_PER_IP; i++) {
        assert.equal(await askReset(site, `10.9.9.${i}, 203.0.113.5`), 302);
      }
      assert.equal(await askReset(site, '10.9.9.99, 203.0.113.5'), 429);
      assert.equal(await askReset(site, '203.0.113.5'), 429);
      // Another client, naming the throttled one in front of its own: its own address counts.
      assert.equal(await askReset(site, '203.0.113.5, 198.51.100.7'), 302);
      const addresses = await recordedAddresses(db, since);
      assert.deepEqual(addresses, [...Array<string>(RESET_MAX_REQUESTS_PER_IP).fill('203.0.113.5'), '198.51.100.7']);
    });

    it('believes X-Forwarded-Proto: HSTS only on what went out over HTTPS', async () => {
      const plain = await fetch(`${site.url}/login`);
      assert.equal(plain.headers.get('strict-transport-security'), null);
      const secure = await fetch(`${site.url}/login`, { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' } });
      assert.equal(secure.status, 200);
      assert.equal(secure.headers.get('strict-transport-security'), 'max-age=31536000; includeSubDomains');
    });
  });

  describe('two proxies (TRUST_PROXY_HOPS=2)', () => {
    let site: Site;
    before(async () => {
      site = await startTestSite(database().db, { env: { TRUST_PROXY_HOPS: '2' } });
    });
    after(() => site.close());

    it('takes the address the outer proxy saw: the second entry from the right', async () => {
      const { db } = database();
      const since = await lastAuditId(db);
      assert.equal(await askReset(site, '10.1.1.1, 203.0.113.21, 172.16.0.2'), 302);
      assert.equal(await askReset(site, '203.0.113.22, 172.16.0.2'), 302);
      assert.equal(await askReset(site, '8.8.8.8, 8.8.4.4, 203.0.113.23, 172.16.0.2'), 302);
      assert.deepEqual(await recordedAddresses(db, since), ['203.0.113.21', '203.0.113.22', '203.0.113.23']);
    });
  });

  describe('no proxy (the default)', () => {
    let site: Site;
    before(async () => {
      site = await startTestSite(database().db);
    });
    after(() => site.close());

    it('ignores X-Forwarded-For and X-Forwarded-Proto altogether', async () => {
      const { db } = database();
      const since = await lastAuditId(db);
      assert.equal(site.config.proxyHops, 0);
      assert.equal(await askReset(site, '203.0.113.30'), 302);
      const [address] = await recordedAddresses(db, since);
      assert.match(address ?? '', /^(::ffff:)?127\.0\.0\.1$/);
      const forged = await fetch(`${site.url}/login`, { headers: { 'x-forwarded-proto': 'https' } });
      assert.equal(forged.headers.get('strict-transport-security'), null);
    });

    it('sends a Permissions-Policy refusing camera, microphone, geolocation and payment', async () => {
      for (const path of ['/login', '/site.css', '/no-such-page']) {
        const reply = await fetch(`${site.url}${path}`);
        const policy = reply.headers.get('permissions-policy') ?? '';
        for (const feature of ['camera', 'microphone', 'geolocation', 'payment']) {
          assert.match(policy, new RegExp(`(^|, )${feature}=\\(\\)`), `${path}: ${feature}`);
        }
      }
    });
  });
});

forEachEngine('request photo missing from the disk', (ctx) => {
  const database = ctx.databaseForSuite();
  let site: Site;
  let resident: ResidentFixture;

  before(async () => {
    const { db } = database();
    const world = await createWorld(db);
    resident = await createResident(db, world, { accountNumber: '00090001' });
    site = await startTestSite(db);
  });
  after(() => site.close());

  it('answers 404 with a page, not a dropped connection', async () => {
    const { db } = database();
    const now = site.clock.now();
    const [request] = await db('requests')
      .insert({
        user_id: resident.userId, account_id: resident.accountId, channel: 'company', category: 'other', description: 'Проверка фотографии',
        contact_phone: '+79150000000', address: 'г. Десногорск', status: 'new', created_at: now, updated_at: now,
      })
      .returning('id');
    const requestId = idOf(request);
    const [photo] = await db('request_photos')
      .insert({ request_id: requestId, file_name: `${'a'.repeat(32)}.jpg`, original_name: 'пропала.jpg', mime: 'image/jpeg', size: 10, sha256: 'b'.repeat(64), created_at: now })
      .returning('id');
    const client = new Client(site.url);
    await client.login(resident.login, resident.password);
    const reply = await client.get(`/requests/${requestId}/photos/${idOf(photo)}`);
    assert.equal(reply.status, 404);
    assert.match(reply.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(reply.headers.get('content-disposition'), null, 'the error page is not offered as the photo');
    assert.match(textOf(reply.html), /Фотография не найдена/);
  });
});
