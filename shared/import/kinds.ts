// Per kind of file: how a validated row is checked against the database (accounts, services,
// meters exist; no key twice in the file) and turned into the row the writer stores.
import type { Knex } from 'knex';
import type { Row } from '../../db/bulk-insert.ts';
import { loadAccountIds, loadMeters, meterKey, periodIndex, type MeterRef } from './lookups.ts';
import { NumberKeyMap } from './number-map.ts';
import type { ImportCounts, UnknownValue } from './outcome.ts';
import { deleteUntouched, type ReplaceScope } from './replace-scope.ts';
import type { ImportKind, ImportRow, RowProblem } from './rows.ts';
import { ServiceValues } from './service-values.ts';
import { describeRun } from './summary.ts';
import type { BulkCell, BulkInserter } from './write-bulk.ts';
import { REPLACE_TABLES, ReplaceWriter } from './write-replace.ts';
import { insertForImport, UPSERT_TABLES, UpsertWriter } from './write-upsert.ts';

export interface KindLoader<K extends ImportKind> {
  /**
   * Before the row's schema, for kinds with services: our service code into the cells. Problems
   * (or [] when already reported: the row is bad all the same) when the value is unknown.
   */
  prepare?(cells: Record<string, string>, line: number): RowProblem[] | null;
  /** Problems with the row's references; when none and `write`, the row is queued. */
  accept(row: ImportRow<K>, line: number, write: boolean): RowProblem[] | null;
  pending(): number;
  /**
   * Writes the queued rows. With `overlaps`, the rows are taken before the first await, so the
   * caller may go on reading and queueing while the write runs (one write at a time).
   */
  flush(): Promise<void>;
  overlaps: boolean;
  /** The file is expected to hold about this many rows in all: size what grows with them once. */
  expect?(rows: number): void;
  /** Called once, after the last flush; charges also settle their replace scope here. */
  counts(rowsWritten: number): Promise<Pick<ImportCounts, 'inserted' | 'replaced' | 'unchanged' | 'removed'>>;
  /** A real run that changes something, after counts(): makes the written rows live (month-build.ts swap). */
  apply?(): Promise<void>;
  /** Staged (stage.ts), after the last flush and before any move: what counts() would give after the moves. */
  forecast?(rowsWritten: number): Promise<Pick<ImportCounts, 'inserted' | 'replaced' | 'unchanged' | 'removed'>>;
  periods: Set<string>;
  /** Service values of the file that are not ours (each once). */
  unknownValues(): UnknownValue[];
  /** What the run adds, replaces and deletes (summary.ts), after counts(); `future` before it is committed. */
  summary(counts: ImportCounts, future: boolean): Promise<string[]>;
}

export interface LoaderContext {
  trx: Knex.Transaction;
  importId: number;
  inserter: BulkInserter;
  now: number;
  /** Source service values the clerk confirmed as new services (charges). */
  confirmNewServices?: readonly string[];
  /** The mapping's replaceScope (charges); default 'auto'. */
  replaceScope?: ReplaceScope;
  /**
   * A dry run on SQLite (load.ts) writes nothing: replacing kinds stage their rows and never move
   * them, so services the file would create are not, their rows keep no service id (write-replace.ts
   * forecast); the others only count (write-upsert.ts), creating no building.
   */
  preview?: boolean;
}

const problem = (line: number, field: string, message: string, value?: string): RowProblem[] => [{ line, field, message, ...(value === undefined ? {} : { value: value.slice(0, 100) }) }];
const NO_ACCOUNT = 'Лицевой счёт не найден';
const noService = (code: string) => `Услуга с кодом «${code}» не найдена`;

/** Line of the first row with each key, to name it when the key comes again. */
class DuplicateCheck<T extends number | string> {
  // Numeric keys (one per row of a charges file of a million rows) go into typed arrays.
  private readonly numbers: NumberKeyMap | null;
  private readonly others: Map<T, number> | null;
  constructor(numeric: T extends number ? true : false) {
    this.numbers = numeric ? new NumberKeyMap() : null;
    this.others = numeric ? null : new Map<T, number>();
  }
  reserve(count: number): void {
    this.numbers?.reserve(count);
  }
  check<R>(key: T, line: number, describe: (row: R) => string, row: R): RowProblem[] | null {
    const first = this.numbers ? this.numbers.getOrSet(key as number, line) : this.firstLine(key, line);
    if (first !== undefined) return problem(line, 'row', `Повтор: ${describe(row)} уже есть в строке ${first}`);
    return null;
  }
  private firstLine(key: T, line: number): number | undefined {
    const first = this.others!.get(key);
    if (first === undefined) this.others!.set(key, line);
    return first;
  }
}

