// Throw-away PostgreSQL databases for tests: each suite gets its own database inside the
// cluster named by TEST_PG_URL, so test files can run side by side without sharing rows.
import { withPgClient } from '../../db/pg-admin.ts';
import { randomBytes } from 'node:crypto';

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

export async function createTempPgDatabase(baseUrl: string = testPgUrl()): Promise<TempPgDatabase> {
  const name = `${TEMP_DATABASE_PREFIX}${process.pid}_${randomBytes(6).toString('hex')}`;
  await withPgClient(baseUrl, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
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
