// One page of an account's payments history in one prepared statement: the count and the page's
// rows, the page number clamped to the pages there are (as two knex queries did, one after the
// other; they are now only the tests' oracle, tests/support/oracles/payments.ts).
import type { Knex } from 'knex';
import { prepared, runPrepared } from '../../db/prepared.ts';
import { parseJson } from '../residents/sessions.ts';
import { shownSourceSql, type PaymentRow } from './payments.ts';

export interface PaymentsPage {
  payments: PaymentRow[];
  /** The page shown: the asked one within 1…pages. */
  page: number;
  pages: number;
  total: number;
}

type PageTuple = [total: number, pages: number, page: number, rows: [id: number, amount: number, paidAt: number, period: string | null, source: string, status: string][]];

// Parameters: account, asked page (at least 1), page size. Newest first: by paid_at, then id, descending.
const PAYMENTS_PAGE = prepared('payments_page', (json) => `
with cur as (select cast(? as integer) as account_id, cast(? as integer) as asked, cast(? as integer) as size),
counted as (select cur.*, (select count(*) from payments p where p.account_id = cur.account_id) as total from cur),
paged as (select counted.*, case when counted.total = 0 then 1 else (counted.total + counted.size - 1) / counted.size end as pages from counted),
shown as (select paged.*, case when paged.asked < 1 then 1 when paged.asked > paged.pages then paged.pages else paged.asked end as page from paged)
select ${json.array(
  'shown.total',
  'shown.pages',
  'shown.page',
  json.nested(`select ${json.arrayAgg(json.array('x.id', 'x.amount', 'x.paid_at', 'x.period', 'x.source', 'x.status'), 'x.n')}
    from (select p.id, p.amount, p.paid_at, p.period, ${shownSourceSql('p')} as source, p.status, row_number() over (order by p.paid_at desc, p.id desc) as n
      from payments p where p.account_id = shown.account_id) x
    where x.n > (shown.page - 1) * shown.size and x.n <= shown.page * shown.size`),
)} as j
from shown`);

/** Page `asked` (any integer; clamped) of `size` payments. */
export async function paymentsPage(db: Knex, accountId: number, asked: number, size: number): Promise<PaymentsPage> {
  // Beyond the last page is the last page anyway; this keeps the parameter a plain integer.
  const page = Math.min(Math.max(1, Math.trunc(asked) || 1), 1_000_000);
  const [row] = await runPrepared<{ j: unknown }>(db, PAYMENTS_PAGE, [accountId, page, size]);
  if (!row) throw new Error('payments page query returned no row');
  const [total, pages, shown, rows] = parseJson<PageTuple>(row.j);
  return {
    total: Number(total),
    page: Number(shown),
    pages: Number(pages),
    payments: rows.map(([id, amount, paidAt, period, source, status]) => ({ id, amount, paidAt, period, source, status })),
  };
}
