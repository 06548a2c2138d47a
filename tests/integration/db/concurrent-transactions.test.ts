// Many transactions that read and then write, at once, over the pool: none may fail with
// "database is locked" on SQLite (BEGIN IMMEDIATE) nor lose an update on either engine.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { forEachEngine } from '../../support/engines.ts';

forEachEngine('concurrent read-then-write transactions', (ctx) => {
  const database = ctx.databaseForSuite();

  it('all commit, and every increment is kept', async () => {
    const { db } = database();
    await db('settings').insert({ key: 'test.counter', value: '0', updated_at: 0 });
    const workers = Array.from({ length: 24 }, (_, i) =>
      db.transaction(async (trx) => {
        await trx('settings').where({ key: 'test.counter' }).forUpdate().first('value');
        await trx('settings').where({ key: 'test.counter' }).update({ value: trx.raw('cast(cast(value as integer) + 1 as text)'), updated_at: i });
        await trx('audit_log').insert({ at: i, actor_type: 'system', action: 'test.increment' });
      }),
    );
    const outcomes = await Promise.allSettled(workers);
    const failures = outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason));
    assert.deepEqual(failures, []);
    const row = await db('settings').where({ key: 'test.counter' }).first('value');
    assert.equal(row.value, '24');
    const audit = await db('audit_log').where({ action: 'test.increment' }).count({ n: '*' }).first();
    assert.equal(Number(audit?.n), 24);
  });
});
