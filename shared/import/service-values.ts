// The service a file's row means. The mapping's dictionary (`values.service_code`) has already
// turned the source's names or codes into ours as the file was read (plan.ts); here a value is
// taken when it is one of our codes or, once, exactly one of our services' names. Anything else
// is never created silently: it is listed once in the run's `unknownValues` (its rows are bad,
// one problem per value) until the clerk maps it or confirms it as a new service
// (`confirmNewServices`), which then gets a Latin code made from its name.
import type { Knex } from 'knex';
import { valueKey } from './dictionary.ts';
import type { UnknownValue } from './outcome.ts';
import type { RowProblem } from './rows.ts';
import { insertForImport } from './write-upsert.ts';

/** What a row is given in place of a service value that is not ours, so its other cells are still checked. */
const STAND_IN = 'x';
const CODE = /^[a-z][a-z0-9_.-]{0,39}$/i;

export interface NewService {
  /** Placeholder id (negative) until the service is created. */
  id: number;
  code: string;
  name: string;
  unit: string;
}

export class ServiceValues {
  private readonly unknown = new Map<string, UnknownValue>();
  private readonly confirmed: Set<string>;
  /** Confirmed values met so far: value key → the service to create (or created). */
  private readonly created = new Map<string, NewService>();
  /** Placeholder → the created service's id (kept: rows queued meanwhile still carry placeholders). */
  readonly real = new Map<number, number>();
  /** The line prepare() found an unknown value on (its row is bad, already reported). */
  heldLine = -1;

  private constructor(
    private readonly ids: Map<string, number>,
    private readonly byName: Map<string, string>,
    confirm: readonly string[],
    /** Whether this kind may create services (charges); meters and readings need existing ones. */
    private readonly canCreate: boolean,
  ) {
    this.confirmed = new Set(confirm.map(valueKey));
  }

  static async load(db: Knex, confirm: readonly string[], canCreate: boolean): Promise<ServiceValues> {
    const rows: { id: number; code: string; name: string }[] = await db('services').select('id', 'code', 'name');
    const byName = new Map<string, string>();
    const twice = new Set<string>();
    for (const r of rows) {
      const key = valueKey(r.name);
      if (byName.has(key)) twice.add(key);
      byName.set(key, r.code);
    }
    // A name two services share means neither.
    for (const key of twice) byName.delete(key);
    return new ServiceValues(new Map(rows.map((r) => [r.code, Number(r.id)])), byName, confirm, canCreate);
  }

  /**
   * Before the row's schema: puts our code into `cells.service_code`. Null when the row may go on;
   * problems (or [] when its value was already reported) when the value is unknown.
   */
  prepare(cells: Record<string, string>, line: number): RowProblem[] | null {
    const raw = cells.service_code;
    const value = raw?.trim() ?? '';
    if (value === '' || this.ids.has(value)) return null;
    const key = valueKey(value);
    const named = this.byName.get(key);
    if (named !== undefined) {
      cells.service_code = named;
      return null;
    }
    const made = this.created.get(key);
    if (made) {
      cells.service_code = made.code;
      return null;
    }
    const name = cells.service_name?.trim() || null;
    if (this.canCreate && this.confirmed.has(key)) {
      const service = { id: -(this.created.size + 1), code: this.newCode(value, name), name: (name ?? value).slice(0, 200), unit: (cells.unit?.trim() ?? '').slice(0, 20) };
      this.created.set(key, service);
      cells.service_code = service.code;
      return null;
    }
    cells.service_code = STAND_IN;
    this.heldLine = line;
    const seen = this.unknown.get(value);
    if (seen) {
      seen.rows++;
      return [];
    }
    this.unknown.set(value, { column: 'service_code', value, name, rows: 1, firstLine: line });
    const message = this.canCreate
      ? `Услуга «${value}» не найдена: сопоставьте её с услугой из справочника или подтвердите создание новой`
      : `Услуга «${value}» не найдена: сопоставьте её с услугой из справочника`;
    return [{ line, field: 'service_code', message, value: value.slice(0, 100) }];
  }

  /** Our id for a code prepare() let through (negative: a service still to be created). */
  resolve(code: string): number | undefined {
    const id = this.ids.get(code);
    if (id !== undefined) return id;
    for (const s of this.created.values()) if (s.code === code) return this.real.get(s.id) ?? s.id;
    return undefined;
  }

  /** Whether a confirmed service met so far is still to be created. */
  hasPending(): boolean {
    for (const s of this.created.values()) if (!this.real.has(s.id)) return true;
    return false;
  }

  /** Creates the confirmed services met since the last call (each listed for undo). */
  async createPending(trx: Knex.Transaction, importId: number): Promise<void> {
    for (const s of this.created.values()) {
      if (this.real.has(s.id)) continue;
      const id = await insertForImport(trx, importId, 'services', { code: s.code, name: s.name, unit: s.unit, metered: false, sort_order: 0 });
      this.ids.set(s.code, id);
      this.real.set(s.id, id);
    }
  }

  unknownValues(): UnknownValue[] {
    return [...this.unknown.values()];
  }

  /** A Latin code for a new service: the value itself when it is one, else its name transliterated; unique. */
  private newCode(value: string, name: string | null): string {
    let base = CODE.test(value) ? value : slug(name ?? value);
    if (!/^[a-z]/.test(base)) base = `service_${base}`.replace(/_+$/, '');
    base = base.slice(0, 36);
    const taken = (code: string) => this.ids.has(code) || [...this.created.values()].some((s) => s.code === code);
    let code = base;
    for (let n = 2; taken(code); n++) code = `${base}_${n}`;
    return code;
  }
}

const LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o',
  п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** «Вывоз ТКО» → 'vyvoz_tko'. */
export function slug(text: string): string {
  return [...text.toLowerCase()].map((ch) => LATIN[ch] ?? ch).join('').replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}
