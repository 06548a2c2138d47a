// A demo town (db/seeds/demo.ts) seeded once for a suite, for tests that compare a page's one
// statement with plain queries across many real-looking accounts.
import { before } from 'node:test';
import type { Knex } from 'knex';
import { seedDemo } from '../../db/seeds/demo.ts';
import type { EngineContext } from './engines.ts';

/** The town's "now": 12:00 in Moscow on 23 November 2026, inside the readings window. */
export const DEMO_NOW = new Date('2026-11-23T09:00:00Z');

/** Registers the suite's database and its seeding; the town's account ids, in order, once seeded. */
export function demoTownForSuite(ctx: EngineContext, accounts: number): { db(): Knex; accountIds(): number[] } {
  const database = ctx.databaseForSuite();
  let ids: number[] = [];
  before(async () => {
    const { db } = database();
    await seedDemo(db, { now: DEMO_NOW, timeZone: 'Europe/Moscow', accounts });
    ids = (await db('accounts').orderBy('id').select('id')).map((a: { id: number }) => a.id);
  });
  return { db: () => database().db, accountIds: () => ids };
}
