import { benchExport } from './bench/export.ts';
const engines = process.env.DATABASE_URL ? [{ engine: 'sqlite' as const }, { engine: 'postgres' as const, baseUrl: process.env.DATABASE_URL }] : [{ engine: 'sqlite' as const }];
await benchExport({ settings: { connections: 1, durationS: 1, warmupS: 1, timeZone: 'Europe/Moscow' }, engines, hello: {} as never });