function replaceLoader<K extends 'charges' | 'balances' | 'readings'>(
  ctx: LoaderContext,
  table: K,
  services: ServiceValues | null,
  toValues: (row: ImportRow<K>, line: number) => { values: BulkCell[]; accountId: number; key: number } | RowProblem[],
  serviceColumn: number | null,
  // Named only when the key comes again: a sentence per row would be garbage a million times over.
  describe: (row: ImportRow<K>) => string,
): KindLoader<K> {
  const spec = REPLACE_TABLES[table];
  const writer = new ReplaceWriter(ctx.trx, ctx.importId, spec, ctx.inserter);
  const duplicates = new DuplicateCheck<number>(true);
  const periods = new Set<string>();
  // Charges: the file's services (code → id) and the replace scope, settled at the first write
  // and, for 'auto', again at the end (replace-scope.ts).
  const fileServices = new Map<string, number>();
  const wanted = ctx.replaceScope ?? 'auto';
  let scope: 'account-period' | 'service' | null = null;
  const finalScope = () => (scope === 'service' && wanted === 'auto' && fileServices.size > 1 ? 'account-period' : scope);
  return {
    periods,
    overlaps: true,
    ...(services ? { prepare: (cells: Record<string, string>, line: number) => services.prepare(cells, line) } : {}),
    accept(row, line, write) {
      if (services?.heldLine === line) return [];
      const made = toValues(row, line);
      if (Array.isArray(made)) return made;
      const dup = duplicates.check(made.key, line, describe, row);
      if (dup) return dup;
      periods.add(row.period);
      if (serviceColumn !== null) {
        const code = (row as ImportRow<'charges'>).service_code;
        if (!fileServices.has(code)) fileServices.set(code, made.values[serviceColumn] as number);
      }
      if (write) writer.add(made.values, made.accountId, row.period);
      return null;
    },
    pending: () => writer.pending,
    expect: (rows) => duplicates.reserve(rows),
    async flush() {
      const batch = writer.take();
      if (table === 'charges' && scope === null && batch.rows > 0) {
        // 'auto' goes by triples while the file has shown one service; a second one later turns
        // it into the whole pair at the end (counts()).
        scope = wanted === 'service' || (wanted === 'auto' && fileServices.size === 1) ? 'service' : 'account-period';
        writer.byService = scope === 'service';
      }
      if (services && serviceColumn !== null) {
        if (!ctx.preview && services.hasPending()) {
          // The month build's COPY may still be open on the transaction's connection (month-build.ts).
          await ctx.inserter.settle();
          await services.createPending(ctx.trx, ctx.importId);
        }
        const width = writer.spec.columns.length;
        const cells = batch.cells;
        for (let i = serviceColumn; i < batch.rows * width; i += width) {
          if ((cells[i] as number) < 0) cells[i] = services.real.get(cells[i] as number) ?? null;
        }
      }
      await writer.write(batch);
    },
    async counts(rowsWritten) {
      if (writer.build) {
        await writer.build.finish(finalScope() === 'service');
        return writer.counts(rowsWritten);
      }
      if (finalScope() !== scope) {
        await deleteUntouched(ctx.trx, ctx.importId);
        scope = 'account-period';
      }
      return writer.counts(rowsWritten);
    },
    ...(writer.build ? { apply: () => writer.build!.swap() } : {}),
    // As counts() settles it: 'auto' that has met a second service replaces the whole pair.
    forecast: (rowsWritten) => writer.forecast(rowsWritten, finalScope() === 'service'),
    unknownValues: () => services?.unknownValues() ?? [],
    async summary(counts, future) {
      const accounts = counts.removed > 0 ? await writer.removedAccounts(6) : [];
      const scope = finalScope();
      const names = scope === 'service' ? await serviceNames(ctx.trx, [...fileServices.keys()]) : [];
      return describeRun({
        kind: table, counts, periods: [...periods].sort(), future, removedAccounts: accounts,
        scope: scope === null ? null : { by: scope, services: names },
      });
    },
  };
}

/** Our names of these services, for the summary (a few: a by-service file holds one or some). */
async function serviceNames(trx: Knex.Transaction, codes: string[]): Promise<string[]> {
  if (codes.length > 10) return [];
  const rows: { code: string; name: string }[] = await trx('services').whereIn('code', codes).select('code', 'name');
  const names = new Map(rows.map((r) => [r.code, r.name]));
  return codes.map((c) => names.get(c) ?? c);
}

type AnyKindLoader = KindLoader<ImportKind>;

export async function kindLoader(kind: ImportKind, ctx: LoaderContext): Promise<AnyKindLoader> {
  const make = LOADERS[kind] as (ctx: LoaderContext) => Promise<AnyKindLoader>;
  return make(ctx);
}

