// Who a mass notice is for: every resident, the residents of one building, or debtors. A
// resident is a user with at least one active account linked; one with two flats in the
// building is one resident. Read in pages in user-id order (keyset), so a million accounts
// never sit in memory at once and a page's query stays on the primary key.
import type { Knex } from 'knex';
import { z } from 'zod';
import { getSetting } from '../settings/settings.ts';

const buildingId = z.number({ error: 'Выберите дом' }).int('Выберите дом').positive('Выберите дом');

export const audienceSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('all') }),
    z.object({ type: z.literal('building'), buildingId }),
    /** Debt on the latest receipt of at least this much; default: the 'notifications.debtThreshold' setting. */
    z.object({ type: z.literal('debtors'), minDebtKopecks: z.number().int().positive('Сумма долга больше нуля').optional() }),
  ],
  { error: 'Выберите, кому отправить: всем, дому или должникам' },
);
export type Audience = z.output<typeof audienceSchema>;

/** The audience with every default filled in, as it is stored with a notice. */
export type ResolvedAudience = { type: 'all' } | { type: 'building'; buildingId: number } | { type: 'debtors'; minDebtKopecks: number };

export async function resolveAudience(db: Knex, audience: Audience): Promise<ResolvedAudience> {
  if (audience.type !== 'debtors') return audience;
  return { type: 'debtors', minDebtKopecks: audience.minDebtKopecks ?? (await getSetting(db, 'notifications.debtThreshold')) };
}

export const AUDIENCE_PAGE = 1000;

/** The next page of the audience's user ids after `afterUserId`, ascending. */
export async function audiencePage(db: Knex, audience: ResolvedAudience, afterUserId: number, limit = AUDIENCE_PAGE): Promise<number[]> {
  const rows: { id: number | string }[] = await db('users as u')
    .where('u.id', '>', afterUserId)
    .whereExists((q) => {
      q.select(db.raw('1'))
        .from('user_accounts as ua')
        .join('accounts as a', 'a.id', 'ua.account_id')
        .whereRaw('ua.user_id = u.id')
        .andWhere('a.status', 'active');
      if (audience.type === 'building') q.andWhere('a.building_id', audience.buildingId);
      if (audience.type === 'debtors') {
        q.whereExists((b) => {
          b.select(db.raw('1'))
            .from('balances as b')
            .whereRaw('b.account_id = a.id')
            .andWhere('b.total_due', '>=', audience.minDebtKopecks)
            .andWhere('b.period', db('balances as b2').max('b2.period').whereRaw('b2.account_id = a.id'));
        });
      }
    })
    .orderBy('u.id')
    .limit(limit)
    .select('u.id');
  return rows.map((r) => Number(r.id));
}

/** Every page of the audience in turn. */
export async function* audienceUserIds(db: Knex, audience: ResolvedAudience, pageSize = AUDIENCE_PAGE): AsyncGenerator<number[]> {
  let after = 0;
  for (;;) {
    const page = await audiencePage(db, audience, after, pageSize);
    if (page.length === 0) return;
    yield page;
    after = page[page.length - 1] as number;
    if (page.length < pageSize) return;
  }
}
