// Connections opened while the database could not be written must not outlive the episode:
// after it, writes succeed again without a restart.
//
// SQLite: the database file and its folder are made unwritable (chmod) while the pool opens
// new connections, then writable again. The tests run as root here, and root writes through
// any mode bits (CAP_DAC_OVERRIDE), so as root the process also takes an unprivileged
// effective uid (seteuid(nobody)) for the episode: the kernel then refuses the write access
// exactly as it does for a service account, and SQLite opens the file read-only, as in the
// real incident. (PRAGMA query_only would be a different thing: SQLite's own switch on one
// connection, not a connection SQLite opened read-only.)
//
// PostgreSQL: a session takes `default_transaction_read_only` when it starts, so connections
// opened while the database is set read-only keep refusing writes (SQLSTATE 25006) after it is
// set back. Such a connection is replaced after its first refused write.
import assert from 'node:assert/strict';
import { chmodSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { it } from 'node:test';
import type { Knex } from 'knex';
import { createDb, sqliteFileOf } from '../../../db/connection.ts';
import { forEachEngine } from '../../support/engines.ts';

const POOL = 4;
const NOBODY = 65534;

interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
}

/** Makes the pool open connections up to its size: each checked out at once, then returned. */
async function openWholePool(db: Knex): Promise<unknown[]> {
  const client = db.client as unknown as PoolClient;
  const connections = await Promise.all(Array.from({ length: POOL }, () => client.acquireConnection()));
  await Promise.all(connections.map((c) => client.releaseConnection(c)));
  return connections;
}

let written = 0;
const write = (db: Knex) => db('audit_log').insert({ at: ++written, actor_type: 'system', action: 'test.read_only_recovery' });
const codeOf = (outcome: PromiseSettledResult<unknown>) => (outcome.status === 'rejected' ? String((outcome.reason as { code?: string }).code) : 'ok');

forEachEngine('read-only connections are replaced after the fault', (ctx) => {
  const database = ctx.databaseForSuite();

  if (ctx.engine === 'sqlite') {
    it('the database folder unwritable, then writable again: every write succeeds without a restart', { timeout: 20_000 }, async () => {
      const { url } = database();
      const file = sqliteFileOf(url);
      const folder = dirname(file);
      const db = createDb(url, { poolMax: POOL });
      const root = process.getuid?.() === 0;
      try {
        await write(db); // one connection, opened writable
        const modes = [[folder, 0o555], [file, 0o444], ...['-wal', '-shm'].map((s) => [file + s, 0o444] as const).filter(([f]) => existsSync(f))] as const;
        for (const [path, mode] of modes) chmodSync(path, mode);
        if (root) process.seteuid!(NOBODY);
        let duringFault: string;
        try {
          await openWholePool(db);
          // The fault is real: a connection opened now cannot write.
          const outcomes = await Promise.allSettled(Array.from({ length: POOL * 2 }, () => write(db)));
          duringFault = outcomes.map(codeOf).join(',');
        } finally {
          if (root) process.seteuid!(0);
          chmodSync(folder, 0o755);
          chmodSync(file, 0o644);
          for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) chmodSync(file + suffix, 0o644);
        }
        assert.match(duringFault, /SQLITE_READONLY|SQLITE_CANTOPEN/, 'the simulated fault refused writes');

        // Recovered: no refused write at all, whichever connection each one gets.
        for (let round = 0; round < 3; round++) {
          const outcomes = await Promise.allSettled(Array.from({ length: POOL * 2 }, () => write(db)));
          assert.deepEqual(outcomes.map(codeOf), Array(POOL * 2).fill('ok'), `round ${round}`);
        }
      } finally {
        await db.destroy();
      }
    });
  } else {
    it('the database set read-only, then back: a stale connection fails once at most, then writes succeed without a restart', { timeout: 20_000 }, async () => {
      const { db: admin, url } = database();
      const name = decodeURIComponent(new URL(url).pathname.slice(1));
      const db = createDb(url, { poolMax: POOL });
      try {
        await admin.raw(`alter database ${admin.client.wrapIdentifier(name)} set default_transaction_read_only = on`);
        let duringFault: string;
        try {
          await openWholePool(db);
          duringFault = codeOf((await Promise.allSettled([write(db)]))[0]!);
        } finally {
          await admin.raw(`alter database ${admin.client.wrapIdentifier(name)} reset default_transaction_read_only`);
        }
        assert.equal(duringFault, '25006', 'the simulated fault refused writes');

        // Each connection opened during the fault refuses one write and is replaced; the
        // one that already refused during the fault is gone.
        const afterwards: string[] = [];
        for (let i = 0; i < POOL * 3; i++) afterwards.push(codeOf((await Promise.allSettled([write(db)]))[0]!));
        assert.ok(afterwards.filter((c) => c !== 'ok').length <= POOL - 1, afterwards.join(','));
        assert.deepEqual(afterwards.slice(POOL - 1), Array(POOL * 3 - (POOL - 1)).fill('ok'), afterwards.join(','));
        const outcomes = await Promise.allSettled(Array.from({ length: POOL * 2 }, () => write(db)));
        assert.deepEqual(outcomes.map(codeOf), Array(POOL * 2).fill('ok'));
      } finally {
        await db.destroy();
      }
    });
  }
});
