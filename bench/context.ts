// What every benchmark in `npm run bench` receives: the load settings and the engines to run.
import type { EngineName } from '../db/dialect/index.ts';

export interface BenchSettings {
  connections: number;
  durationS: number;
  warmupS: number;
  timeZone: string;
}

export interface BenchContext {
  settings: BenchSettings;
  engines: { engine: EngineName; baseUrl?: string }[];
}
