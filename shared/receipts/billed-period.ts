// The newest month billing has loaded: its balances are the amount due a receipt shows, so it is
// the newest month a receipt can be printed for (the current calendar month often has none yet).
import type { Knex } from 'knex';
import type { Period } from '../period.ts';

export async function latestBilledPeriod(db: Knex): Promise<Period | null> {
  const row = await db('balances').max({ period: 'period' }).first();
  return (row?.period as Period | null | undefined) ?? null;
}
