// A bank registry's control line (mapping `control`): the line starting with the prefix (`=` in
// Сбербанк's registries) carries the number of payments and their total. They must agree with
// the rows read, else the file is refused whole — a registry cut short, doubled, or read through
// a mapping of another column order cannot load wrong money quietly.
import { numberConverter } from './cells.ts';
import { parseScaled } from './fields.ts';
import { CONTROL_SUM_COLUMN, type ColumnMapping } from './mapping.ts';
import { formatRubles } from '../money.ts';
import { plural } from '../plural.ts';
import { ImportFileError, type SourceRecord } from './source.ts';

type Control = NonNullable<ColumnMapping['control']>;

const rows = (kind: ColumnMapping['kind'], n: number) =>
  kind === 'payments' ? `${n} ${plural(n, 'платёж', 'платежа', 'платежей')}` : `${n} ${plural(n, 'строка', 'строки', 'строк')}`;

/** Counts the data rows and adds up their sum column while they stream; `finish` compares with the control line. */
export class ControlTally {
  private readonly control: Control;
  private readonly sumColumn: string | null;
  private readonly toNumber: (text: string) => string;
  private count = 0;
  private sum = 0;
  /** Rows whose sum cell is not a number: they are reported as row problems, so the sums are not compared. */
  private unreadable = 0;
  private found: { line: number; cells: string[] } | null = null;

  constructor(private readonly mapping: ColumnMapping) {
    this.control = mapping.control!;
    this.sumColumn = this.control.sum === undefined ? null : (CONTROL_SUM_COLUMN[mapping.kind] ?? null);
    this.toNumber = numberConverter(mapping.decimalSeparator);
  }

  controlLine(record: SourceRecord & { control: string[] }): void {
    if (this.found) {
      throw new ImportFileError(`Строка ${record.line}: вторая контрольная строка «${this.control.prefix}…» (первая — в строке ${this.found.line}); файл не загружен`);
    }
    this.found = { line: record.line, cells: record.control };
  }

  row(record: SourceRecord): void {
    this.count++;
    if (this.sumColumn === null) return;
    const value = parseScaled(record.cells[this.sumColumn] ?? '', 2);
    if (value === null) this.unreadable++;
    else this.sum += value;
  }

  /** Throws ImportFileError when the control line is missing or disagrees with the rows. */
  finish(): void {
    const { control, mapping } = this;
    if (!this.found) {
      throw new ImportFileError(
        `В файле нет контрольной строки (начинается с «${control.prefix}», в ней число ${mapping.kind === 'payments' ? 'платежей' : 'строк'} и сумма): ` +
          'реестр неполон или это файл другого вида; файл не загружен',
      );
    }
    const { line, cells } = this.found;
    const cell = (position: number | undefined, what: string): string | null => {
      if (position === undefined) return null;
      const text = cells[position - 1]?.trim() ?? '';
      if (text === '') throw new ImportFileError(`Строка ${line}: в контрольной строке нет значения ${position} (${what}); файл не загружен`);
      return text;
    };
    const countText = cell(control.count, 'число строк');
    const sumText = cell(control.sum, 'сумма');
    const count = countText === null ? null : parseScaled(countText, 0);
    if (countText !== null && (count === null || count < 0)) {
      throw new ImportFileError(`Строка ${line}: в контрольной строке число строк «${countText}» — не целое число; файл не загружен`);
    }
    const sum = sumText === null ? null : parseScaled(this.toNumber(sumText), 2);
    if (sumText !== null && sum === null) {
      throw new ImportFileError(`Строка ${line}: в контрольной строке сумма «${sumText}» — не число; файл не загружен`);
    }
    const compareSum = sum !== null && this.unreadable === 0;
    const countDiffers = count !== null && count !== this.count;
    const sumDiffers = compareSum && sum !== this.sum;
    if (!countDiffers && !sumDiffers) return;
    const stated = [count !== null ? rows(mapping.kind, count) : null, compareSum ? `на ${formatRubles(sum)}` : null].filter(Boolean).join(' ');
    const read = [count !== null ? rows(mapping.kind, this.count) : `${this.count}`, compareSum ? `на ${formatRubles(this.sum)}` : null].filter(Boolean).join(' ');
    throw new ImportFileError(
      `В контрольной строке (строка ${line}) ${stated}, а в файле ${read}: реестр неполон, задвоен или прочитан не тем сопоставлением; файл не загружен`,
    );
  }
}
