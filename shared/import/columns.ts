// What each canonical column holds (so a reader knows which cells are dates, periods or numbers
// to normalise before the schemas see them) and the Russian header names accepted for it in the
// canonical layout. docs/billing-exchange.md lists the same aliases; keep the two in step.
import { IMPORT_KINDS, canonicalColumns, type ImportKind } from './rows.ts';

export type ColumnType = 'text' | 'number' | 'date' | 'period';

const NUMBER_COLUMNS = [
  'total_area', 'living_area', 'residents', 'volume', 'volume_common', 'tariff', 'charged', 'recalculation',
  'benefits', 'penalties', 'total', 'opening_balance', 'paid', 'total_due', 'amount', 'zones', 'precision', 'zone', 'value',
];
const DATE_COLUMNS = [
  'paid_until', 'due_date', 'paid_on', 'installed_on', 'verified_on', 'verification_due', 'archived_on', 'taken_on',
];

export function columnType(name: string): ColumnType {
  if (name === 'period') return 'period';
  if (NUMBER_COLUMNS.includes(name)) return 'number';
  if (DATE_COLUMNS.includes(name)) return 'date';
  return 'text';
}

/** Header names (normalised by `normalizeHeader`) that mean a canonical column; the canonical name itself always does. */
export const HEADER_ALIASES: Record<string, readonly string[]> = {
  account: ['лицевой счет', 'лицевой', 'лс', 'л/с', 'номер лс', 'номер л/с', 'номер лицевого счета'],
  city: ['город', 'населенный пункт'],
  street: ['улица'],
  house: ['дом'],
  block: ['корпус'],
  flat: ['квартира', 'кв'],
  address: ['адрес'],
  total_area: ['общая площадь', 'площадь'],
  living_area: ['жилая площадь'],
  residents: ['проживает', 'количество проживающих', 'кол-во проживающих'],
  owner_name: ['фио', 'фио владельца', 'владелец', 'собственник'],
  passport_hash: ['хэш паспорта', 'хеш паспорта'],
  status: ['статус'],
  period: ['период', 'расчетный период'],
  service_code: ['код услуги'],
  service_name: ['услуга', 'наименование услуги'],
  unit: ['единица', 'ед изм', 'единица измерения'],
  volume: ['объем', 'количество'],
  volume_common: ['объем одн', 'одн'],
  tariff: ['тариф'],
  charged: ['начислено'],
  recalculation: ['перерасчет'],
  recalculation_reason: ['причина перерасчета'],
  benefits: ['льготы'],
  penalties: ['пени'],
  total: ['итого'],
  opening_balance: ['долг/аванс на начало', 'сальдо на начало', 'входящее сальдо'],
  paid: ['оплачено'],
  total_due: ['к оплате', 'итого к оплате'],
  paid_until: ['оплаты учтены по'],
  due_date: ['оплатить до', 'срок оплаты'],
  paid_on: ['дата оплаты', 'дата платежа'],
  amount: ['сумма оплаты', 'сумма платежа', 'сумма'],
  external_id: ['номер платежа', 'номер платежа в биллинге'],
  source: ['источник'],
  serial: ['заводской номер', 'номер счетчика', 'серийный номер'],
  zones: ['число тарифных зон', 'число зон', 'тарифность'],
  precision: ['знаков после запятой', 'разрядность'],
  location: ['место установки'],
  installed_on: ['дата установки'],
  verified_on: ['дата поверки'],
  verification_due: ['следующая поверка', 'дата следующей поверки'],
  archived_on: ['дата снятия'],
  zone: ['зона'],
  value: ['показание', 'показания'],
  taken_on: ['дата показания', 'дата показаний'],
};

/** Case, «ё», spaces, underscores and dots don't matter in a header: «Лицевой  счёт.» = «лицевой счет». */
export function normalizeHeader(text: string): string {
  return text
    .replace(/^\ufeff/, '')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[._\s\u00a0]+/g, ' ')
    .trim();
}

/** DBF field names are at most 10 characters: the canonical layout's DBF names for the longer columns. */
export const DBF_SHORT_NAMES: Record<string, string> = {
  living_area: 'LIVE_AREA',
  passport_hash: 'PASSP_HASH',
  service_code: 'SERV_CODE',
  service_name: 'SERV_NAME',
  volume_common: 'VOL_COMMON',
  recalculation: 'RECALC',
  recalculation_reason: 'RECALC_RSN',
  opening_balance: 'OPENING',
  external_id: 'EXT_ID',
  installed_on: 'INSTALLED',
  verified_on: 'VERIFIED',
  verification_due: 'VERIF_DUE',
  archived_on: 'ARCHIVED',
};

/** The DBF field name of a canonical column in the canonical layout. */
export const dbfFieldName = (column: string): string => DBF_SHORT_NAMES[column] ?? column.toUpperCase();

const ALIAS_INDEX = new Map<string, string>();
for (const [name, short] of Object.entries(DBF_SHORT_NAMES)) ALIAS_INDEX.set(normalizeHeader(short), name);
for (const kind of IMPORT_KINDS) for (const name of canonicalColumns(kind)) ALIAS_INDEX.set(normalizeHeader(name), name);
for (const [name, aliases] of Object.entries(HEADER_ALIASES)) {
  ALIAS_INDEX.set(normalizeHeader(name), name);
  for (const alias of aliases) ALIAS_INDEX.set(normalizeHeader(alias), name);
}

/** The canonical column a header cell names in the canonical layout, or null. */
export function canonicalFromHeader(text: string): string | null {
  return ALIAS_INDEX.get(normalizeHeader(text)) ?? null;
}

/** How the kinds are named to a clerk. */
export const KIND_TITLES: Record<ImportKind, string> = {
  accounts: 'лицевые счета',
  charges: 'начисления',
  balances: 'сальдо и суммы к оплате',
  payments: 'оплаты',
  meters: 'приборы учёта',
  readings: 'показания приборов учёта',
};
