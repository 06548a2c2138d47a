// A small town for the export tests: two accounts with the factories' meters (cold water at
// precision 3, two-zone electricity at precision 1), one value made exactly 123,456, a serial
// that needs CSV quoting, a hot-water meter archived after its reading, a reading of another
// period, and card payments around the edges of November in Moscow time.
import type { Knex } from 'knex';
import { createResident, createWorld, idOf } from '../../support/factories.ts';

export const PERIOD = '2026-10';

/** The readings export of PERIOD as CSV cells (default options: ';', decimal comma). */
export const EXPECTED_READINGS = [
  ['account', 'service_code', 'service_name', 'serial', 'period', 'zone', 'value', 'taken_on', 'source', 'submitted_at', 'archived_on'],
  ['10000001', 'cold_water', 'Холодное водоснабжение', 'CW-10000001', PERIOD, '1', '123,456', '2026-10-24', 'billing', '2026-10-24 13:00:00', ''],
  ['10000001', 'electricity', 'Электроснабжение', 'EL-10000001', PERIOD, '1', '1100,0', '2026-10-24', 'billing', '2026-10-24 13:00:00', ''],
  ['10000001', 'electricity', 'Электроснабжение', 'EL-10000001', PERIOD, '2', '540,0', '2026-10-24', 'billing', '2026-10-24 13:00:00', ''],
  ['10000001', 'hot_water', 'Горячее водоснабжение', 'HW-1', PERIOD, '1', '15,50', '2026-10-20', 'resident', '2026-10-21 00:30:00', '2026-11-02'],
  ['10000002', 'cold_water', 'Холодное водоснабжение', 'CW;"2"', PERIOD, '1', '110,000', '2026-10-24', 'billing', '2026-10-24 13:00:00', ''],
  ['10000002', 'electricity', 'Электроснабжение', 'EL-10000002', PERIOD, '1', '1100,0', '2026-10-24', 'billing', '2026-10-24 13:00:00', ''],
  ['10000002', 'electricity', 'Электроснабжение', 'EL-10000002', PERIOD, '2', '540,0', '2026-10-24', 'billing', '2026-10-24 13:00:00', ''],
];

export interface Town {
  /** Ids of the two card payments the November export must contain, in order. */
  includedPayments: [number, number];
}

export async function seedTown(db: Knex): Promise<Town> {
  const world = await createWorld(db);
  const a = await createResident(db, world, { accountNumber: '10000001', lastPeriod: PERIOD });
  const b = await createResident(db, world, { accountNumber: '10000002', lastPeriod: PERIOD });
  await db('readings').where({ meter_id: a.meters.coldWater, period: PERIOD }).update({ value_milli: 123_456 });
  await db('meters').where({ id: b.meters.coldWater }).update({ serial: 'CW;"2"' });
  // Next period's reading: not in the export of PERIOD.
  await db('readings').insert({
    meter_id: a.meters.coldWater, period: '2026-11', zone: 1, value_milli: 130_000, taken_on: '2026-11-24',
    submitted_at: Date.parse('2026-11-24T10:00:00Z'), source: 'resident', user_id: a.userId,
  });
  const [hot] = await db('meters')
    .insert({
      account_id: a.accountId, service_id: world.services.hot_water, serial: 'HW-1', zones: 1, precision: 2, verification_due: '2030-01-01',
      archived_at: Date.parse('2026-11-02T09:00:00Z'), archived_reason: 'Замена счётчика', created_at: Date.now(),
    })
    .returning('id');
  await db('readings').insert({
    // 21:30 UTC on the 20th is 00:30 on the 21st in Moscow.
    meter_id: idOf(hot), period: PERIOD, zone: 1, value_milli: 15_500, taken_on: '2026-10-20',
    submitted_at: Date.parse('2026-10-20T21:30:00Z'), source: 'resident', user_id: a.userId,
  });

  const card = (accountId: number, amount: number, paidAt: string, extra: Record<string, unknown> = {}) => ({
    account_id: accountId, amount, paid_at: Date.parse(paidAt), source: 'card', status: 'succeeded', provider: 'yookassa',
    provider_payment_id: `pay-${paidAt}-${String(extra.status ?? 'ok')}`, created_at: Date.now(), ...extra,
  });
  const [first] = await db('payments').insert(card(a.accountId, 150_050, '2026-10-31T21:00:00Z', { provider_payment_id: 'pay-1' })).returning('id'); // 00:00 on 1 Nov in Moscow
  const [last] = await db('payments').insert(card(b.accountId, 99, '2026-11-30T20:30:00Z', { provider_payment_id: 'pay-2', period: '2026-11' })).returning('id'); // 23:30 on 30 Nov
  await db('payments').insert([
    card(a.accountId, 500, '2026-11-30T21:30:00Z'), // 00:30 on 1 Dec in Moscow
    card(a.accountId, 700, '2026-10-31T20:59:00Z'), // 23:59 on 31 Oct
    card(a.accountId, 800, '2026-11-10T10:00:00Z', { status: 'pending' }),
    card(a.accountId, 900, '2026-11-11T10:00:00Z', { status: 'canceled' }),
    { account_id: a.accountId, amount: 1_000, paid_at: Date.parse('2026-11-12T10:00:00Z'), source: 'billing', status: 'succeeded', external_id: 'b-1', created_at: Date.now() },
  ]);
  return { includedPayments: [idOf(first), idOf(last)] };
}

/** Expected payments export for 1–30 November (default CSV options). */
export function expectedPayments(town: Town): string[][] {
  return [
    ['account', 'paid_on', 'paid_at', 'amount', 'period', 'provider', 'provider_payment_id', 'payment_id'],
    ['10000001', '2026-11-01', '2026-11-01 00:00:00', '1500,50', '', 'yookassa', 'pay-1', String(town.includedPayments[0])],
    ['10000002', '2026-11-30', '2026-11-30 23:30:00', '0,99', '2026-11', 'yookassa', 'pay-2', String(town.includedPayments[1])],
  ];
}

/** RFC 4180 lines back into cells (quotes undone); the file's last CRLF ends the last line. */
export function parseCsv(text: string, delimiter = ';'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) { row.push(cell); cell = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += ch;
  }
  if (cell !== '' || row.length > 0) throw new Error(`CSV does not end with CRLF: ${JSON.stringify(text.slice(-40))}`);
  return rows;
}
