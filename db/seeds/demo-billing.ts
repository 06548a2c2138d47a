// What billing produced for each account: charges by service, penalties, payments and the
// monthly balance. The balance identities hold exactly, as the portal relies on them:
//   charged    = Σ charges.total of the period
//   total_due  = opening_balance + charged − paid
//   opening(p+1) = total_due(p)
import { addMonths, daysInPeriod, type Period } from '../../shared/period.ts';
import { heatGcalPerM2, isHeatingMonth, tariffMkop, type ChargedService } from './demo-catalog.ts';
import { settleReason, type BilledVolume, type Timeline, type VolumeKey } from './demo-meters.ts';
import { dayOf, instantAt } from './demo-time.ts';
import type { DemoAccount, DemoBuilding } from './demo-town.ts';
import type { Random } from './random.ts';

export interface DemoCharge {
  accountIndex: number;
  period: Period;
  service: ChargedService;
  volumeMilli: number;
  tariffMkop: number;
  charged: number;
  recalculation: number;
  recalculationReason: string | null;
  benefits: number;
  penalties: number;
  total: number;
}

export interface DemoBalance {
  accountIndex: number;
  period: Period;
  openingBalance: number;
  charged: number;
  paid: number;
  penalties: number;
  totalDue: number;
  paidUntil: string;
  dueDate: string;
}

export interface DemoPayment {
  accountIndex: number;
  amount: number;
  paidAt: number;
  period: Period;
  source: 'billing' | 'bank';
  externalId: string;
}

export interface AccountLedger {
  charges: DemoCharge[];
  balances: DemoBalance[];
  payments: DemoPayment[];
}

const PAYMENT_DUE_DAY = 10;
// Penalty (пени) per day: 1/300 of the key rate on overdue debt (ЖК РФ ст. 155 п. 14), with the
// rate fixed at 9.5 % by the Government's moratorium on housing penalties.
const PENALTY_RATE_PER_DAY = 0.095 / 300;

// ─── Town-wide events that become recalculations ─────────────────────────────

interface Adjustment {
  /** Share of the line's charged amount, negative for a refund. */
  share: number;
  reason: string;
}

export interface TownEvents {
  adjustment(building: DemoBuilding, period: Period, service: ChargedService): Adjustment | null;
  /** Weather of the heating season the period belongs to: colder winters take more heat. */
  weather(period: Period): number;
}

export function planTownEvents(random: Random, buildings: readonly DemoBuilding[], timeline: Timeline): TownEvents {
  const events = new Map<string, Adjustment>();
  const key = (b: DemoBuilding, p: Period, s: ChargedService) => `${b.street}|${b.house}|${p}|${s}`;
  for (const [i, building] of buildings.entries()) {
    const r = random.fork(`events:${i}`);
    for (const period of timeline.billedPeriods) {
      if (r.chance(0.02)) {
        events.set(key(building, period, 'maintenance'), {
          share: -r.between(0.05, 0.15),
          reason: `Перерасчёт за ненадлежащее качество уборки подъездов (акт № ${r.int(3, 48)})`,
        });
      }
      // The yearly heating correction by the building's heat meter comes with March's bill.
      if (period.endsWith('-03')) {
        events.set(key(building, period, 'heating'), {
          share: r.between(-0.35, 0.25),
          reason: `Корректировка платы за отопление за ${Number(period.slice(0, 4)) - 1} год по общедомовому прибору учёта`,
        });
      }
    }
  }
  // One building's summer hot water shutdown ran longer than the allowed 14 days.
  const outage = random.pick(buildings);
  for (const period of timeline.billedPeriods.filter((p) => p.endsWith('-07'))) {
    events.set(key(outage, period, 'hot_water'), {
      share: -0.15,
      reason: 'Перерасчёт за перерыв в подаче горячей воды сверх допустимой продолжительности',
    });
  }
  const weather = new Map<string, number>();
  return {
    adjustment: (b, p, s) => events.get(key(b, p, s)) ?? null,
    weather: (period) => {
      const season = Number(period.slice(5, 7)) >= 7 ? period.slice(0, 4) : String(Number(period.slice(0, 4)) - 1);
      if (!weather.has(season)) weather.set(season, random.fork(`weather:${season}`).between(0.93, 1.07));
      return weather.get(season) as number;
    },
  };
}

// ─── Charges ─────────────────────────────────────────────────────────────────

type Volumes = Map<VolumeKey, Map<Period, BilledVolume>>;

interface LineBasis {
  service: ChargedService;
  volumeMilli: number;
  recalcMilli: number;
  settles: Period[];
}

