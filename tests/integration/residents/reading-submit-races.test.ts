// Submitting readings when things go wrong: two identical submits racing (a double click, a
// retried request) store one reading and audit one submission; a database whose disk is full
// shows the resident the clear message and a 503, not a raw driver error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Knex } from 'knex';
import { createDb } from '../../../db/connection.ts';
import { engineOf } from '../../../db/dialect/index.ts';
import { DISK_FULL_MESSAGE } from '../../../shared/disk-full.ts';
import { submitReading, type SubmitReadingInput } from '../../../shared/meters/submit.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture, type World } from '../../support/factories.ts';
import { Client, startTestSite, testClock, textOf, type TestSite } from '../../support/site.ts';

const ZONE = 'Europe/Moscow';

forEachEngine('reading submits that race or meet a full disk', (ctx) => {
  const database = ctx.databaseForSuite();
  let db: Knex;
  let world: World;

  before(async () => {
    db = database().db;
    world = await createWorld(db);
  });

  const submit = (who: ResidentFixture, value: string, extra: Partial<SubmitReadingInput> = {}) =>
    submitReading(db, {
      userId: who.userId, accountId: who.accountId, now: testClock().now(), timeZone: ZONE,
      submission: { meterId: who.meters.coldWater, values: { 1: value }, confirmJump: false },
      ...extra,
    });
  const audit = async (who: ResidentFixture) =>
    (await db('audit_log').where({ subject_type: 'meter', subject_id: String(who.meters.coldWater) }).orderBy('id')).map((a) => a.action);
  const stored = (who: ResidentFixture) => db('readings').where({ meter_id: who.meters.coldWater, period: '2026-11' }).select('value_milli', 'source');

  it('two identical submits at once: one reading, one audited submission, the other a no-op', async () => {
    const who = await createResident(db, world, { accountNumber: '00051001' });
    const results = await Promise.all([submit(who, '115,5'), submit(who, '115,5'), submit(who, '115,5')]);
    assert.ok(results.every((r) => r.ok), JSON.stringify(results));
    assert.equal(results.filter((r) => r.ok && !r.unchanged).length, 1, 'one of them wrote');
    assert.ok(results.every((r) => r.ok && !r.correction), 'a repeat is not a correction either');
    assert.deepEqual((await stored(who)).map((r) => Number(r.value_milli)), [115_500]);
    assert.deepEqual(await audit(who), ['reading.submit']);
  });

  it('a later identical submit changes nothing; another value is a correction; a clerk’s same value is audited', async () => {
    const who = await createResident(db, world, { accountNumber: '00051002' });
    assert.equal((await submit(who, '116')).ok, true);
    const again = await submit(who, '116');
    assert.ok(again.ok && again.unchanged && !again.correction);
    const corrected = await submit(who, '117');
    assert.ok(corrected.ok && corrected.correction && !corrected.unchanged);
    // The same value taken by a clerk on the phone changes the reading's source: recorded and audited.
    const clerk = await submit(who, '117', { userId: null, taker: { staffId: 1, channel: 'phone' } });
    assert.ok(clerk.ok && clerk.correction && !clerk.unchanged);
    assert.deepEqual((await stored(who)).map((r) => [Number(r.value_milli), r.source]), [[117_000, 'phone']]);
    assert.deepEqual(await audit(who), ['reading.submit', 'reading.correct', 'reading.correct']);
  });

  describe('a full disk', () => {
    let site: TestSite;
    let siteDb: Knex;
    let who: ResidentFixture;
    before(async () => {
      who = await createResident(db, world, { accountNumber: '00051003' });
      // One connection on SQLite, so the page limit set below holds for every query of the site.
      siteDb = createDb(database().url, { poolMax: 1 });
      site = await startTestSite(siteDb);
    });
    after(async () => {
      await site.close();
      await siteDb.destroy();
    });

    it('a full disk while saving a reading shows the clear message with 503, and nothing is saved', async () => {
      const client = new Client(site.url);
      assert.equal((await client.login(who.login, who.password)).status, 302);
      await client.get('/meters');
      await fillTheDisk(siteDb);
      try {
        const reply = await client.post('/meters/readings', { meterId: String(who.meters.coldWater), value_1: '115,5' });
        assert.equal(reply.status, 503, textOf(reply.html));
        assert.ok(textOf(reply.html).includes(DISK_FULL_MESSAGE), textOf(reply.html));
        assert.doesNotMatch(reply.html, /SQLITE|53100|\.\./);
      } finally {
        await freeTheDisk(siteDb);
      }
      assert.deepEqual(await stored(who), []);
      assert.deepEqual(await audit(who), []);
    });
  });
});

/**
 * Makes the next reading's commit fail as a full disk would. SQLite: the database may not grow
 * past its present size (max_page_count) and the audit log's pages are filled first, so the
 * submit's audit row needs a page there is no room for: a real SQLITE_FULL. PostgreSQL: a
 * deferred trigger raises disk_full (53100) at COMMIT.
 */
async function fillTheDisk(db: Knex): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await db.raw(`CREATE OR REPLACE FUNCTION test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100'; END $$`);
    await db.raw(`CREATE CONSTRAINT TRIGGER test_disk_full AFTER INSERT ON readings DEFERRABLE INITIALLY DEFERRED
      FOR EACH ROW EXECUTE FUNCTION test_disk_full()`);
    return;
  }
  const [{ page_count: pages }] = await db.raw('PRAGMA page_count');
  await db.raw(`PRAGMA max_page_count = ${Number(pages)}`);
  for (const size of [2_000, 200, 20, 1]) {
    for (let i = 0; i < 10_000; i++) {
      try {
        await db('audit_log').insert({ at: 1, actor_type: 'system', action: 'test.fill', subject_type: 'meter', subject_id: 'x', details: 'x'.repeat(size) });
      } catch (error) {
        assert.equal((error as { code?: string }).code, 'SQLITE_FULL');
        break;
      }
    }
  }
}

async function freeTheDisk(db: Knex): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await db.raw('DROP TRIGGER test_disk_full ON readings');
    await db.raw('DROP FUNCTION test_disk_full()');
    return;
  }
  await db.raw('PRAGMA max_page_count = 1073741823');
}
