// Throw-away PostgreSQL databases for tests: each suite gets its own database inside the
// cluster named by TEST_PG_URL, so test files can run side by side without sharing rows.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { createDb } from '../../db/connection.ts';
import { withPgClient } from '../../db/pg-admin.ts';

export interface TempPgDatabase {
  /** Connection URL of the new, empty database. */
  url: string;
  /** Drops the database, ending any connection still open to it. Safe to call twice. */
  drop(): Promise<void>;
}

/** Prefix of every database made here, so a left-over one is easy to recognise. */
export const TEMP_DATABASE_PREFIX = 'kkp_test_';

export function testPgUrl(): string {
  const url = process.env.TEST_PG_URL;
  if (!url) {
    throw new Error(
      'TEST_PG_URL не задан: укажите postgres://… кластера для тестов. / TEST_PG_URL is not set: point it at a PostgreSQL cluster for tests.',
    );
  }
  return url;
}

/** A new database, empty or a copy of `template` (a database nobody is connected to). */
export async function createTempPgDatabase(baseUrl: string = testPgUrl(), template?: string): Promise<TempPgDatabase> {
  const name = `${TEMP_DATABASE_PREFIX}${process.pid}_${randomBytes(6).toString('hex')}`;
  const from = template ? ` TEMPLATE ${quoteIdent(template)}` : '';
  await withPgClient(baseUrl, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}${from}`));
  let dropped = false;
  return {
    url: databaseUrl(baseUrl, name),
    async drop() {
      if (dropped) return;
      dropped = true;
      // FORCE (PostgreSQL 13+) ends connections a failed test left open.
      await withPgClient(baseUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`));
    },
  };
}

/** The same server and credentials as `baseUrl`, another database. */
export function databaseUrl(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Any number: the advisory lock under which one process builds the template the others wait for. */
const TEMPLATE_LOCK = 720_261_207;
const templates = new Map<string, Promise<string>>();

/**
 * The name of a database in the test cluster that holds the current migrations, built on first
 * use by whichever test process comes first. Its name carries a hash of db/migrations, so a
 * changed migration gets a template of its own and an old one is never reused by mistake.
 */
export function migratedPgTemplate(migrate: (db: Knex) => Promise<void>, baseUrl: string = testPgUrl()): Promise<string> {
  let made = templates.get(baseUrl);
  if (!made) {
    made = buildTemplate(migrate, baseUrl);
    templates.set(baseUrl, made);
    made.catch(() => templates.delete(baseUrl));
  }
  return made;
}

async function buildTemplate(migrate: (db: Knex) => Promise<void>, baseUrl: string): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${migrationsHash()}`;
  await withPgClient(baseUrl, async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (found.rowCount) return;
      // Built under another name and renamed when whole: a process that dies half-way leaves
      // no template that looks finished.
      const building = `${name}_${process.pid}`;
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(building)}`);
      await client.query(`CREATE DATABASE ${quoteIdent(building)}`);
      const db = createDb(databaseUrl(baseUrl, building), { poolMax: 1 });
      try {
        await migrate(db);
      } finally {
        await db.destroy();
      }
      await client.query(`ALTER DATABASE ${quoteIdent(building)} RENAME TO ${quoteIdent(name)}`);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return name;
}

/** Prefix of the migrated template databases (not dropped: the next run of the same migrations reuses one). */
export const TEMPLATE_PREFIX = 'kkp_template_';

function migrationsHash(): string {
  const dir = fileURLToPath(new URL('../../db/migrations/', import.meta.url));
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    hash.update(file).update(readFileSync(join(dir, file)));
  }
  return hash.digest('hex').slice(0, 16);
}
