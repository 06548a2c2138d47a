// A consistent copy of the database while the server runs, and putting one back: SQLite through
// its online backup API (page by page, under SQLite's own locks, so readers and the writer go on
// beside it), PostgreSQL through pg_dump and pg_restore (custom format, one transaction).
import { spawn } from 'node:child_process';
import type { Knex } from 'knex';
import sqlite3 from 'sqlite3';
import { sqliteFileOf } from './connection.ts';
import { engineOf, type EngineName } from './dialect/index.ts';

/** The database's file inside a backup folder, by engine. */
export const DUMP_FILE: Record<EngineName, string> = { sqlite: 'database.sqlite', postgres: 'database.pgdump' };

/** Writes a copy of the database `db` (at `url`) to `file` (which must not exist). */
export async function dumpDatabase(db: Knex, url: string, file: string): Promise<void> {
  if (engineOf(db) === 'postgres') return run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${url}`]);
  return sqliteBackup(sqliteFileOf(url), file, 'to-file');
}

/**
 * Replaces the database at `url` with the copy in `file`. PostgreSQL: the schema is emptied first
 * (tables a newer version added would otherwise survive beside the restored ones), then the copy
 * is restored in one transaction. SQLite: the copy's pages replace the database's, in one step.
 */
export async function restoreDatabase(db: Knex, url: string, file: string): Promise<void> {
  if (engineOf(db) === 'postgres') {
    await db.raw('DROP SCHEMA public CASCADE');
    await db.raw('CREATE SCHEMA public');
    return run('pg_restore', ['--single-transaction', '--no-owner', '--no-privileges', `--dbname=${url}`, file]);
  }
  return sqliteBackup(sqliteFileOf(url), file, 'from-file');
}

/** node-sqlite3's Backup (its type definitions leave it out): lib/sqlite3.js Database#backup. */
interface SqliteBackup {
  step(pages: number, cb: (err: Error | null) => void): void;
  finish(cb?: () => void): void;
  readonly completed: boolean;
  readonly failed: boolean;
}
type WithBackup = { backup(file: string, dest: string, source: string, fileIsDest: boolean, cb: (err: Error | null) => void): SqliteBackup };

function sqliteBackup(database: string, file: string, direction: 'to-file' | 'from-file'): Promise<void> {
  return new Promise((resolve, reject) => {
    const connection = new sqlite3.Database(database, (openError) => {
      if (openError) return reject(openError);
      const finish = (error: Error | null) => connection.close(() => (error ? reject(error) : resolve()));
      const backup = (connection as unknown as WithBackup).backup(file, 'main', 'main', direction === 'to-file', (initError) => {
        if (initError) return finish(initError);
        // All pages in one step; SQLite busy with a writer answers BUSY (retried: retryErrors).
        const step = (): void => backup.step(-1, (stepError) => {
          if (stepError && !backup.failed) return setTimeout(step, 50);
          if (stepError || backup.failed) return backup.finish(() => finish(stepError ?? new Error('SQLite backup failed')));
          if (!backup.completed) return setTimeout(step, 50);
          backup.finish(() => finish(null));
        });
        step();
      });
    });
  });
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? new Error(`Не найдена программа ${command}: установите клиент PostgreSQL (пакет postgresql-client)`) : error));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} завершился с кодом ${code}: ${stderr.trim().slice(0, 1000)}`))));
  });
}
