// Everything one payment document («квитанция», Приказ Минстроя № 43/пр) shows, for one account
// or for a page of accounts at once: a page costs four statements whatever its size (accounts
// with their balances, charges, meters, readings), so a bulk print never queries per account.
import type { Knex } from 'knex';
import { DomainError, notFound } from '../errors.ts';
import { buildPaymentQr, splitPersonName } from '../payments/qr-payload.ts';
import { formatPeriodNumeric, formatPeriodRu, type Period } from '../period.ts';
import { getSettings } from '../settings/settings.ts';

export interface ReceiptCompany {
  id: number;
  name: string;
  shortName: string;
  inn: string | null;
  kpp: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  bankName: string | null;
  bic: string | null;
  settlementAccount: string | null;
  correspondentAccount: string | null;
}

export interface ReceiptLine {
  serviceName: string;
  unit: string;
  volumeMilli: number | null;
  volumeCommonMilli: number | null;
  tariffMkop: number | null;
  charged: number;
  recalculation: number;
  recalculationReason: string | null;
  benefits: number;
  penalties: number;
  /** charged + recalculation − benefits + penalties, as billing sent it. */
  total: number;
}

export interface ReceiptMeter {
  serviceName: string;
  unit: string;
  serial: string;
  location: string | null;
  precision: number;
  verificationDue: string;
  zones: { zone: number; zoneCount: number; previous: { period: Period; valueMilli: number } | null; currentMilli: number | null }[];
}

export interface ReceiptPayee {
  company: ReceiptCompany;
  /** Names of the services this company is paid for on this receipt. */
  services: string[];
  /** Σ line totals of those services this period. */
  charged: number;
}

export interface ReceiptData {
  period: Period;
  /** «Октябрь 2026» */
  periodLabel: string;
  documentNumber: string;
  payer: {
    accountId: number;
    accountNumber: string;
    ownerName: string;
    address: string;
    totalAreaCm2: number;
    livingAreaCm2: number | null;
    residents: number;
  };
  provider: ReceiptCompany;
  contacts: { supportPhone: string; supportEmail: string; emergencyPhone: string };
  payees: ReceiptPayee[];
  meters: ReceiptMeter[];
  lines: ReceiptLine[];
  totals: { charged: number; recalculation: number; benefits: number; penalties: number; total: number };
  balance: {
    /** Debt (+) or advance (−) at the start of the period. */
    openingBalance: number;
    charged: number;
    paid: number;
    paidUntil: string | null;
    penalties: number;
    /** opening + charged − paid; ≤ 0 means nothing to pay. */
    totalDue: number;
    dueDate: string | null;
  };
  /** The ГОСТ Р 56042-2014 payload, or why there is none (the payee's requisites are wrong). */
  qr: { payload: string } | { problem: string };
  /** «Оплатить онлайн»: the signed pay link (shared/payments/pay-link.ts), when the caller gave a way to make it. */
  payUrl: string | null;
}

/** Makes an account's pay link for a period; data.ts knows no secrets, so the caller passes it in. */
export type PayUrlFor = (accountId: number, period: Period) => string;

/** What every receipt of a print run shares: the companies and the company settings. */
export interface ReceiptContext {
  operator: ReceiptCompany;
  companies: Map<number, ReceiptCompany>;
  contacts: ReceiptData['contacts'];
}

export async function loadReceiptContext(db: Knex): Promise<ReceiptContext> {
  const [settings, rows] = await Promise.all([
    getSettings(db, ['company.operatorId', 'support.phone', 'support.email', 'emergency.phone']),
    db('companies').select(
      'id', 'name', 'short_name', 'is_operator', 'inn', 'kpp', 'address', 'phone', 'email', 'website', 'bank_name', 'bic',
      'settlement_account', 'correspondent_account',
    ),
  ]);
  const companies = new Map<number, ReceiptCompany>(rows.map((r) => [r.id, toCompany(r)]));
  const operatorRow = rows.find((r) => r.id === settings['company.operatorId']) ?? rows.find((r) => Boolean(r.is_operator));
  if (!operatorRow) throw new DomainError('conflict', 'Не указана управляющая организация: заполните её реквизиты в настройках');
  return {
    operator: companies.get(operatorRow.id) as ReceiptCompany,
    companies,
    contacts: { supportPhone: settings['support.phone'], supportEmail: settings['support.email'], emergencyPhone: settings['emergency.phone'] },
  };
}

