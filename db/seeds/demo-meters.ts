// Meters and their readings, simulated month by month from a household's real consumption, and
// the volumes billing charges from them. A reading missed or a meter past its verification is
// charged by the average of the last six months (ПП № 354); the next reading settles the
// difference as a recalculation. A replaced meter is archived with a final reading and a new one
// starts from zero, so within one meter and zone readings never go down.
import { formatPeriodRu, type Period } from '../../shared/period.ts';
import { addDays, type IsoDate } from '../../shared/time.ts';
import { VERIFICATION_YEARS, type MeteredService } from './demo-catalog.ts';
import { addYears, dayOf, instantAt } from './demo-time.ts';
import type { DemoAccount } from './demo-town.ts';
import type { Random } from './random.ts';

export interface Timeline {
  /** The month before the first billed one (the starting readings), then every billed month. */
  readingPeriods: Period[];
  billedPeriods: Period[];
  current: Period;
  today: IsoDate;
  timeZone: string;
}

export interface DemoReading {
  period: Period;
  zone: number;
  valueMilli: number;
  takenOn: IsoDate;
  submittedAt: number;
}

export interface DemoMeter {
  accountIndex: number;
  service: MeteredService;
  serial: string;
  zones: number;
  precision: number;
  location: string;
  installedOn: IsoDate;
  verifiedOn: IsoDate;
  verificationDue: IsoDate;
  archivedAt: number | null;
  archivedReason: string | null;
  readings: DemoReading[];
}

/** What billing charges for one zone of one kind of meter in one period. */
export interface BilledVolume {
  volumeMilli: number;
  /** Settles earlier months charged by average: actual minus charged volume. */
  recalcMilli: number;
  /** Those earlier months, for the recalculation's reason. */
  settles: Period[];
  estimated: boolean;
}

export type VolumeKey = 'cold_water' | 'hot_water' | 'electricity_t1' | 'electricity_t2';

export interface AccountMeters {
  meters: DemoMeter[];
  volumes: Map<VolumeKey, Map<Period, BilledVolume>>;
}

const MISSED_READING_CHANCE = 0.015;
const EXPIRED_CHANCE = 0.03;
const REPLACED_CHANCE = 0.02;
const AVERAGE_MONTHS = 6;

interface Slot {
  service: MeteredService;
  zones: number;
  precision: number;
  location: string;
  /** Real consumption per zone in a month, milli-units (before rounding to the register). */
  monthly(period: Period): number[];
  initial: number[];
}

type Fate =
  | { kind: 'normal' }
  | { kind: 'expired'; due: IsoDate }
  | { kind: 'replaced'; period: Period; date: IsoDate; reason: string };

/** Serial numbers unique across the town (the schema needs them unique per account and service). */
export class SerialBook {
  private readonly used = new Set<string>();

  next(random: Random, installedOn: IsoDate): string {
    for (;;) {
      const serial = `${installedOn.slice(2, 4)}${String(random.int(0, 999_999)).padStart(6, '0')}`;
      if (!this.used.has(serial)) {
        this.used.add(serial);
        return serial;
      }
    }
  }
}

export function simulateMeters(
  account: DemoAccount,
  random: Random,
  timeline: Timeline,
  serials: SerialBook,
  options: { forceExpired: boolean },
): AccountMeters {
  const readDays = new Map(timeline.readingPeriods.map((p) => [p, random.int(23, 25)] as const));
  const meters: DemoMeter[] = [];
  const volumes = new Map<VolumeKey, Map<Period, BilledVolume>>();
  householdSlots(account, random).forEach((slot, i) => {
    const forced = options.forceExpired && i === 0;
    const fate: Fate = forced ? { kind: 'expired', due: addDays(timeline.today, -20) } : randomFate(random, timeline);
    const result = runSlot(random.fork(`slot:${i}`), slot, fate, { account, timeline, readDays, serials });
    meters.push(...result.meters);
    result.billed.forEach((byPeriod, zone) => mergeVolumes(volumes, volumeKey(slot.service, zone + 1), byPeriod));
  });
  return { meters, volumes };
}

