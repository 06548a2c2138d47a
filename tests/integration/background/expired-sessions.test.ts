// Expired sessions, residents' and staff's, are removed by the background work every server entry
// point starts (shared/startup.ts), and live ones are left alone.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import type { Knex } from 'knex';
import { purgeAllExpiredSessions, startSessionPurge, type PurgedSessions } from '../../../shared/background/expired-sessions.ts';
import { loadConfig } from '../../../shared/config/env.ts';
import { createLogger } from '../../../shared/logger.ts';
import { createSession } from '../../../shared/residents/sessions.ts';
import { createStaffSession, STAFF_SESSION_TTL_MS } from '../../../shared/staff/sessions.ts';
import { startBackgroundWork } from '../../../shared/startup.ts';
import { forEachEngine } from '../../support/engines.ts';
import { idOf } from '../../support/factories.ts';

const HOUR = 3_600_000;

/** A resident and a staff member, each with one session that has expired and one that has not. */
async function sessionsAround(db: Knex, now: number): Promise<void> {
  const [user] = await db('users').insert({ login: `u${now}`, password_hash: 'not-a-hash', created_at: now, updated_at: now }).returning('id');
  const [staff] = await db('staff_users')
    .insert({ login: `s${now}`, full_name: 'Сотрудник', role: 'operator', password_hash: 'not-a-hash', must_change_password: false, failed_logins: 0, created_at: now, updated_at: now })
    .returning('id');
  const userId = idOf(user);
  const staffId = idOf(staff);
  await createSession(db, { userId, accountId: null, ttlMs: HOUR, now: now - 2 * HOUR });
  await createSession(db, { userId, accountId: null, ttlMs: HOUR, now });
  await createStaffSession(db, { staffId, client: 'web', now: now - STAFF_SESSION_TTL_MS - HOUR });
  await createStaffSession(db, { staffId, client: 'ipc', now });
}

async function sessionsLeft(db: Knex, now: number): Promise<{ residents: { expired: number; live: number }; staff: { expired: number; live: number } }> {
  const count = async (table: string, expired: boolean) =>
    Number((await db(table).where('expires_at', expired ? '<=' : '>', now).count({ n: '*' }).first())?.n ?? 0);
  return {
    residents: { expired: await count('sessions', true), live: await count('sessions', false) },
    staff: { expired: await count('staff_sessions', true), live: await count('staff_sessions', false) },
  };
}

forEachEngine('expired sessions purged in the background', (ctx) => {
  const database = ctx.databaseForEachTest();
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kkp-background-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('removes sessions past their expiry, residents\' and staff\'s, and keeps the live ones', async () => {
    const { db } = database();
    const now = Date.parse('2026-11-24T09:00:00Z');
    await sessionsAround(db, now);
    assert.deepEqual(await purgeAllExpiredSessions(db, now), { residents: 1, staff: 1 });
    assert.deepEqual(await sessionsLeft(db, now), { residents: { expired: 0, live: 1 }, staff: { expired: 0, live: 1 } });
    assert.deepEqual(await purgeAllExpiredSessions(db, now), { residents: 0, staff: 0 });
  });

  it('purges at start and then every interval', async () => {
    const { db } = database();
    let now = Date.parse('2026-11-24T09:00:00Z');
    await sessionsAround(db, now);
    const passes: PurgedSessions[] = [];
    const running = startSessionPurge({ db, logger: createLogger('silent'), now: () => now }, { intervalMs: 20, onPass: (p) => passes.push(p) });
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 500 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
    };
    try {
      await until(() => passes.length > 0);
      assert.deepEqual(passes[0], { residents: 1, staff: 1 });
      // The live sessions expire meanwhile; a later pass finds them.
      const seen = passes.length;
      now += STAFF_SESSION_TTL_MS + HOUR;
      await until(() => passes.slice(seen).some((p) => p.residents === 1 && p.staff === 1));
      assert.ok(passes.slice(seen).some((p) => p.residents === 1 && p.staff === 1), 'a later pass removes what expired meanwhile');
    } finally {
      await running.stop();
    }
    assert.deepEqual(await sessionsLeft(db, now), { residents: { expired: 0, live: 0 }, staff: { expired: 0, live: 0 } });
  });

  it('runs among the background work every entry point starts', async () => {
    const { db } = database();
    const now = Date.now();
    await sessionsAround(db, now);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', MAIL_DIR: join(dir, ctx.engine, 'mail'), UPLOAD_DIR: join(dir, ctx.engine, 'uploads') });
    const background = startBackgroundWork(config, db, createLogger('silent'));
    try {
      for (let i = 0; i < 500; i++) {
        const left = await sessionsLeft(db, now);
        if (left.residents.expired + left.staff.expired === 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      await background.stop();
    }
    assert.deepEqual(await sessionsLeft(db, now), { residents: { expired: 0, live: 1 }, staff: { expired: 0, live: 1 } });
  });
});