/** One account's receipt; NotFound when the period has no data for it. */
export async function getReceiptData(db: Knex, accountId: number, period: Period, options: { payUrl?: PayUrlFor } = {}): Promise<ReceiptData> {
  const [context, receipts] = await Promise.all([loadReceiptContext(db), loadReceiptPage(db, period, { accountIds: [accountId] })]);
  const receipt = receipts[0];
  if (!receipt) throw notFound(`За ${formatPeriodRu(period)} начислений по лицевому счёту нет — квитанции за этот период не будет.`);
  return assembleReceipt(context, receipt, options.payUrl);
}

export interface BulkFilter {
  period: Period;
  buildingId?: number | null;
}

/** Accounts with data in the period (the number of pages a bulk print makes). */
export async function countReceipts(db: Knex, filter: BulkFilter): Promise<number> {
  const q = db('balances as b').join('accounts as a', 'a.id', 'b.account_id').where('b.period', filter.period);
  if (filter.buildingId) q.where('a.building_id', filter.buildingId);
  const row = await q.count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/**
 * Every receipt of a period (or of one building), by account number, `pageSize` accounts per
 * round of four statements. Memory stays flat: only one page of accounts is held at a time.
 */
export async function* streamReceipts(
  db: Knex,
  filter: BulkFilter,
  options: { pageSize?: number; signal?: AbortSignal; payUrl?: PayUrlFor } = {},
): AsyncGenerator<ReceiptData> {
  const context = await loadReceiptContext(db);
  const pageSize = options.pageSize ?? 250;
  let after = '';
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await loadReceiptPage(db, filter.period, { buildingId: filter.buildingId ?? null, after, limit: pageSize });
    for (const raw of page) yield assembleReceipt(context, raw, options.payUrl);
    if (page.length < pageSize) return;
    after = (page.at(-1) as RawReceipt).account.number;
  }
}

// ─── Loading a page ──────────────────────────────────────────────────────────

interface RawReceipt {
  period: Period;
  account: {
    id: number; number: string; owner_name: string; address: string; total_area_cm2: number; living_area_cm2: number | null; residents: number;
    opening_balance: number; charged: number; paid: number; penalties: number; total_due: number; paid_until: string | null; due_date: string | null;
  };
  charges: (ReceiptLine & { providerId: number | null })[];
  meters: ReceiptMeter[];
}

type PageSelector = { accountIds: number[] } | { buildingId: number | null; after: string; limit: number };