function volumeKey(service: MeteredService, zone: number): VolumeKey {
  if (service === 'electricity') return zone === 1 ? 'electricity_t1' : 'electricity_t2';
  return service;
}

function mergeVolumes(into: Map<VolumeKey, Map<Period, BilledVolume>>, key: VolumeKey, add: Map<Period, BilledVolume>): void {
  const target = into.get(key) ?? new Map<Period, BilledVolume>();
  into.set(key, target);
  for (const [period, v] of add) {
    const had = target.get(period);
    target.set(
      period,
      had
        ? {
            volumeMilli: had.volumeMilli + v.volumeMilli,
            recalcMilli: had.recalcMilli + v.recalcMilli,
            settles: [...new Set([...had.settles, ...v.settles])].sort(),
            estimated: had.estimated || v.estimated,
          }
        : v,
    );
  }
}

// ─── The household ───────────────────────────────────────────────────────────

function householdSlots(account: DemoAccount, random: Random): Slot[] {
  const people = account.residents;
  const coldM3 = people === 0 ? random.between(0.1, 0.4) : people * random.between(2.3, 4.2);
  const hotM3 = coldM3 * random.between(0.55, 0.8);
  const kwh = people === 0 ? random.between(5, 15) : random.between(40, 60) + people * random.between(45, 70);
  const nightShare = random.between(0.25, 0.4);
  // Old blocks have one or two water risers; each riser has its own cold and hot meter.
  const places = random.chance(0.4) ? [['кухня', 0.35], ['ванная', 0.65]] as const : [['санузел', 1]] as const;
  const noise = () => random.between(0.85, 1.15);
  const water = (service: 'cold_water' | 'hot_water', m3: number, [location, share]: readonly [string, number]): Slot => ({
    service,
    zones: 1,
    precision: 3,
    location,
    monthly: (p) => [m3 * share * waterSeason(service, p) * noise() * 1000],
    initial: [random.between(40, 900) * share * (service === 'hot_water' ? 0.6 : 1) * 1000],
  });
  const t1Start = random.between(3_000, 30_000);
  return [
    ...places.map((place) => water('cold_water', coldM3, place)),
    ...places.map((place) => water('hot_water', hotM3, place)),
    {
      service: 'electricity',
      zones: 2,
      precision: 1,
      location: random.chance(0.6) ? 'лестничная площадка' : 'прихожая',
      monthly: (p) => {
        const total = kwh * electricitySeason(p) * noise() * 1000;
        return [total * (1 - nightShare), total * nightShare];
      },
      initial: [t1Start * 1000, t1Start * random.between(0.3, 0.5) * 1000],
    },
  ];
}

function waterSeason(service: 'cold_water' | 'hot_water', period: Period): number {
  const month = Number(period.slice(5, 7));
  // Hot water is shut off for about ten days each summer for the heating network's repairs.
  if (service === 'hot_water' && month === 7) return 0.7;
  return month >= 6 && month <= 8 ? 1.05 : 1;
}

function electricitySeason(period: Period): number {
  const month = Number(period.slice(5, 7));
  if (month === 12 || month <= 2) return 1.2;
  if (month === 11 || month === 3) return 1.1;
  if (month >= 6 && month <= 8) return 0.85;
  return 1;
}

function randomFate(random: Random, timeline: Timeline): Fate {
  const roll = random.next();
  const replaceable = timeline.billedPeriods.slice(1);
  if (roll < REPLACED_CHANCE && replaceable.length > 0) {
    const period = random.pick(replaceable);
    const reason = random.pick([
      'Замена счётчика: истекает срок поверки',
      'Замена счётчика: неисправность (не вращается счётный механизм)',
      'Замена счётчика: механическое повреждение',
    ]);
    return { kind: 'replaced', period, date: dayOf(period, random.int(5, 18)), reason };
  }
  if (roll < REPLACED_CHANCE + EXPIRED_CHANCE) return { kind: 'expired', due: addDays(timeline.today, -random.int(5, 100)) };
  return { kind: 'normal' };
}

