// What a run adds, replaces and deletes, in sentences a clerk reads before confirming: the dry
// run says «Будет добавлено…», the run itself «Добавлено…». Counts come from the loader
// (outcome.ts); the wording of each kind's rows is here.
import { plural } from '../plural.ts';
import type { ImportCounts } from './outcome.ts';
import type { ImportKind } from './rows.ts';

type Forms = [one: string, few: string, many: string];

const NOUNS: Record<ImportKind, Forms> = {
  charges: ['начисление', 'начисления', 'начислений'],
  balances: ['запись сальдо', 'записи сальдо', 'записей сальдо'],
  readings: ['показание', 'показания', 'показаний'],
  accounts: ['лицевой счёт', 'лицевых счёта', 'лицевых счетов'],
  meters: ['счётчик', 'счётчика', 'счётчиков'],
  payments: ['платёж', 'платежа', 'платежей'],
};

const counted = (n: number, forms: Forms) => `${n} ${plural(n, ...forms)}`;

/** '2026-09' → '09.2026'; many periods as a range. */
export function periodsText(periods: readonly string[]): string {
  const shown = periods.map((p) => `${p.slice(5, 7)}.${p.slice(0, 4)}`);
  if (shown.length <= 3) return shown.join(', ');
  return `${counted(shown.length, ['период', 'периода', 'периодов'])} (${shown[0]}–${shown.at(-1)})`;
}

export interface RunDescription {
  kind: ImportKind;
  counts: ImportCounts;
  periods: readonly string[];
  /** True before the data is written (a dry run, or a run refused for want of confirmation). */
  future: boolean;
  /** Charges: what the file replaced; with 'service', the file's services by name. */
  scope?: { by: 'account-period' | 'service'; services: string[] } | null;
  /** Some of the accounts whose rows are removed (one more than shown means "and others"). */
  removedAccounts?: readonly string[];
}

const SHOWN_ACCOUNTS = 5;

export function describeRun(d: RunDescription): string[] {
  const { counts: c, kind } = d;
  const forms = NOUNS[kind];
  const out: string[] = [];
  const changed = c.inserted + c.replaced + c.removed;
  const when = d.periods.length > 0 ? ` за ${periodsText(d.periods)}` : '';
  if (changed === 0) {
    out.push(c.unchanged > 0 ? `Изменений нет: все ${counted(c.unchanged, forms)}${when} уже загружены.` : 'Изменений нет.');
  } else {
    // «Будет добавлено 120 начислений за 09.2026, заменено 40, без изменений 3»: the first
    // figure that is not zero carries the noun and the periods.
    const updated = kind === 'accounts' || kind === 'meters' || kind === 'payments' ? 'изменено' : 'заменено';
    const figures = ([['добавлено', c.inserted], [updated, c.replaced], ['без изменений', c.unchanged]] as const).filter(([, n]) => n > 0);
    const parts = figures.map(([what, n], i) => (i === 0 ? `${what} ${counted(n, forms)}${when}` : `${what} ${n}`));
    const first = parts[0] ?? '';
    out.push(`${d.future ? `Будет ${first}` : first.charAt(0).toUpperCase() + first.slice(1)}${parts.length > 1 ? `, ${parts.slice(1).join(', ')}` : ''}.`);
  }
  if (c.removed > 0) {
    const accounts = d.removedAccounts ?? [];
    const list = accounts.length > 0
      ? ` (${accounts.length > SHOWN_ACCOUNTS ? 'счета' : plural(accounts.length, 'счёт', 'счета', 'счетов')} ${accounts.slice(0, SHOWN_ACCOUNTS).join(', ')}${accounts.length > SHOWN_ACCOUNTS ? ' и другие' : ''})`
      : '';
    const what = kind === 'charges' ? ' по услугам, которых нет в файле' : ', которых нет в файле';
    out.push(`${d.future ? 'Будет удалено' : 'Удалено'} ${counted(c.removed, forms)}${what}${list}.`);
  }
  if (d.scope?.by === 'service') {
    const names = d.scope.services.length > 0 ? ` (${d.scope.services.join(', ')})` : '';
    out.push(`Заменяются только услуги из файла${names}; начисления по другим услугам не затрагиваются.`);
  } else if (d.scope?.by === 'account-period' && changed > 0) {
    out.push('Файл заменяет все начисления своих счетов за свои периоды: услуги, которых в нём нет, у этих счетов удаляются.');
  }
  return out;
}

/** Why a run that would delete rows the file does not mention is refused without confirmation. */
export function removalRefusal(kind: ImportKind, removed: number): string {
  return `Загрузка удалила бы ${counted(removed, NOUNS[kind])}, которых нет в файле. Проверьте сводку пробного прогона и подтвердите удаление` +
    ' (флажок «Подтверждаю удаление» в консоли, --confirm-removals в командной строке)';
}
