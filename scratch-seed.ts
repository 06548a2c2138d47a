import { createDb } from './db/connection.ts';
import { migrateLatest } from './db/migrations/index.ts';
import { seedTown } from './bench/export.ts';
const db = createDb(process.argv[2]!);
await migrateLatest(db);
console.log(await seedTown(db, 100_000));
await db.destroy();
