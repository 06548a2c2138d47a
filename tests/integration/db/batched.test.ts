// Batched reads (db/prepared.ts `batched`): calls made together run as one statement, and each
// still gets exactly the answer it would have got alone.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { batched } from '../../../db/prepared.ts';
import { findSessionWithOverview } from '../../../shared/billing/overview.ts';
import { createSession } from '../../../shared/residents/sessions.ts';
import { forEachEngine } from '../../support/engines.ts';
import { createResident, createWorld, type ResidentFixture } from '../../support/factories.ts';

const ZONE = 'Europe/Moscow';
const HOUR = 60 * 60_000;

forEachEngine('batched session and overview reads', (ctx) => {
  const database = ctx.databaseForSuite();
  let residents: ResidentFixture[];

  before(async () => {
    const { db } = database();
    const world = await createWorld(db);
    residents = [
      await createResident(db, world, { accountNumber: '00007001', lastPeriod: '2026-10' }),
      await createResident(db, world, { accountNumber: '00007002', lastPeriod: '2026-09' }),
      await createResident(db, world, { accountNumber: '00007003' }),
    ];
    await database().db('users').where({ id: residents[2]?.userId }).update({ blocked_at: 1, blocked_until: null });
  });

  it('answers pages asked for together like pages asked for one by one, in one statement', async () => {
    const { db } = database();
    const t0 = Date.parse('2026-11-24T09:00:00Z');
    const [a, b, blocked] = residents as [ResidentFixture, ResidentFixture, ResidentFixture];
    const tokenA = (await createSession(db, { userId: a.userId, accountId: a.accountId, ttlMs: HOUR, now: t0 })).token;
    const tokenB = (await createSession(db, { userId: b.userId, accountId: b.accountId, ttlMs: HOUR, now: t0 })).token;
    const tokenBlocked = (await createSession(db, { userId: blocked.userId, accountId: blocked.accountId, ttlMs: HOUR, now: t0 })).token;
    // Each ask has its own clock: B's second ask comes after its session expired.
    const asks: [string, number][] = [[tokenA, t0], [tokenB, t0 + 1], ['no-such-token', t0], [tokenA, t0 + 2], [tokenBlocked, t0], [tokenB, t0 + 2 * HOUR]];

    const alone = [];
    for (const [token, now] of asks) alone.push(await findSessionWithOverview(db, token, now, ZONE));

    let statements = 0;
    const count = () => void statements++;
    db.on('query', count);
    const together = await Promise.all(asks.map(([token, now]) => findSessionWithOverview(db, token, now, ZONE))).finally(() => db.off('query', count));

    assert.equal(statements, 1, 'one statement for the six asks');
    assert.deepEqual(together, alone);
    assert.deepEqual(together.map((r) => r?.session.login ?? null), [a.login, b.login, null, a.login, null, null]);
    assert.notDeepEqual(together[0]?.overview, together[1]?.overview, 'each session with its own account');
  });
});

describe('batched', () => {
  const db = {} as Parameters<ReturnType<typeof batched>>[0];

  it('runs the calls of one turn together, in order, and splits at the batch limit', async () => {
    const runs: number[][] = [];
    const double = batched(async (_db, inputs: number[]) => {
      runs.push(inputs);
      return inputs.map((n) => n * 2);
    }, 3);
    const outs = await Promise.all([1, 2, 3, 4, 5].map((n) => double(db, n)));
    assert.deepEqual(outs, [2, 4, 6, 8, 10]);
    assert.deepEqual(runs, [[1, 2, 3], [4, 5]]);
    assert.deepEqual(await double(db, 6), 12);
    assert.deepEqual(runs.at(-1), [6], 'a later call is a batch of its own');
  });

  it('fails every call of a batch when the batch fails', async () => {
    const broken = batched(async (): Promise<number[]> => {
      throw new Error('database gone');
    });
    const results = await Promise.allSettled([broken(db, 1), broken(db, 2)]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  });
});
