// The charges page's data in one prepared statement: the periods with data, the chosen period's
// charges by service with its balance lines, and the last 13 months by service for the chart.
// Through knex this took five statements and about 2.4 ms of CPU a page on SQLite; those knex
// reads are now only the tests' oracle (tests/support/oracles/charges.ts).
import type { Knex } from 'knex';
import { prepared, runPrepared } from '../../db/prepared.ts';
import type { Period } from '../period.ts';
import { parseJson } from '../residents/sessions.ts';
import { periodStatement, type ChargeLine, type PeriodStatement } from './charges.ts';
import { HISTORY_MONTHS, historyByService, monthsEndingWith, type ChargeHistory } from './history.ts';

export interface ChargesPage {
  /** Periods with a balance, newest first. */
  periods: Period[];
  /** The asked period, else the newest; null when the account has no data at all. */
  selected: Period | null;
  /** null when the selected period has neither charges nor a balance. */
  statement: PeriodStatement | null;
  /** The 13 months ending with the newest period; null without data. */
  history: ChargeHistory | null;
}

type LineTuple = [
  code: string, name: string, unit: string, volumeMilli: number | null, volumeCommonMilli: number | null, tariffMkop: number | null,
  charged: number, recalculation: number, recalculationReason: string | null, benefits: number, penalties: number, total: number,
];
type BalanceTuple = [openingBalance: number, charged: number, paid: number, penalties: number, totalDue: number, paidUntil: string | null, dueDate: string | null];
type PageTuple = [periods: Period[], lines: LineTuple[], balance: BalanceTuple | null, history: [period: Period, code: string, name: string, total: number][]];

// A period 'YYYY-MM' as a month count, the same on both engines, to take the chart's 13 months
// back from the newest period inside the statement.
const monthIndex = (column: string) => `(cast(substr(${column}, 1, 4) as integer) * 12 + cast(substr(${column}, 6, 2) as integer))`;

// Parameters: account, asked period (null: the newest).
const CHARGES_PAGE = prepared('charges_page', (json) => {
  const line = json.array(
    's.code', 's.name', 's.unit', 'c.volume_milli', 'c.volume_common_milli', 'c.tariff_mkop', 'c.charged',
    'c.recalculation', 'c.recalculation_reason', 'c.benefits', 'c.penalties', 'c.total',
  );
  return `
with cur as (select cast(? as integer) as account_id, ${json.param('text')} as asked),
newest as (select cur.account_id, cur.asked, (select max(b.period) from balances b where b.account_id = cur.account_id) as latest from cur),
sel as (select newest.account_id, newest.latest, coalesce(newest.asked, newest.latest) as period from newest)
select ${json.array(
    json.nested(`select ${json.arrayAgg('b.period', 'b.period desc')} from balances b where b.account_id = sel.account_id`),
    json.nested(`select ${json.arrayAgg(line, 's.sort_order, s.name')}
      from charges c join services s on s.id = c.service_id
      where c.account_id = sel.account_id and c.period = sel.period`),
    json.nested(`select ${json.array('b.opening_balance', 'b.charged', 'b.paid', 'b.penalties', 'b.total_due', 'b.paid_until', 'b.due_date')}
      from balances b where b.account_id = sel.account_id and b.period = sel.period`),
    json.nested(`select ${json.arrayAgg(json.array('c.period', 's.code', 's.name', 'c.total'), 's.sort_order, s.name, c.period')}
      from charges c join services s on s.id = c.service_id
      where c.account_id = sel.account_id and c.period <= sel.latest
        and ${monthIndex('c.period')} > ${monthIndex('sel.latest')} - ${HISTORY_MONTHS}`),
  )} as j
from sel`;
});

export async function chargesPage(db: Knex, accountId: number, asked: Period | undefined): Promise<ChargesPage> {
  const [row] = await runPrepared<{ j: unknown }>(db, CHARGES_PAGE, [accountId, asked ?? null]);
  if (!row) throw new Error('charges page query returned no row');
  const [periods, lineTuples, balance, historyRows] = parseJson<PageTuple>(row.j);
  const newest = periods[0] ?? null;
  const selected = asked ?? newest;
  const lines: ChargeLine[] = lineTuples.map((l) => ({
    serviceCode: l[0], serviceName: l[1], unit: l[2], volumeMilli: l[3], volumeCommonMilli: l[4], tariffMkop: l[5],
    charged: l[6], recalculation: l[7], recalculationReason: l[8], benefits: l[9], penalties: l[10], total: l[11],
  }));
  const statement = selected === null || (lines.length === 0 && !balance) ? null : periodStatement(
    selected,
    lines,
    balance
      ? { openingBalance: balance[0], charged: balance[1], paid: balance[2], penalties: balance[3], totalDue: balance[4], paidUntil: balance[5], dueDate: balance[6] }
      : null,
  );
  return { periods, selected, statement, history: newest === null ? null : toHistory(newest, historyRows) };
}

/** The chart: the 13 months ending with `last`, by service (null where a service has no charge). */
function toHistory(last: Period, rows: PageTuple[3]): ChargeHistory {
  return historyByService(monthsEndingWith(last, HISTORY_MONTHS), rows.map(([period, code, name, total]) => ({ period, code, name, total })));
}
