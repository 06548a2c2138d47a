// Card payments export: succeeded card payments whose paid_at falls within the given dates,
// inclusive, in the company's time zone (a payment at 23:30 Moscow time on the last day is in,
// one at 00:30 the next day is out). Pending and canceled ones are not money received; billing,
// bank and cashier payments came from billing in the first place.
import { basename } from 'node:path';
import type { Knex } from 'knex';
import { writeAudit } from '../audit/write.ts';
import { parseInput } from '../validation.ts';
import { dayRange } from '../admin/zoned-day.ts';
import { kopecksToDecimal } from '../money.ts';
import { zonedClock } from './clock.ts';
import { auditActor, PAGE_SIZE, type ExportDeps, type ExportDestination, type ExportResult } from './context.ts';
import { paymentsExportSchema, type FileOptionsInput } from './options.ts';
import type { ExportColumn, ExportRow, RowPages } from './table.ts';
import { writeExport } from './write.ts';

export const PAYMENTS_COLUMNS: readonly ExportColumn[] = [
  { name: 'account', type: 'text', width: 14 },
  { name: 'paid_on', type: 'date', width: 12 },
  { name: 'paid_at', type: 'datetime', width: 20 },
  { name: 'amount', type: 'decimal', width: 14 },
  { name: 'period', type: 'text', width: 9, repeats: true },
  { name: 'provider', type: 'text', width: 12, repeats: true },
  { name: 'provider_payment_id', type: 'text', width: 40 },
  { name: 'payment_id', type: 'integer', width: 12 },
];

interface PaymentRow {
  id: number;
  account: string;
  amount: number;
  paid_at: number;
  period: string | null;
  provider: string | null;
  provider_payment_id: string | null;
}

export interface PaymentsExportRequest extends FileOptionsInput, ExportDestination {
  from: string;
  to: string;
}

export interface PaymentsExportResult extends ExportResult {
  /** Sum of the exported payments, kopecks. */
  totalAmount: number;
}

export async function exportPayments(deps: ExportDeps, request: PaymentsExportRequest): Promise<PaymentsExportResult> {
  const { out, actor, ...input } = request;
  const options = parseInput(paymentsExportSchema, input);
  const now = deps.now();
  const total = { amount: 0 };
  const written = await writeExport(paymentPages(deps.db, options.from, options.to, deps.timeZone, total), PAYMENTS_COLUMNS, options, {
    out, sheetName: 'Оплаты картой', now,
  });
  const file = typeof out === 'string' ? out : null;
  await writeAudit(deps.db, {
    ...auditActor(actor), action: 'export.payments', subjectType: 'dates', subjectId: `${options.from}..${options.to}`, ip: actor.ip, at: now,
    details: {
      from: options.from, to: options.to, format: options.format, encoding: options.encoding,
      rows: written.rows, bytes: written.bytes, totalAmount: total.amount, file: file ? basename(file) : 'stream',
    },
  });
  return { ...written, totalAmount: total.amount, file };
}

/** Keyset pages in the order money arrived: (paid_at, id). `total.amount` adds up what was read. */
export async function* paymentPages(db: Knex, from: string, to: string, timeZone: string, total: { amount: number }): RowPages {
  const clock = zonedClock(timeZone);
  const { start, end } = dayRange(from, to, timeZone) as { start: number; end: number };
  let last: { at: number; id: number } | null = null;
  for (;;) {
    const rows: PaymentRow[] = await db('payments as p')
      .join('accounts as a', 'a.id', 'p.account_id')
      .where({ 'p.source': 'card', 'p.status': 'succeeded' })
      .where('p.paid_at', '>=', start)
      .where('p.paid_at', '<', end)
      .modify((q) => {
        if (last) {
          const { at, id } = last;
          q.where((w) => w.where('p.paid_at', '>', at).orWhere((x) => x.where('p.paid_at', at).where('p.id', '>', id)));
        }
      })
      .orderBy([{ column: 'p.paid_at' }, { column: 'p.id' }])
      .limit(PAGE_SIZE)
      .select('p.id', 'a.number as account', 'p.amount', 'p.paid_at', 'p.period', 'p.provider', 'p.provider_payment_id');
    if (rows.length === 0) return;
    yield rows.map((p): ExportRow => {
      total.amount += Number(p.amount);
      const paidAt = Number(p.paid_at);
      return [String(p.account), clock.date(paidAt), clock.dateTime(paidAt), kopecksToDecimal(Number(p.amount)), p.period, p.provider, p.provider_payment_id, Number(p.id)];
    });
    const tail = rows[rows.length - 1] as PaymentRow;
    last = { at: Number(tail.paid_at), id: Number(tail.id) };
    if (rows.length < PAGE_SIZE) return;
  }
}
