// The fixed part of the demo town: the operator and provider companies, company settings,
// services and their tariffs. Names are plausible for a town like Десногорск; every INN, OGRN
// and bank account is made up (see demo-requisites.ts) and belongs to no real organisation.
import type { Period } from '../../shared/period.ts';
import { correspondentAccount, innWithCheck, ogrnWithCheck, settlementAccount } from './demo-requisites.ts';

export const CITY = 'Десногорск';
export const REGION = 'Смоленская обл.';
export const POSTCODE = '216400';

export type CompanyKey = 'operator' | 'energy' | 'capitalRepairFund';

export interface DemoCompany {
  key: CompanyKey;
  name: string;
  short_name: string;
  is_operator: boolean;
  inn: string;
  kpp: string;
  ogrn: string;
  address: string;
  phone: string;
  email: string;
  website: string | null;
  bank_name: string;
  bic: string;
  settlement_account: string;
  correspondent_account: string;
}

// A fictional regional bank; BIC 0466… is the Smolensk region's range, 999 no real branch.
const BANK = { name: 'АО «Деснабанк», г. Смоленск', bic: '046614999' } as const;

function company(
  key: CompanyKey,
  names: { name: string; short: string },
  ids: { inn9: string; kpp: string; ogrn12: string; account11: string },
  contacts: { address: string; phone: string; email: string; website?: string },
): DemoCompany {
  return {
    key,
    name: names.name,
    short_name: names.short,
    is_operator: key === 'operator',
    inn: innWithCheck(ids.inn9),
    kpp: ids.kpp,
    ogrn: ogrnWithCheck(ids.ogrn12),
    address: contacts.address,
    phone: contacts.phone,
    email: contacts.email,
    website: contacts.website ?? null,
    bank_name: BANK.name,
    bic: BANK.bic,
    settlement_account: settlementAccount(BANK.bic, '40702810', ids.account11),
    correspondent_account: correspondentAccount(BANK.bic),
  };
}

export const COMPANIES: readonly DemoCompany[] = [
  company(
    'operator',
    { name: 'Муниципальное унитарное предприятие «Комбинат коммунальных предприятий» (демо)', short: 'МУП «ККП»' },
    { inn9: '672499901', kpp: '672401001', ogrn12: '102670099901', account11: '00000000101' },
    {
      address: `${POSTCODE}, ${REGION}, г. ${CITY}, 2-й микрорайон, здание 10`,
      phone: '+7 (48153) 7-00-00',
      email: 'abonent@kkp-demo.example.ru',
      website: 'https://kkp-demo.example.ru',
    },
  ),
  company(
    'energy',
    { name: 'Общество с ограниченной ответственностью «Деснаэнергосбыт» (демо)', short: 'ООО «Деснаэнергосбыт»' },
    { inn9: '672499902', kpp: '672401001', ogrn12: '112670099902', account11: '00000000202' },
    { address: `${POSTCODE}, ${REGION}, г. ${CITY}, 3-й микрорайон, здание 1`, phone: '+7 (48153) 7-10-00', email: 'info@desnaenergo-demo.example.ru' },
  ),
  company(
    'capitalRepairFund',
    { name: 'Некоммерческая организация «Региональный фонд капитального ремонта многоквартирных домов» (демо)', short: 'НО «Фонд капремонта»' },
    { inn9: '673099903', kpp: '673001001', ogrn12: '113670099903', account11: '00000000303' },
    { address: `214000, ${REGION}, г. Смоленск, ул. Примерная, д. 1`, phone: '+7 (4812) 00-00-00', email: 'fond@kapremont-demo.example.ru' },
  ),
];

/** Settings as stored (JSON values); `company.operatorId` is added once the operator has an id. */
export const SETTINGS: Readonly<Record<string, unknown>> = {
  'readings.window': { startDay: 23, endDay: 25 },
  'registration.mode': 'receipt_amount',
  'support.phone': '+7 (48153) 7-00-00',
  'support.email': 'abonent@kkp-demo.example.ru',
  'emergency.phone': '+7 (48153) 7-00-04',
  'payments.dueDay': 10,
};

export type ServiceCode =
  | 'maintenance' | 'cold_water' | 'hot_water' | 'water_disposal' | 'heating'
  | 'electricity' | 'electricity_t1' | 'electricity_t2' | 'capital_repair';

export type MeteredService = 'cold_water' | 'hot_water' | 'electricity';

