// Plausibility warnings: what a wrong mapping typically looks like in the first rows — an
// «amount» column holding periods (0926, 1026…) or dates, every amount the same, a payment
// number that repeats or is a date. They are not refusals (a file may truly hold such values):
// the console's preview and the dry run show them so the clerk looks before loading.
import type { ColumnMapping } from './mapping.ts';
import { fileColumn } from './shape-check.ts';
import type { SourceRecord } from './source.ts';
import type { ImportKind } from './rows.ts';

/** Below this many values a column tells nothing. */
const MIN_VALUES = 3;
/** Every amount equal is suspicious only over this many rows. */
const MIN_EQUAL = 5;
const EXAMPLES = 3;
/** Rows watched: the start of a file shows a wrong column as well as all of it would. */
export const PROBE_ROWS = 200;

const PERIOD_LIKE = /^(?:(0[1-9]|1[0-2])\d{2}|20\d{2}(0[1-9]|1[0-2])|(0[1-9]|1[0-2])20\d{2})$/;
const DAY_MONTH = /^(\d{2})[.\-/](\d{2})(?:[.\-/](\d{2}|\d{4}))?$/;
const ISO_OR_COMPACT_DATE = /^(20\d{2})-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])$/;
const TIME_LIKE = /^([01]\d|2[0-3])[:\-.]([0-5]\d)(?:[:\-.]([0-5]\d))?$/;

function looksLikeDate(text: string): boolean {
  const dm = DAY_MONTH.exec(text);
  if (dm) return Number(dm[1]) >= 1 && Number(dm[1]) <= 31 && Number(dm[2]) >= 1 && Number(dm[2]) <= 12;
  return ISO_OR_COMPACT_DATE.test(text);
}

/** Money columns: a meter reading or a volume may well be written «0926», a sum of money is not. */
const MONEY = new Set(['charged', 'recalculation', 'benefits', 'penalties', 'total', 'opening_balance', 'paid', 'total_due', 'amount']);

/** The kind's money column whose values all equal is suspicious (a constant read instead of the sum). */
const MAIN_SUM: Partial<Record<ImportKind, string>> = { payments: 'amount', balances: 'total_due' };

/** Watches the first rows of a file (PROBE_ROWS) and says what looks wrong, in Russian. */
export class PlausibilityProbe {
  private readonly values = new Map<string, { line: number; text: string }[]>();
  private seen = 0;

  constructor(
    private readonly kind: ImportKind,
    private readonly mapping?: ColumnMapping,
    /** The file's own column names (OpenedImportFile.headers), for files read without a mapping. */
    private readonly headers?: Readonly<Record<string, string>>,
  ) {}

  see(record: SourceRecord): void {
    if (this.seen >= PROBE_ROWS || record.control) return;
    this.seen++;
    const picked = this.mapping ? Object.keys(this.mapping.columns) : Object.keys(record.cells);
    for (const name of picked) {
      const text = (record.raw?.[name] ?? record.cells[name] ?? '').trim();
      if (text === '') continue;
      let list = this.values.get(name);
      if (!list) this.values.set(name, (list = []));
      list.push({ line: record.line, text });
    }
  }

  warnings(): string[] {
    const out: string[] = [];
    const column = (name: string) => {
      if (this.mapping) return fileColumn(this.mapping, name);
      const own = this.headers?.[name];
      return own && own !== name ? `столбец «${own}» (${name})` : `столбец ${name}`;
    };
    const examples = (list: { text: string }[]) => `${[...new Set(list.map((v) => v.text))].slice(0, EXAMPLES).join(', ')}…`;
    for (const [name, list] of this.values) {
      if (list.length < MIN_VALUES) continue;
      const texts = list.map((v) => v.text);
      if (MONEY.has(name)) {
        if (texts.every((t) => PERIOD_LIKE.test(t))) {
          out.push(`${cap(column(name))}: значения похожи на периоды (${examples(list)}), а не на суммы — проверьте, тот ли столбец выбран`);
        } else if (texts.every(looksLikeDate)) {
          out.push(`${cap(column(name))}: значения похожи на даты (${examples(list)}), а не на суммы — проверьте, тот ли столбец выбран`);
        }
      }
      if (name === MAIN_SUM[this.kind] && list.length >= MIN_EQUAL && texts.every((t) => t === texts[0])) {
        out.push(`${cap(column(name))}: во всех ${list.length} строках одна и та же сумма ${texts[0]} — проверьте, тот ли столбец выбран`);
      }
      if (name === 'external_id') {
        if (texts.every((t) => looksLikeDate(t) || TIME_LIKE.test(t))) {
          out.push(`${cap(column(name))}: номера платежей похожи на даты или время (${examples(list)}) — проверьте, тот ли столбец выбран`);
        } else {
          const first = new Map<string, number>();
          const repeat = list.find((v) => {
            if (first.has(v.text)) return true;
            first.set(v.text, v.line);
            return false;
          });
          if (repeat) {
            out.push(
              `${cap(column(name))}: номер платежа «${repeat.text}» повторяется (строки ${first.get(repeat.text)} и ${repeat.line}) — ` +
                'похоже, это номер отделения или кассира, а не платежа; проверьте, тот ли столбец выбран',
            );
          }
        }
      }
    }
    return out;
  }
}

const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
