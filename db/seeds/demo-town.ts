// The town's housing stock: Soviet-era 5- and 9-storey blocks in microdistricts, their flats and
// the accounts (лицевые счета) opened for them, with owners, areas and how each household pays.
import type { IsoDate } from '../../shared/time.ts';
import { CITY, POSTCODE, REGION } from './demo-catalog.ts';
import { fullName, randomPerson } from './demo-names.ts';
import type { Random } from './random.ts';

export interface DemoBuilding {
  street: string;
  house: string;
  block: string;
  floors: number;
  entrances: number;
  /** Rooms of each flat on a landing, in flat-number order. */
  layout: readonly number[];
  /** Area of each of those flats, m² (the same layout on every floor). */
  layoutAreasM2: readonly number[];
  /** Maintenance tariff from 1 July 2025, kopecks per m² (voted by the owners' meeting). */
  maintenanceKop: number;
  /** How much heat the building takes relative to the town's average (insulation, position). */
  heatFactor: number;
  /** Per-building readings window, when it differs from the company's. */
  readingsWindow: { startDay: number; endDay: number } | null;
}

/**
 * How a household pays: `regular` pays the bill in full each month, `partial` pays part,
 * `advance` pays a fixed sum above the bill, `irregular` pays every two or three months,
 * `debtor` rarely pays at all.
 */
export type PayerProfile = 'regular' | 'partial' | 'advance' | 'irregular' | 'debtor';

/** Benefits shown on the receipt: a labour veteran's 50 %, or the capital repair compensation at 70+ / 80+. */
export type Benefit = { kind: 'veteran'; share: number } | { kind: 'elderly'; share: number };

export interface DemoAccount {
  index: number;
  number: string;
  building: DemoBuilding;
  flat: string;
  address: string;
  rooms: number;
  totalAreaCm2: number;
  livingAreaCm2: number;
  residents: number;
  ownerName: string;
  openedOn: IsoDate;
  profile: PayerProfile;
  benefit: Benefit | null;
}

interface BuildingPlan {
  street: string;
  house: string;
  floors: number;
  entrances: number;
  layout: readonly number[];
}

// 500 flats in all, so the default town is these seven buildings exactly.
const PLANS: readonly BuildingPlan[] = [
  { street: '1-й микрорайон', house: '5', floors: 5, entrances: 4, layout: [1, 2, 2, 3] },
  { street: '1-й микрорайон', house: '12', floors: 9, entrances: 2, layout: [1, 2, 2, 3] },
  { street: '2-й микрорайон', house: '3', floors: 5, entrances: 6, layout: [1, 2, 3] },
  { street: '2-й микрорайон', house: '17', floors: 9, entrances: 3, layout: [1, 2, 3, 2] },
  { street: '3-й микрорайон', house: '8', floors: 5, entrances: 3, layout: [2, 1, 3, 2] },
  { street: '3-й микрорайон', house: '21', floors: 9, entrances: 1, layout: [1, 2, 3, 2] },
  { street: 'ул. Строителей', house: '6', floors: 9, entrances: 1, layout: [1, 1, 2, 2, 3, 4] },
];

const AREA_M2_BY_ROOMS: Readonly<Record<number, readonly [number, number]>> = { 1: [30.5, 36], 2: [44, 52.5], 3: [58, 68], 4: [74, 82] };
const RESIDENTS_BY_ROOMS: Readonly<Record<number, readonly number[]>> = {
  1: [0, 1, 1, 1, 1, 2, 2],
  2: [1, 1, 2, 2, 2, 3, 3, 4],
  3: [1, 2, 2, 3, 3, 4, 4, 5],
  4: [2, 3, 4, 4, 5, 5],
};

/** Accounts (by position) with a fixed role, so the README can name them. */
export const SHOWCASE_INDEX = { twoAccountsFirst: 2, debtor: 7, advance: 11, expiredMeter: 15 } as const;
export const MIN_ACCOUNTS = 20;

const PROFILE_WEIGHTS: Readonly<Record<PayerProfile, number>> = { regular: 68, partial: 12, advance: 8, irregular: 4, debtor: 8 };

export function buildTown(random: Random, accountCount: number): { buildings: DemoBuilding[]; accounts: DemoAccount[] } {
  const buildings: DemoBuilding[] = [];
  const accounts: DemoAccount[] = [];
  for (let b = 0; accounts.length < accountCount; b++) {
    const building = makeBuilding(random.fork(`building:${b}`), planFor(b));
    buildings.push(building);
    for (const flat of flatsOf(building)) {
      if (accounts.length >= accountCount) break;
      const index = accounts.length;
      accounts.push(makeAccount(random.fork(`account:${index}`), building, b, flat, index));
    }
  }
  return { buildings, accounts };
}

