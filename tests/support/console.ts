// A staff member and a command context for calling console commands directly in tests.
// Transports (IPC, HTTP bridge) are tested separately; this exercises the commands themselves.
import type { Knex } from 'knex';
import { hashPassword } from '../../shared/auth/password.ts';
import { loadConfig } from '../../shared/config/env.ts';
import type { StaffContext, StaffPrincipal, StaffRole } from '../../shared/console/command.ts';
import { createLogger } from '../../shared/logger.ts';

export interface StaffFixture extends StaffPrincipal {
  password: string;
}

let counter = 0;

export async function createStaff(db: Knex, role: StaffRole = 'operator', login = `${role}${++counter}`): Promise<StaffFixture> {
  const now = Date.now();
  const password = `Staff-${login}-pass`;
  const [row] = await db('staff_users')
    .insert({
      login, full_name: `Сотрудник ${login}`, role, password_hash: await hashPassword(password),
      must_change_password: false, failed_logins: 0, created_at: now, updated_at: now,
    })
    .returning('id');
  const id = Number(typeof row === 'object' ? row.id : row);
  return { id, login, fullName: `Сотрудник ${login}`, role, mustChangePassword: false, password };
}

/** A context as the dispatcher would build it for this staff member. */
export function staffContext(db: Knex, staff: StaffPrincipal, now: () => number = Date.now): StaffContext {
  return {
    db,
    config: loadConfig({ NODE_ENV: 'test', APP_SECRET: 'test-secret-test-secret-test-secret-42' }),
    logger: createLogger('silent'),
    now,
    staff,
    origin: '127.0.0.1',
    client: 'web',
    session: { start() {}, end() {} },
    token: null,
  };
}
