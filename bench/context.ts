// What every benchmark in `npm run bench` receives: the load settings, the engines to run and
// a way to measure the bare-Koa baseline on this machine, right next to what it is compared
// with: on a shared machine the load changes from minute to minute, and a ratio of two
// figures taken a minute apart would measure that as much as the code.
import type { EngineName } from '../db/dialect/index.ts';
import type { LoadResult } from './load.ts';

export interface BenchSettings {
  connections: number;
  durationS: number;
  warmupS: number;
  timeZone: string;
}

export interface BenchContext {
  settings: BenchSettings;
  engines: { engine: EngineName; baseUrl?: string }[];
  measureHello(): Promise<LoadResult>;
}