async function loadReceiptPage(db: Knex, period: Period, selector: PageSelector): Promise<RawReceipt[]> {
  const accountsQuery = db('accounts as a')
    .join('balances as b', function joinBalance() {
      this.on('b.account_id', 'a.id').andOn('b.period', db.raw('?', [period]));
    })
    .select(
      'a.id', 'a.number', 'a.owner_name', 'a.address', 'a.total_area_cm2', 'a.living_area_cm2', 'a.residents',
      'b.opening_balance', 'b.charged', 'b.paid', 'b.penalties', 'b.total_due', 'b.paid_until', 'b.due_date',
    )
    .orderBy('a.number');
  if ('accountIds' in selector) accountsQuery.whereIn('a.id', selector.accountIds);
  else {
    accountsQuery.where('a.number', '>', selector.after).limit(selector.limit);
    if (selector.buildingId) accountsQuery.where('a.building_id', selector.buildingId);
  }
  const accounts: RawReceipt['account'][] = await accountsQuery;
  if (accounts.length === 0) return [];
  const ids = accounts.map((a) => a.id);

  const [charges, meters, readings] = await Promise.all([
    db('charges as c')
      .join('services as s', 's.id', 'c.service_id')
      .whereIn('c.account_id', ids)
      .where('c.period', period)
      .orderBy([{ column: 'c.account_id' }, { column: 's.sort_order' }, { column: 's.name' }])
      .select(
        'c.account_id', 's.name', 's.unit', 's.provider_company_id', 'c.volume_milli', 'c.volume_common_milli', 'c.tariff_mkop',
        'c.charged', 'c.recalculation', 'c.recalculation_reason', 'c.benefits', 'c.penalties', 'c.total',
      ),
    // Live meters, and archived ones still read this period (replaced during the month).
    db('meters as m')
      .join('services as s', 's.id', 'm.service_id')
      .whereIn('m.account_id', ids)
      .where((q) => q.whereNull('m.archived_at').orWhereExists(
        db('readings as r').whereRaw('r.meter_id = m.id').where('r.period', period).select(db.raw('1')),
      ))
      .orderBy([{ column: 'm.account_id' }, { column: 's.sort_order' }, { column: 'm.serial' }])
      .select('m.id', 'm.account_id', 'm.serial', 'm.zones', 'm.precision', 'm.location', 'm.verification_due', 's.name', 's.unit'),
    // This period's value and the latest one before it, per meter and zone.
    db('readings as r')
      .join('meters as m', 'm.id', 'r.meter_id')
      .whereIn('m.account_id', ids)
      .where((q) => q.where('r.period', period).orWhere('r.period', db('readings as r2')
        .whereRaw('r2.meter_id = r.meter_id and r2.zone = r.zone')
        .where('r2.period', '<', period)
        .max('r2.period')))
      .select('r.meter_id', 'r.zone', 'r.period', 'r.value_milli'),
  ]);

  const byAccount = new Map<number, RawReceipt>(accounts.map((a) => [a.id, { period, account: a, charges: [], meters: [] }]));
  for (const c of charges) {
    byAccount.get(c.account_id)?.charges.push({
      serviceName: c.name, unit: c.unit, providerId: c.provider_company_id, volumeMilli: c.volume_milli, volumeCommonMilli: c.volume_common_milli,
      tariffMkop: c.tariff_mkop, charged: c.charged, recalculation: c.recalculation, recalculationReason: c.recalculation_reason,
      benefits: c.benefits, penalties: c.penalties, total: c.total,
    });
  }
  const values = new Map<string, { previous: { period: Period; valueMilli: number } | null; currentMilli: number | null }>();
  for (const r of readings) {
    const key = `${r.meter_id}:${r.zone}`;
    const entry = values.get(key) ?? { previous: null, currentMilli: null };
    if (r.period === period) entry.currentMilli = r.value_milli;
    else entry.previous = { period: r.period, valueMilli: r.value_milli };
    values.set(key, entry);
  }
  for (const m of meters) {
    const zones = Array.from({ length: m.zones }, (_, i) => ({
      zone: i + 1, zoneCount: m.zones, ...(values.get(`${m.id}:${i + 1}`) ?? { previous: null, currentMilli: null }),
    }));
    byAccount.get(m.account_id)?.meters.push({
      serviceName: m.name, unit: m.unit, serial: m.serial, location: m.location, precision: m.precision, verificationDue: m.verification_due, zones,
    });
  }
  return [...byAccount.values()];
}

// ─── Assembling ──────────────────────────────────────────────────────────────