const LOADERS: { [K in ImportKind]: (ctx: LoaderContext) => Promise<KindLoader<K>> } = {
  async charges(ctx) {
    const accounts = await loadAccountIds(ctx.trx);
    const services = await ServiceValues.load(ctx.trx, ctx.confirmNewServices ?? [], true);
    const codeOrdinals = new Map<string, number>();
    return replaceLoader(ctx, 'charges', services, (r, line) => {
      const accountId = accounts.get(r.account);
      if (accountId === undefined) return problem(line, 'account', NO_ACCOUNT, r.account);
      const serviceId = services.resolve(r.service_code);
      if (serviceId === undefined) return problem(line, 'service_code', noService(r.service_code), r.service_code);
      let ordinal = codeOrdinals.get(r.service_code);
      if (ordinal === undefined) codeOrdinals.set(r.service_code, (ordinal = codeOrdinals.size));
      return {
        accountId,
        // account (≤ 2^28) · period (< 2^11) · service (< 2^14): one exact double.
        key: (accountId * 2048 + periodIndex(r.period)) * 16384 + ordinal,
        values: [accountId, r.period, serviceId, r.volume, r.volume_common, r.tariff, r.charged, r.recalculation ?? 0,
          r.recalculation_reason === '' ? null : r.recalculation_reason, r.benefits ?? 0, r.penalties ?? 0, r.total],
      };
    }, 2, (r) => `начисление по счёту ${r.account} за ${r.period} по услуге ${r.service_code}`);
  },
  async balances(ctx) {
    const accounts = await loadAccountIds(ctx.trx);
    return replaceLoader(ctx, 'balances', null, (r, line) => {
      const accountId = accounts.get(r.account);
      if (accountId === undefined) return problem(line, 'account', NO_ACCOUNT, r.account);
      return {
        accountId,
        key: accountId * 2048 + periodIndex(r.period),
        values: [accountId, r.period, r.opening_balance, r.charged, r.paid, r.penalties ?? 0, r.total_due, r.paid_until, r.due_date],
      };
    }, null, (r) => `сальдо счёта ${r.account} за ${r.period}`);
  },
  async readings(ctx) {
    const accounts = await loadAccountIds(ctx.trx);
    const services = await ServiceValues.load(ctx.trx, [], false);
    const meters: Map<string, MeterRef> = await loadMeters(ctx.trx);
    return replaceLoader(ctx, 'readings', services, (r, line) => {
      const accountId = accounts.get(r.account);
      if (accountId === undefined) return problem(line, 'account', NO_ACCOUNT, r.account);
      const serviceId = services.resolve(r.service_code);
      if (serviceId === undefined) return problem(line, 'service_code', noService(r.service_code), r.service_code);
      const meter = meters.get(meterKey(accountId, serviceId, r.serial));
      if (!meter) return problem(line, 'serial', `Счётчик ${r.serial} (${r.service_code}) у лицевого счёта ${r.account} не найден: сначала загрузите счётчики`, r.serial);
      if (r.zone > meter.zones) return problem(line, 'zone', `У счётчика ${r.serial} тарифных зон: ${meter.zones}`, String(r.zone));
      return {
        accountId,
        key: (meter.id * 2048 + periodIndex(r.period)) * 4 + r.zone,
        values: [meter.id, r.period, r.zone, r.value, r.taken_on, ctx.now, 'billing', null],
      };
    }, null, (r) => `показание счётчика ${r.serial} за ${r.period} по зоне ${r.zone}`);
  },
  async accounts(ctx) {
    const writer = new UpsertWriter(ctx.trx, ctx.importId, UPSERT_TABLES.accounts, { onInsert: { created_at: ctx.now, updated_at: ctx.now }, onUpdate: { updated_at: ctx.now } }, ctx.preview);
    const buildings = new Map<string, number>(
      ((await ctx.trx('buildings').select('id', 'city', 'street', 'house', 'block')) as { id: number; city: string; street: string; house: string; block: string }[])
        .map((b) => [[b.city, b.street, b.house, b.block].join('|'), Number(b.id)]),
    );
    const newBuildings = new Map<string, { id: number; row: Row }>();
    return upsertLoader('accounts', writer, new DuplicateCheck<string>(false), null, (r: ImportRow<'accounts'>) => {
      const bKey = [r.city, r.street, r.house, r.block].join('|');
      let buildingId = buildings.get(bKey) ?? newBuildings.get(bKey)?.id;
      if (buildingId === undefined) {
        buildingId = -(newBuildings.size + 1);
        newBuildings.set(bKey, { id: buildingId, row: { city: r.city, street: r.street, house: r.house, block: r.block, created_at: ctx.now } });
      }
      return {
        key: r.account,
        what: `лицевой счёт ${r.account}`,
        row: {
          number: r.account, building_id: buildingId, flat: r.flat, address: r.address, total_area_cm2: r.total_area,
          living_area_cm2: r.living_area, residents: r.residents, owner_name: r.owner_name, owner_passport_hash: r.passport_hash, status: r.status,
        },
      };
    }, async () => {
      // A preview creates none: a new building's placeholder id differs from any real one, as its id would.
      if (ctx.preview) return;
      // Buildings first, so the accounts can point at them.
      const real = new Map<number, number>();
      for (const [bKey, b] of newBuildings) {
        const id = await insertForImport(ctx.trx, ctx.importId, 'buildings', b.row);
        buildings.set(bKey, id);
        real.set(b.id, id);
      }
      newBuildings.clear();
      for (const row of writer.queued()) if ((row.building_id as number) < 0) row.building_id = real.get(row.building_id as number) ?? null;
    });
  },
  async meters(ctx) {
    const accounts = await loadAccountIds(ctx.trx);
    const services = await ServiceValues.load(ctx.trx, [], false);
    const writer = new UpsertWriter(ctx.trx, ctx.importId, UPSERT_TABLES.meters, { onInsert: { created_at: ctx.now }, onUpdate: {} }, ctx.preview);
    return upsertLoader('meters', writer, new DuplicateCheck<string>(false), services, (r: ImportRow<'meters'>, line) => {
      const accountId = accounts.get(r.account);
      if (accountId === undefined) return problem(line, 'account', NO_ACCOUNT, r.account);
      const serviceId = services.resolve(r.service_code);
      if (serviceId === undefined) return problem(line, 'service_code', noService(r.service_code), r.service_code);
      return {
        key: meterKey(accountId, serviceId, r.serial),
        what: `счётчик ${r.serial} (${r.service_code}) счёта ${r.account}`,
        row: {
          account_id: accountId, service_id: serviceId, serial: r.serial, zones: r.zones, precision: r.precision ?? 3,
          location: r.location === '' ? null : r.location, installed_on: r.installed_on, verified_on: r.verified_on,
          verification_due: r.verification_due, archived_at: r.archived_on === null ? null : Date.parse(`${r.archived_on}T00:00:00Z`),
        },
      };
    }, null);
  },
  async payments(ctx) {
    const accounts = await loadAccountIds(ctx.trx);
    const writer = new UpsertWriter(ctx.trx, ctx.importId, UPSERT_TABLES.payments, { onInsert: { created_at: ctx.now }, onUpdate: {} }, ctx.preview);
    return upsertLoader('payments', writer, new DuplicateCheck<string>(false), null, (r: ImportRow<'payments'>, line) => {
      const accountId = accounts.get(r.account);
      if (accountId === undefined) return problem(line, 'account', NO_ACCOUNT, r.account);
      return {
        key: `${r.source}|${r.external_id}`,
        what: `платёж ${r.external_id} (${r.source})`,
        periods: r.period,
        row: {
          account_id: accountId, amount: r.amount, paid_at: Date.parse(`${r.paid_on}T00:00:00Z`), period: r.period,
          source: r.source, status: 'succeeded', external_id: r.external_id,
        },
      };
    }, null);
  },
};