// Past the seven planned blocks (more than 500 accounts), repeat them in the 4th microdistrict.
function planFor(b: number): BuildingPlan {
  const plan = PLANS[b % PLANS.length] as BuildingPlan;
  if (b < PLANS.length) return plan;
  return { ...plan, street: '4-й микрорайон', house: String(b - PLANS.length + 1) };
}

function makeBuilding(random: Random, plan: BuildingPlan): DemoBuilding {
  return {
    ...plan,
    block: '',
    layoutAreasM2: plan.layout.map((rooms) => {
      const [min, max] = AREA_M2_BY_ROOMS[rooms] ?? [40, 50];
      return random.between(min, max);
    }),
    maintenanceKop: random.int(28_40, 33_60),
    heatFactor: random.between(0.9, 1.1),
    // One block reads meters from the 20th (a lift-maintenance contract), to show the override.
    readingsWindow: plan.street === 'ул. Строителей' ? { startDay: 20, endDay: 25 } : null,
  };
}

interface FlatPlace {
  number: number;
  rooms: number;
  position: number;
}

function* flatsOf(building: DemoBuilding): Generator<FlatPlace> {
  let number = 1;
  for (let entrance = 0; entrance < building.entrances; entrance++) {
    for (let floor = 0; floor < building.floors; floor++) {
      for (let position = 0; position < building.layout.length; position++) {
        yield { number: number++, rooms: building.layout[position] as number, position };
      }
    }
  }
}

function makeAccount(random: Random, building: DemoBuilding, buildingIndex: number, flat: FlatPlace, index: number): DemoAccount {
  // Same position on every floor means the same layout: its area varies only by measurement.
  const layoutArea = building.layoutAreasM2[flat.position] ?? 45;
  const totalAreaCm2 = Math.round((layoutArea + random.between(-0.4, 0.4)) * 100);
  const livingShare = flat.rooms === 1 ? random.between(0.5, 0.56) : random.between(0.56, 0.64);
  const number = String(10_000 + (buildingIndex + 1) * 1000 + flat.number).padStart(8, '0');
  const block = building.block ? `, корп. ${building.block}` : '';
  return {
    index,
    number,
    building,
    flat: String(flat.number),
    address: `${POSTCODE}, ${REGION}, г. ${CITY}, ${building.street}, д. ${building.house}${block}, кв. ${flat.number}`,
    rooms: flat.rooms,
    totalAreaCm2,
    livingAreaCm2: Math.round(totalAreaCm2 * livingShare),
    residents: random.pick(RESIDENTS_BY_ROOMS[flat.rooms] ?? [2]),
    ownerName: fullName(randomPerson(random)),
    openedOn: randomDate(random, 1992, 2023),
    profile: showcaseProfile(index) ?? random.weighted(PROFILE_WEIGHTS),
    benefit: randomBenefit(random),
  };
}

function showcaseProfile(index: number): PayerProfile | null {
  if (index === SHOWCASE_INDEX.debtor) return 'debtor';
  if (index === SHOWCASE_INDEX.advance) return 'advance';
  if (index === SHOWCASE_INDEX.twoAccountsFirst || index === SHOWCASE_INDEX.expiredMeter) return 'regular';
  return null;
}

function randomBenefit(random: Random): Benefit | null {
  const roll = random.next();
  if (roll < 0.06) return { kind: 'veteran', share: 0.5 };
  if (roll < 0.1) return { kind: 'elderly', share: random.chance(0.3) ? 1 : 0.5 };
  return null;
}

function randomDate(random: Random, fromYear: number, toYear: number): IsoDate {
  const from = Date.UTC(fromYear, 0, 1);
  const to = Date.UTC(toYear, 11, 31);
  return new Date(from + Math.floor(random.next() * ((to - from) / 86_400_000)) * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The second flat of the two-account owner: a one-room flat in another building (a parent's
 * flat the owner now pays for), given the same owner name.
 */
export function pickSecondFlat(accounts: readonly DemoAccount[]): DemoAccount {
  const first = accounts[SHOWCASE_INDEX.twoAccountsFirst] as DemoAccount;
  // Accounts 16–19 stay without a login (db/seeds/demo-office.ts): never the second flat.
  const reserved = new Set<number>([...Object.values(SHOWCASE_INDEX), 16, 17, 18, 19]);
  const candidates = accounts.filter((a) => !reserved.has(a.index) && a.index > SHOWCASE_INDEX.expiredMeter);
  const elsewhere = candidates.filter((a) => a.building !== first.building && a.rooms === 1);
  const second = elsewhere[elsewhere.length - 1] ?? candidates[candidates.length - 1];
  if (!second) throw new Error('too few accounts for the two-account demo user');
  return second;
}