// ─── One meter position over time ────────────────────────────────────────────

interface SlotContext {
  account: DemoAccount;
  timeline: Timeline;
  readDays: Map<Period, number>;
  serials: SerialBook;
}

interface ZoneBilling {
  history: number[];
  pendingActual: number;
  pendingCharged: number;
  pendingPeriods: Period[];
}

function runSlot(random: Random, slot: Slot, fate: Fate, ctx: SlotContext): { meters: DemoMeter[]; billed: Map<Period, BilledVolume>[] } {
  const position = new MeterPosition(random, slot, ctx, firstMeterDates(random, slot.service, fate, ctx.timeline));
  const billing = position.zones.map((): ZoneBilling => ({ history: [], pendingActual: 0, pendingCharged: 0, pendingPeriods: [] }));
  const billed = position.zones.map(() => new Map<Period, BilledVolume>());
  ctx.timeline.billedPeriods.forEach((period, index) => {
    const used = slot.monthly(period).map(position.onRegister);
    let recorded: boolean;
    if (fate.kind === 'replaced' && period === fate.period) {
      position.replace(fate, period, used);
      recorded = true;
    } else {
      const missed = index > 0 && random.chance(MISSED_READING_CHANCE);
      const pastVerification = fate.kind === 'expired' && position.takenOn(period) > fate.due;
      recorded = !missed && !pastVerification;
      position.consume(period, used, recorded);
    }
    position.zones.forEach((z) => billed[z]?.set(period, billZone(billing[z] as ZoneBilling, period, used[z] as number, recorded, position.onRegister)));
  });
  return { meters: position.meters, billed };
}

/** One place for a meter (the kitchen cold water, the landing's electricity): its meters and registers. */
class MeterPosition {
  readonly meters: DemoMeter[] = [];
  readonly zones: number[];
  readonly onRegister: (milli: number) => number;
  private meter: DemoMeter;
  private values: number[];

  constructor(
    private readonly random: Random,
    private readonly slot: Slot,
    private readonly ctx: SlotContext,
    dates: MeterDates,
  ) {
    const step = 10 ** (3 - slot.precision); // thousandths per last digit the register shows
    this.onRegister = (milli) => Math.max(0, Math.round(milli / step) * step);
    this.zones = Array.from({ length: slot.zones }, (_, z) => z);
    this.meter = this.install(dates);
    this.values = slot.initial.map(this.onRegister);
    const start = ctx.timeline.readingPeriods[0] as Period;
    this.read(start, this.takenOn(start));
  }

  takenOn(period: Period): IsoDate {
    return dayOf(period, this.ctx.readDays.get(period) ?? 24);
  }

  consume(period: Period, used: number[], recorded: boolean): void {
    this.values = this.values.map((v, z) => v + (used[z] as number));
    if (recorded) this.read(period, this.takenOn(period));
  }

  /** The old meter's final reading on the replacement day, then the new meter counting from zero. */
  replace(fate: Extract<Fate, { kind: 'replaced' }>, period: Period, used: number[]): void {
    // The month's consumption runs from the last reading (about the 24th) to this one.
    const share = Math.min(1, (Number(fate.date.slice(8, 10)) + 6) / 30);
    const beforeSwap = used.map((u) => this.onRegister(u * share));
    this.consume(period, beforeSwap, false);
    this.read(period, fate.date);
    archive(this.meter, fate, this.ctx.timeline.timeZone);
    this.meter = this.install(replacementDates(this.random, this.slot.service, fate.date));
    this.values = used.map((u, z) => u - (beforeSwap[z] as number));
    this.read(period, this.takenOn(period));
  }

