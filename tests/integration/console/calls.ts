// Calling console commands the way a transport does (through `dispatch`), with a session
// control that remembers what the command asked the transport to keep.
import type { Knex } from 'knex';
import { loadConfig } from '../../../shared/config/env.ts';
import type { CommandDeps, CommandResult, SessionControl } from '../../../shared/console/command.ts';
import { dispatch } from '../../../shared/console/dispatch.ts';
import { createLogger } from '../../../shared/logger.ts';
import { SESSION_COOKIE, splitSessionToken } from '../../../shared/console/session-halves.ts';
import { createStaffSession } from '../../../shared/staff/sessions.ts';

export function commandDeps(db: Knex, now: () => number = Date.now): CommandDeps {
  return { db, config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), logger: createLogger('silent'), now };
}

export interface RecordingSession extends SessionControl {
  token: string | null;
  expiresAt: number | null;
  ended: boolean;
}

export function recordingSession(): RecordingSession {
  const session: RecordingSession = {
    token: null,
    expiresAt: null,
    ended: false,
    start(token, expiresAt) {
      session.token = token;
      session.expiresAt = expiresAt;
    },
    end() {
      session.ended = true;
      session.token = null;
    },
  };
  return session;
}

export async function call(
  deps: CommandDeps,
  name: string,
  input: unknown,
  token: string | null = null,
): Promise<{ result: CommandResult<unknown>; session: RecordingSession }> {
  const session = recordingSession();
  const result = await dispatch(deps, { name, input, token, origin: '127.0.0.1', client: 'web', session });
  return { result, session };
}

/** A session token for this staff member, as if they had signed in at `now`. */
export async function sessionFor(db: Knex, staffId: number, now = Date.now()): Promise<string> {
  return (await createStaffSession(db, { staffId, client: 'web', ip: '127.0.0.1', now })).token;
}

export function valueOf<R>(result: CommandResult<unknown>): R {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.id}: ${result.error.message}`);
  return result.value as R;
}

export function errorOf(result: CommandResult<unknown>): { id: string; message: string; fieldErrors: { field: string; message: string }[] } {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** The headers a browser sends for a console session over the bridge: the cookie's half and the page's (shared/console/session-halves.ts). */
export function bridgeSession(token: string): { cookie: string; 'x-kkp-session-key': string } {
  const { cookie, key } = splitSessionToken(token);
  return { cookie: `${SESSION_COOKIE}=${cookie}`, 'x-kkp-session-key': key };
}