function lineBases(account: DemoAccount, volumes: Volumes, period: Period, events: TownEvents): LineBasis[] {
  const areaMilli = account.totalAreaCm2 * 10;
  const metered = (key: VolumeKey): BilledVolume =>
    volumes.get(key)?.get(period) ?? { volumeMilli: 0, recalcMilli: 0, settles: [], estimated: false };
  const cold = metered('cold_water');
  const hot = metered('hot_water');
  const fromMeter = (service: ChargedService, v: BilledVolume): LineBasis => ({ service, volumeMilli: v.volumeMilli, recalcMilli: v.recalcMilli, settles: v.settles });
  const lines: LineBasis[] = [
    { service: 'maintenance', volumeMilli: areaMilli, recalcMilli: 0, settles: [] },
    fromMeter('cold_water', cold),
    fromMeter('hot_water', hot),
    {
      service: 'water_disposal',
      volumeMilli: cold.volumeMilli + hot.volumeMilli,
      recalcMilli: cold.recalcMilli + hot.recalcMilli,
      settles: [...new Set([...cold.settles, ...hot.settles])].sort(),
    },
  ];
  if (isHeatingMonth(period)) {
    const gcal = (account.totalAreaCm2 / 100) * heatGcalPerM2(period) * account.building.heatFactor * events.weather(period);
    lines.push({ service: 'heating', volumeMilli: Math.round(gcal * 1000), recalcMilli: 0, settles: [] });
  }
  lines.push(fromMeter('electricity_t1', metered('electricity_t1')), fromMeter('electricity_t2', metered('electricity_t2')));
  lines.push({ service: 'capital_repair', volumeMilli: areaMilli, recalcMilli: 0, settles: [] });
  return lines;
}

function chargeLine(account: DemoAccount, period: Period, basis: LineBasis, events: TownEvents): DemoCharge {
  const tariff = tariffMkop(basis.service, period, account.building.maintenanceKop);
  const charged = Math.round((basis.volumeMilli * tariff) / 1e6);
  const reasons: string[] = [];
  let recalculation = 0;
  if (basis.recalcMilli !== 0) {
    recalculation += Math.round((basis.recalcMilli * tariff) / 1e6);
    reasons.push(settleReason(basis.settles));
  }
  const event = events.adjustment(account.building, period, basis.service);
  if (event && charged > 0) {
    recalculation += Math.round(charged * event.share);
    reasons.push(event.reason);
  }
  const benefits = Math.round(charged * benefitShare(account, basis.service));
  return {
    accountIndex: account.index,
    period,
    service: basis.service,
    volumeMilli: basis.volumeMilli,
    tariffMkop: tariff,
    charged,
    recalculation,
    recalculationReason: reasons.length > 0 ? reasons.join('; ') : null,
    benefits,
    penalties: 0,
    total: charged + recalculation - benefits,
  };
}

function benefitShare(account: DemoAccount, service: ChargedService): number {
  const benefit = account.benefit;
  if (!benefit) return 0;
  if (benefit.kind === 'elderly') return service === 'capital_repair' ? benefit.share : 0;
  return service === 'capital_repair' ? 0 : benefit.share;
}

// ─── Payments and balances ───────────────────────────────────────────────────

interface PayPlan {
  amount: number;
  day: number;
}

/** How this household pays in a month, given what it owed at the month's start. */
function planPayments(account: DemoAccount, owed: number, fixedAmount: number, random: Random): PayPlan[] {
  const day = () => random.int(3, 22);
  const roubles = (k: number) => Math.max(100_00, Math.round(k / 100_00) * 100_00);
  switch (account.profile) {
    case 'regular':
      if (owed <= 0 || random.chance(0.05)) return [];
      return splitSometimes(random, random.chance(0.3) ? Math.ceil(owed / 100) * 100 : owed, day());
    case 'partial':
      return owed > 0 && random.chance(0.8) ? [{ amount: roubles(owed * random.between(0.4, 0.9)), day: day() }] : [];
    case 'advance':
      return [{ amount: fixedAmount, day: random.int(1, 10) }];
    case 'irregular':
      return owed > 0 && random.chance(0.4) ? [{ amount: owed, day: day() }] : [];
    case 'debtor':
      return random.chance(0.15) ? [{ amount: roubles(random.between(500_00, 3_000_00)), day: day() }] : [];
  }
}

// Some pay the housing part and the electricity part on different days.
function splitSometimes(random: Random, amount: number, day: number): PayPlan[] {
  if (amount < 1_000_00 || !random.chance(0.08)) return [{ amount, day }];
  const first = Math.round(amount * random.between(0.6, 0.8));
  return [{ amount: first, day }, { amount: amount - first, day: Math.min(day + random.int(2, 6), 28) }];
}

