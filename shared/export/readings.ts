// Readings export: every accepted reading of a period (the readings table holds only accepted
// values, one per meter, period and zone), with the meter's serial and service, in the canonical
// column names of the readings import. Meters archived since are included, with archived_on
// filled: a reading accepted for the period is billable whatever happened to the meter later.
import { basename } from 'node:path';
import type { Knex } from 'knex';
import { writeAudit } from '../audit/write.ts';
import { parseInput } from '../validation.ts';
import { formatReading } from '../readings/decimal.ts';
import { zonedClock } from './clock.ts';
import { auditActor, PAGE_SIZE, type ExportDeps, type ExportDestination, type ExportResult } from './context.ts';
import { readingsExportSchema, type FileOptionsInput } from './options.ts';
import type { ExportColumn, ExportRow, RowPages } from './table.ts';
import { writeExport } from './write.ts';

export const READINGS_COLUMNS: readonly ExportColumn[] = [
  { name: 'account', type: 'text', width: 14 },
  { name: 'service_code', type: 'text', width: 14, repeats: true },
  { name: 'service_name', type: 'text', width: 30, repeats: true },
  { name: 'serial', type: 'text', width: 18 },
  { name: 'period', type: 'text', width: 9, repeats: true },
  { name: 'zone', type: 'integer', width: 6 },
  { name: 'value', type: 'decimal', width: 14 },
  { name: 'taken_on', type: 'date', width: 12 },
  { name: 'source', type: 'text', width: 10, repeats: true },
  { name: 'submitted_at', type: 'datetime', width: 20 },
  { name: 'archived_on', type: 'date', width: 12 },
];

interface ReadingRow {
  account: string;
  service_id: number;
  serial: string;
  zone: number;
  value_milli: number;
  precision: number;
  taken_on: string;
  source: string;
  submitted_at: number;
  archived_at: number | null;
}

export interface ReadingsExportRequest extends FileOptionsInput, ExportDestination {
  period: string;
}

export async function exportReadings(deps: ExportDeps, request: ReadingsExportRequest): Promise<ExportResult> {
  const { out, actor, ...input } = request;
  const options = parseInput(readingsExportSchema, input);
  const now = deps.now();
  const written = await writeExport(readingPages(deps.db, options.period, deps.timeZone), READINGS_COLUMNS, options, {
    out, sheetName: `Показания ${options.period}`, now,
  });
  const file = typeof out === 'string' ? out : null;
  await writeAudit(deps.db, {
    ...auditActor(actor), action: 'export.readings', subjectType: 'period', subjectId: options.period, ip: actor.ip, at: now,
    details: { period: options.period, format: options.format, encoding: options.encoding, rows: written.rows, bytes: written.bytes, file: file ? basename(file) : 'stream' },
  });
  return { ...written, file };
}

/**
 * Keyset pages over account numbers: each page is the next PAGE_SIZE accounts (the unique index
 * on accounts.number finds the upper bound), joined to their meters (index on account_id) and the
 * period's readings (unique index meter_id, period, zone). Works the same on both engines and
 * never holds more than two pages (the next is fetched while the current one is written),
 * unlike knex's stream(), which on SQLite reads everything first.
 */
export async function* readingPages(db: Knex, period: string, timeZone: string): RowPages {
  const clock = zonedClock(timeZone);
  // A handful of services: named here rather than repeated in every row the driver builds.
  const services = new Map<number, { code: string; name: string }>(
    (await db('services').select('id', 'code', 'name')).map((s: { id: number; code: string; name: string }) => [Number(s.id), s]),
  );
  const fetchPage = async (after: string | null): Promise<{ rows: ReadingRow[]; upTo: string | null }> => {
    const bound: { number: string } | undefined = await db('accounts')
      .modify((q) => { if (after !== null) q.where('number', '>', after); })
      .orderBy('number')
      .offset(PAGE_SIZE - 1)
      .first('number');
    const upTo = bound ? String(bound.number) : null;
    const rows: ReadingRow[] = await db('accounts as a')
      .join('meters as m', 'm.account_id', 'a.id')
      .join('readings as r', 'r.meter_id', 'm.id')
      .join('services as s', 's.id', 'm.service_id')
      .where('r.period', period)
      .modify((q) => {
        if (after !== null) q.where('a.number', '>', after);
        if (upTo !== null) q.where('a.number', '<=', upTo);
      })
      .orderBy([{ column: 'a.number' }, { column: 's.code' }, { column: 'm.serial' }, { column: 'r.zone' }])
      .select('a.number as account', 'm.service_id', 'm.serial', 'r.zone', 'r.value_milli', 'm.precision', 'r.taken_on', 'r.source', 'r.submitted_at', 'm.archived_at');
    return { rows, upTo };
  };

  let next = fetchPage(null);
  for (;;) {
    const { rows, upTo } = await next;
    if (upTo !== null) {
      next = fetchPage(upTo);
      // Awaited on the next turn; if the consumer stops first, its failure must not go unhandled.
      next.catch(() => {});
    }
    if (rows.length > 0) {
      yield rows.map((r): ExportRow => {
        const service = services.get(Number(r.service_id));
        return [
          String(r.account), service?.code ?? '', service?.name ?? '', r.serial, period, Number(r.zone),
          formatReading(Number(r.value_milli), Number(r.precision)).replace(',', '.'),
          String(r.taken_on), r.source, clock.dateTime(Number(r.submitted_at)),
          r.archived_at === null ? null : clock.date(Number(r.archived_at)),
        ];
      });
    }
    if (upTo === null) return;
  }
}
