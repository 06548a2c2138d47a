// The benchmark's charges file: 125 000 accounts × 8 services × 1 period = 1 000 000 rows
// (BENCH_IMPORT_ROWS scales the number of accounts).
const rows = Number(process.env.BENCH_IMPORT_ROWS) > 0 ? Number(process.env.BENCH_IMPORT_ROWS) : 1_000_000;
const services = ['cold_water', 'hot_water', 'sewerage', 'electricity', 'heating', 'maintenance', 'waste', 'gas'];

/** Rows in each bench file. */
export const BENCH_ROWS = rows;

export const BENCH_SHAPE = {
  accounts: Math.ceil(rows / services.length),
  periods: ['2026-10'],
  services,
};
