// What every benchmark in `npm run bench` receives: the load settings, the engines to run and
// the bare-Koa baseline, measured once per run on this machine.
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
  hello: LoadResult;
}