function upsertLoader<K extends 'accounts' | 'meters' | 'payments'>(
  kind: K,
  writer: UpsertWriter,
  duplicates: DuplicateCheck<string>,
  services: ServiceValues | null,
  toRow: (row: ImportRow<K>, line: number) => { key: string; what: string; row: Row; periods?: string | null } | RowProblem[],
  beforeFlush: (() => Promise<void>) | null,
): KindLoader<K> {
  const periods = new Set<string>();
  return {
    periods,
    overlaps: false,
    ...(services ? { prepare: (cells: Record<string, string>, line: number) => services.prepare(cells, line) } : {}),
    accept(row, line, write) {
      if (services?.heldLine === line) return [];
      const made = toRow(row, line);
      if (Array.isArray(made)) return made;
      const dup = duplicates.check(made.key, line, (what: string) => what, made.what);
      if (dup) return dup;
      if (made.periods) periods.add(made.periods);
      if (write) writer.add(made.row);
      return null;
    },
    pending: () => writer.pending,
    async flush() {
      if (beforeFlush) await beforeFlush();
      await writer.flush();
    },
    counts: async () => ({ ...writer.counts, removed: 0 }),
    unknownValues: () => services?.unknownValues() ?? [],
    summary: async (counts, future) => describeRun({ kind, counts, periods: [...periods].sort(), future }),
  };
}