function openingOf(account: DemoAccount, monthly: number, random: Random): number {
  switch (account.profile) {
    case 'regular':
      return monthly;
    case 'partial':
      return Math.round(monthly * random.between(1.5, 4));
    case 'irregular':
      return Math.round(monthly * random.between(1, 2.5));
    case 'advance':
      return -Math.round(random.between(1_000_00, 6_000_00));
    case 'debtor':
      return Math.round(random.between(15_000_00, 90_000_00));
  }
}

/** Autopay sum of an advance payer: a round sum a little above the usual bill. */
function fixedAmountOf(totals: number[]): number {
  const average = totals.reduce((a, b) => a + b, 0) / Math.max(1, totals.length);
  return Math.ceil((average * 1.03) / 500_00) * 500_00;
}

/**
 * An opening advance large enough that the balance stays below zero all along even when winter
 * bills exceed the autopay sum, so the showcase advance account always shows an advance.
 */
function lastingAdvance(totals: number[], fixedAmount: number, random: Random): number {
  let running = 0;
  let worst = 0;
  for (const total of totals) {
    running += total - fixedAmount;
    worst = Math.max(worst, running);
  }
  return -(worst + Math.round(random.between(1_000_00, 3_000_00)));
}

export function buildLedger(
  account: DemoAccount,
  volumes: Volumes,
  random: Random,
  context: { timeline: Timeline; events: TownEvents; lastingAdvance: boolean },
): AccountLedger {
  const { timeline, events } = context;
  const lines = new Map(timeline.billedPeriods.map((p) => [p, lineBases(account, volumes, p, events).map((b) => chargeLine(account, p, b, events))]));
  const sumTotals = (p: Period) => (lines.get(p) ?? []).reduce((acc, l) => acc + l.total, 0);
  const totals = timeline.billedPeriods.map(sumTotals);
  const monthly = Math.round((totals[0] ?? 0) * random.between(0.9, 1.1));
  const fixedAmount = fixedAmountOf(totals);

  const ledger: AccountLedger = { charges: [], balances: [], payments: [] };
  let opening = context.lastingAdvance ? lastingAdvance(totals, fixedAmount, random) : openingOf(account, monthly, random);
  let previousCharged = monthly;
  for (const period of timeline.billedPeriods) {
    const periodLines = lines.get(period) ?? [];
    const penalties = penaltyFor(opening, previousCharged, period);
    addPenalty(periodLines, penalties);
    const charged = periodLines.reduce((acc, l) => acc + l.total, 0);
    const payments = paymentsIn(account, period, planPayments(account, opening, fixedAmount, random), random, timeline.timeZone, 'billing');
    const paid = payments.reduce((acc, p) => acc + p.amount, 0);
    const totalDue = opening + charged - paid;
    ledger.charges.push(...periodLines);
    ledger.payments.push(...payments);
    ledger.balances.push({
      accountIndex: account.index,
      period,
      openingBalance: opening,
      charged,
      paid,
      penalties,
      totalDue,
      paidUntil: dayOf(period, daysInPeriod(period)),
      dueDate: dayOf(addMonths(period, 1), PAYMENT_DUE_DAY),
    });
    opening = totalDue;
    previousCharged = charged;
  }
  // This month's payments so far: the bank's registry has them, billing has not closed the month.
  const today = Number(timeline.today.slice(8, 10));
  const soFar = planPayments(account, opening, fixedAmount, random).filter((p) => p.day < today);
  ledger.payments.push(...paymentsIn(account, timeline.current, soFar, random, timeline.timeZone, 'bank'));
  return ledger;
}

/** Penalties on debt older than the last bill, for every day of the month. */
function penaltyFor(opening: number, lastBill: number, period: Period): number {
  const overdue = opening - lastBill;
  return overdue > 0 ? Math.round(overdue * PENALTY_RATE_PER_DAY * daysInPeriod(period)) : 0;
}

// Penalties go on the operator's own line, maintenance, as its billing prints them.
function addPenalty(lines: DemoCharge[], penalties: number): void {
  if (penalties === 0) return;
  const line = lines.find((l) => l.service === 'maintenance');
  if (!line) throw new Error('maintenance line missing');
  line.penalties = penalties;
  line.total += penalties;
}

function paymentsIn(account: DemoAccount, period: Period, plans: PayPlan[], random: Random, timeZone: string, source: DemoPayment['source']): DemoPayment[] {
  return plans.map((plan, i) => ({
    accountIndex: account.index,
    amount: plan.amount,
    paidAt: instantAt(dayOf(period, plan.day), random.int(8 * 60, 21 * 60), timeZone),
    period,
    source,
    externalId: `demo-${account.number}-${period}-${i + 1}`,
  }));
}