export interface DemoService {
  code: ServiceCode;
  name: string;
  unit: string;
  provider: CompanyKey;
  /** Meters are attached to this service. */
  metered: boolean;
  sort_order: number;
}

// Electricity: the resident has ONE two-zone meter, attached to the service `electricity`
// (that is what the meters pages show). Billing charges day and night at different tariffs, so
// the receipt has two lines, `electricity_t1` (zone 1 of that meter) and `electricity_t2`
// (zone 2); `electricity` itself carries no charges. Water disposal is billed on the sum of
// the cold and hot water volumes and has no meter of its own.
export const SERVICES: readonly DemoService[] = [
  { code: 'maintenance', name: 'Содержание жилого помещения', unit: 'м²', provider: 'operator', metered: false, sort_order: 10 },
  { code: 'cold_water', name: 'Холодное водоснабжение', unit: 'м³', provider: 'operator', metered: true, sort_order: 20 },
  { code: 'hot_water', name: 'Горячее водоснабжение', unit: 'м³', provider: 'operator', metered: true, sort_order: 30 },
  { code: 'water_disposal', name: 'Водоотведение', unit: 'м³', provider: 'operator', metered: false, sort_order: 40 },
  { code: 'heating', name: 'Отопление', unit: 'Гкал', provider: 'operator', metered: false, sort_order: 50 },
  { code: 'electricity', name: 'Электроснабжение', unit: 'кВт·ч', provider: 'energy', metered: true, sort_order: 60 },
  { code: 'electricity_t1', name: 'Электроснабжение, день (Т1)', unit: 'кВт·ч', provider: 'energy', metered: false, sort_order: 61 },
  { code: 'electricity_t2', name: 'Электроснабжение, ночь (Т2)', unit: 'кВт·ч', provider: 'energy', metered: false, sort_order: 62 },
  { code: 'capital_repair', name: 'Взнос на капитальный ремонт', unit: 'м²', provider: 'capitalRepairFund', metered: false, sort_order: 90 },
];

export type ChargedService = Exclude<ServiceCode, 'electricity'>;

// Kopecks per unit from 1 July 2025; maintenance is per building (set by the owners' meeting,
// see demo-town.ts). Hot water is the two-part tariff (water plus the heat to warm it), hence
// several times the cold water price.
const BASE_TARIFF_KOP: Readonly<Record<Exclude<ChargedService, 'maintenance'>, number>> = {
  cold_water: 48_37,
  hot_water: 214_16,
  water_disposal: 36_52,
  heating: 2_687_40,
  electricity_t1: 6_12,
  electricity_t2: 3_21,
  capital_repair: 11_87,
};

const BASE_TARIFF_YEAR = 2025;
// Utility tariffs in Russia are indexed once a year from 1 July, by about a tenth lately.
const YEARLY_INDEXATION = 1.1;
const INDEXATION_MONTH = 7;

/** The tariff for a period, in thousandths of a kopeck per unit (the `tariff_mkop` column). */
export function tariffMkop(service: ChargedService, period: Period, maintenanceBaseKop: number): number {
  const base = service === 'maintenance' ? maintenanceBaseKop : BASE_TARIFF_KOP[service];
  const [year, month] = period.split('-').map(Number) as [number, number];
  const tariffYear = month >= INDEXATION_MONTH ? year : year - 1;
  const kopecks = Math.round(base * YEARLY_INDEXATION ** (tariffYear - BASE_TARIFF_YEAR));
  return kopecks * 1000;
}

/** Heating is billed in the heating season only, October to April. */
export function isHeatingMonth(period: Period): boolean {
  const month = Number(period.slice(5, 7));
  return month >= 10 || month <= 4;
}

// Heat per m² of flat by month (Гкал/м²), as a building's heat meter spreads it: more in the
// cold months. Multiplied by a per-building factor for insulation and position.
const HEAT_GCAL_PER_M2: Readonly<Record<number, number>> = { 10: 0.012, 11: 0.0185, 12: 0.023, 1: 0.026, 2: 0.0235, 3: 0.019, 4: 0.011 };

export function heatGcalPerM2(period: Period): number {
  return HEAT_GCAL_PER_M2[Number(period.slice(5, 7))] ?? 0;
}

/** Years between verifications (поверка) by meter kind; the meter's type approval decides. */
export const VERIFICATION_YEARS: Readonly<Record<MeteredService, number>> = { cold_water: 6, hot_water: 4, electricity: 16 };
