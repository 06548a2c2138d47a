// `kkp backup` and `kkp restore`: the database and the uploaded files (request photos, billing
// files waiting to be loaded) in one folder with a manifest, and putting such a folder back.
// The folder holds the database's own copy (db/backup.ts), `uploads/` and `manifest.json`,
// written last: a folder without it is an unfinished backup and is never restored.
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { z } from 'zod';
import { DUMP_FILE, dumpDatabase, restoreDatabase } from '../../db/backup.ts';
import { engineOf } from '../../db/dialect/index.ts';
import { migrateLatest, migrationSource } from '../../db/migrations/index.ts';
import { DomainError } from '../errors.ts';

const MANIFEST = 'manifest.json';
const UPLOADS = 'uploads';

const manifestSchema = z.object({
  format: z.literal('kkp-backup'),
  version: z.literal(1),
  createdAt: z.string(),
  engine: z.enum(['sqlite', 'postgres']),
  /** The migrations the database had: a restore refuses a copy made by a newer version. */
  migrations: z.array(z.string()),
  uploads: z.object({ files: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }),
});
export type BackupManifest = z.infer<typeof manifestSchema>;

export interface BackupDeps {
  db: Knex;
  databaseUrl: string;
  uploadDir: string;
  now: () => number;
}

/** A backup or restore refused, with the reason in Russian (the CLI prints it, exit 1). */
export class BackupError extends DomainError {
  constructor(message: string) {
    super('conflict', message);
  }
}

const ENGINE_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

/** Writes a backup into `folder` (new, or empty). */
export async function backupTo(deps: BackupDeps, folder: string): Promise<BackupManifest> {
  if ((await entries(folder)).length > 0) throw new BackupError(`Папка ${folder} не пуста: укажите новую или пустую папку для копии`);
  await mkdir(folder, { recursive: true });
  const engine = engineOf(deps.db);
  const migrations = (await deps.db('knex_migrations').orderBy('id').pluck('name')).map(String);
  await dumpDatabase(deps.db, deps.databaseUrl, join(folder, DUMP_FILE[engine]));
  const uploads = await copyUploads(deps.uploadDir, join(folder, UPLOADS));
  const manifest: BackupManifest = { format: 'kkp-backup', version: 1, createdAt: new Date(deps.now()).toISOString(), engine, migrations, uploads };
  await writeFile(join(folder, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * Replaces the database and the uploaded files with the backup in `folder`, after checking it and
 * after saving what is there now into `safetyFolder` (a backup like any other). A copy made by an
 * older version is brought up to date by the migrations.
 */
export async function restoreFrom(deps: BackupDeps, folder: string, safetyFolder: string): Promise<BackupManifest> {
  const manifest = await readManifest(folder);
  const engine = engineOf(deps.db);
  if (manifest.engine !== engine) {
    throw new BackupError(`Копия сделана с базы ${ENGINE_NAMES[manifest.engine]}, а DATABASE_URL указывает на ${ENGINE_NAMES[engine]}: восстановить её можно только в базу того же вида`);
  }
  const known = new Set(await migrationSource.getMigrations([]));
  const unknown = manifest.migrations.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new BackupError(`Копия сделана более новой версией программы (миграции ${unknown.join(', ')} ей неизвестны): обновите программу и повторите`);
  }
  const dump = join(folder, DUMP_FILE[engine]);
  if (!(await isFile(dump))) throw new BackupError(`В копии нет файла базы данных ${DUMP_FILE[engine]}`);
  await backupTo(deps, safetyFolder);
  await restoreDatabase(deps.db, deps.databaseUrl, dump);
  await rm(deps.uploadDir, { recursive: true, force: true });
  await mkdir(deps.uploadDir, { recursive: true });
  if ((await entries(join(folder, UPLOADS))).length > 0) await cp(join(folder, UPLOADS), deps.uploadDir, { recursive: true });
  await migrateLatest(deps.db);
  return manifest;
}

async function readManifest(folder: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(folder, MANIFEST), 'utf8');
  } catch {
    throw new BackupError(`В папке ${folder} нет ${MANIFEST}: это не резервная копия или она не закончена`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BackupError(`${MANIFEST} в папке ${folder} повреждён`);
  }
  const manifest = manifestSchema.safeParse(parsed);
  if (!manifest.success) throw new BackupError(`${MANIFEST} в папке ${folder} не похож на опись резервной копии`);
  return manifest.data;
}

async function copyUploads(from: string, to: string): Promise<BackupManifest['uploads']> {
  await mkdir(to, { recursive: true });
  if ((await entries(from)).length === 0) return { files: 0, bytes: 0 };
  await cp(from, to, { recursive: true });
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(to, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += (await stat(join(entry.parentPath ?? entry.path, entry.name))).size;
  }
  return { files, bytes };
}

async function entries(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