  private install(dates: MeterDates): DemoMeter {
    const meter = makeMeter(this.random, this.slot, this.ctx, dates);
    this.meters.push(meter);
    return meter;
  }

  private read(period: Period, takenOn: IsoDate): void {
    const submittedAt = instantAt(takenOn, this.random.int(9 * 60, 21 * 60), this.ctx.timeline.timeZone);
    this.zones.forEach((z) => this.meter.readings.push({ period, zone: z + 1, valueMilli: this.values[z] as number, takenOn, submittedAt }));
  }
}

function billZone(state: ZoneBilling, period: Period, used: number, recorded: boolean, onRegister: (m: number) => number): BilledVolume {
  if (recorded) {
    const result = {
      volumeMilli: used,
      recalcMilli: state.pendingActual - state.pendingCharged,
      settles: state.pendingPeriods,
      estimated: false,
    };
    state.history.push(used);
    state.pendingActual = 0;
    state.pendingCharged = 0;
    state.pendingPeriods = [];
    return result;
  }
  const recent = state.history.slice(-AVERAGE_MONTHS);
  const average = recent.length > 0 ? onRegister(recent.reduce((a, b) => a + b, 0) / recent.length) : used;
  state.pendingActual += used;
  state.pendingCharged += average;
  state.pendingPeriods = [...state.pendingPeriods, period];
  return { volumeMilli: average, recalcMilli: 0, settles: [], estimated: true };
}

/** «Перерасчёт по показаниям за март 2026 (было начислено по среднему)». */
export function settleReason(periods: Period[]): string {
  return `Перерасчёт по показаниям счётчика за ${periods.map(formatPeriodRu).join(', ')} (было начислено по среднему)`;
}

// ─── Meter records ───────────────────────────────────────────────────────────

interface MeterDates {
  installedOn: IsoDate;
  verifiedOn: IsoDate;
  verificationDue: IsoDate;
}

function makeMeter(random: Random, slot: Slot, ctx: SlotContext, dates: MeterDates): DemoMeter {
  return {
    accountIndex: ctx.account.index,
    service: slot.service,
    serial: ctx.serials.next(random, dates.installedOn),
    zones: slot.zones,
    precision: slot.precision,
    location: slot.location,
    ...dates,
    archivedAt: null,
    archivedReason: null,
    readings: [],
  };
}

function firstMeterDates(random: Random, service: MeteredService, fate: Fate, timeline: Timeline): MeterDates {
  const years = VERIFICATION_YEARS[service];
  let due: IsoDate;
  if (fate.kind === 'expired') due = fate.due;
  else if (fate.kind === 'replaced' && fate.reason.includes('поверки')) due = addDays(fate.date, random.int(0, 25));
  else if (fate.kind === 'replaced') due = addDays(fate.date, random.int(200, 1500));
  else due = addDays(timeline.today, random.int(1, years * 365 - 30));
  const verifiedOn = addYears(due, -years);
  // A meter verified after the readings began was re-verified in place: installed a cycle earlier.
  const readingsBegan = dayOf(timeline.readingPeriods[0] as Period, 1);
  const installedOn = verifiedOn < readingsBegan ? verifiedOn : addYears(verifiedOn, -years);
  return { installedOn, verifiedOn, verificationDue: due };
}

function replacementDates(random: Random, service: MeteredService, installedOn: IsoDate): MeterDates {
  // A new meter comes with its factory verification, some months before it is fitted.
  const verifiedOn = addDays(installedOn, -random.int(20, 200));
  return { installedOn, verifiedOn, verificationDue: addYears(verifiedOn, VERIFICATION_YEARS[service]) };
}

function archive(meter: DemoMeter, fate: Extract<Fate, { kind: 'replaced' }>, timeZone: string): void {
  meter.archivedAt = instantAt(fate.date, 14 * 60, timeZone);
  meter.archivedReason = fate.reason;
}
