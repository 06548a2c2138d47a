// Calls console commands the way the transports do: through dispatch() with a real staff
// session, so access checks and input validation are part of every test.
import type { Knex } from 'knex';
import type { CommandInput, CommandName, CommandOutput, ConsoleErrorShape } from '../../../shared/console/api.ts';
import type { CommandResult } from '../../../shared/console/command.ts';
import { dispatch } from '../../../shared/console/dispatch.ts';
import { loadConfig } from '../../../shared/config/env.ts';
import { createLogger } from '../../../shared/logger.ts';
import { createStaffSession } from '../../../shared/staff/sessions.ts';
import type { StaffFixture } from '../../support/console.ts';

export const CONSOLE_ORIGIN = '10.0.0.7';

export class CommandFailed extends Error {
  constructor(readonly error: ConsoleErrorShape) {
    super(`${error.id}: ${error.message} ${JSON.stringify(error.fieldErrors)}`);
  }
}

export interface ConsoleCaller {
  /** The command's value; throws CommandFailed with the error the console would show. */
  call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandOutput<K>>;
  /** The raw result, for tests about refusals. */
  result(name: string, input: unknown): Promise<CommandResult<unknown>>;
}

/** `env`: extra environment variables for the console's config (e.g. YOOKASSA_SECRET_KEY). */
export async function consoleAs(db: Knex, staff: StaffFixture | null, now: () => number = Date.now, env: Record<string, string> = {}): Promise<ConsoleCaller> {
  const token = staff ? (await createStaffSession(db, { staffId: staff.id, client: 'web', ip: CONSOLE_ORIGIN, now: now() })).token : null;
  const deps = {
    db,
    config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env }),
    logger: createLogger('silent'),
    now,
  };
  const result = (name: string, input: unknown) =>
    dispatch(deps, { name, input, token, origin: CONSOLE_ORIGIN, client: 'web', session: { start() {}, end() {} } });
  return {
    result,
    async call(name, input) {
      const r = await result(name, input);
      if (!r.ok) throw new CommandFailed(r.error);
      return r.value as CommandOutput<typeof name>;
    },
  };
}

/** The error a refused call reports. */
export async function refusal(caller: ConsoleCaller, name: string, input: unknown): Promise<ConsoleErrorShape> {
  const r = await caller.result(name, input);
  if (r.ok) throw new Error(`${name} was expected to fail but returned ${JSON.stringify(r.value)}`);
  return r.error;
}

/** Audit rows written by a staff member with an action, oldest first. */
export async function auditRows(db: Knex, staffId: number, action: string): Promise<{ subject_id: string | null; account_id: number | null; ip: string | null; details: string | null }[]> {
  return db('audit_log').where({ actor_type: 'staff', actor_id: staffId, action }).orderBy('id');
}