function assembleReceipt(context: ReceiptContext, raw: RawReceipt, payUrl?: PayUrlFor): ReceiptData {
  const { account: a, charges, period } = raw;
  const payees = groupByPayee(context, charges);
  const sum = (pick: (l: ReceiptLine) => number) => charges.reduce((acc, l) => acc + pick(l), 0);
  const lines: ReceiptLine[] = charges.map(({ providerId: _providerId, ...line }) => line);
  return {
    period,
    periodLabel: capitalize(formatPeriodRu(period)),
    documentNumber: `${a.number}-${period.replace('-', '')}`,
    payer: {
      accountId: a.id, accountNumber: a.number, ownerName: a.owner_name, address: a.address,
      totalAreaCm2: a.total_area_cm2, livingAreaCm2: a.living_area_cm2, residents: a.residents,
    },
    provider: context.operator,
    contacts: context.contacts,
    payees,
    meters: raw.meters,
    lines,
    totals: {
      charged: sum((l) => l.charged), recalculation: sum((l) => l.recalculation), benefits: sum((l) => l.benefits),
      penalties: sum((l) => l.penalties), total: sum((l) => l.total),
    },
    balance: {
      openingBalance: a.opening_balance, charged: a.charged, paid: a.paid, paidUntil: a.paid_until, penalties: a.penalties,
      totalDue: a.total_due, dueDate: a.due_date,
    },
    qr: paymentQr(context.operator, a, period),
    payUrl: payUrl ? payUrl(a.id, period) : null,
  };
}

/**
 * Services grouped by the company paid for them (the model form's section 2 lists each payee).
 * A service without a provider is the operator's.
 */
function groupByPayee(context: ReceiptContext, charges: RawReceipt['charges']): ReceiptPayee[] {
  const payees = new Map<number, ReceiptPayee>();
  for (const line of charges) {
    const company = (line.providerId !== null ? context.companies.get(line.providerId) : undefined) ?? context.operator;
    const payee = payees.get(company.id) ?? { company, services: [], charged: 0 };
    payee.services.push(line.serviceName);
    payee.charged += line.total;
    payees.set(company.id, payee);
  }
  if (payees.size === 0) payees.set(context.operator.id, { company: context.operator, services: [], charged: 0 });
  // The operator first: it issues the document and takes the payment.
  return [...payees.values()].sort((x, y) => Number(y.company.id === context.operator.id) - Number(x.company.id === context.operator.id));
}

/**
 * The QR pays the whole amount due to the operator, which issues this single document and
 * collects for the other providers as their agent. With nothing due the code carries no sum,
 * so the bank app asks for one (paying ahead is allowed).
 */
function paymentQr(operator: ReceiptCompany, a: RawReceipt['account'], period: Period): ReceiptData['qr'] {
  const person = splitPersonName(a.owner_name);
  try {
    return {
      payload: buildPaymentQr({
        name: operator.name.length <= 160 ? operator.name : operator.shortName,
        personalAcc: operator.settlementAccount ?? '',
        bankName: operator.bankName ?? '',
        bic: operator.bic ?? '',
        correspAcc: operator.correspondentAccount ?? '',
        payeeInn: operator.inn ?? '',
        kpp: operator.kpp ?? '',
        sum: a.total_due > 0 ? a.total_due : null,
        purpose: `Оплата ЖКУ за ${formatPeriodNumeric(period)}, л/с ${a.number}`,
        persAcc: a.number,
        period,
        payerAddress: a.address,
        lastName: person?.lastName,
        firstName: person?.firstName,
        middleName: person?.middleName,
      }),
    };
  } catch (error) {
    if (error instanceof DomainError) return { problem: 'QR-код для оплаты не сформирован: реквизиты получателя платежа неполны. Оплатите по реквизитам выше.' };
    throw error;
  }
}

function toCompany(r: Record<string, unknown>): ReceiptCompany {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  return {
    id: Number(r.id), name: String(r.name), shortName: String(r.short_name), inn: text(r.inn), kpp: text(r.kpp), address: text(r.address),
    phone: text(r.phone), email: text(r.email), website: text(r.website), bankName: text(r.bank_name), bic: text(r.bic),
    settlementAccount: text(r.settlement_account), correspondentAccount: text(r.correspondent_account),
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
