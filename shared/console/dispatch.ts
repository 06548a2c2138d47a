// Runs one console command for a transport (Electron IPC or the HTTP bridge): find the staff
// session, check access, validate the input with the command's schema, run, and turn the
// outcome into a plain result. Nothing a transport does differs past this point.
import { DISK_FULL_MESSAGE, isDiskFull } from '../disk-full.ts';
import { DomainError } from '../errors.ts';
import { OUT_OF_RANGE_MESSAGE, isOutOfRange } from '../out-of-range.ts';
import { parseInput } from '../validation.ts';
import { findStaffSession } from '../staff/sessions.ts';
import type { AnyCommand, CommandContext, CommandDeps, CommandResult, SessionControl, StaffContext } from './command.ts';
import { commands } from './commands/index.ts';

export interface CommandCall {
  name: string;
  input: unknown;
  /** The staff session token the transport holds, if any. */
  token: string | null;
  /** An IP address, or 'ipc'. */
  origin: string;
  client: 'ipc' | 'web';
  session: SessionControl;
}

/** Commands a staff member who must change the password may still call. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['changeOwnPassword', 'signOut', 'currentStaff']);

const registry: Readonly<Record<string, AnyCommand>> = commands;

export function isCommandName(name: string): boolean {
  return Object.hasOwn(registry, name);
}

export async function dispatch(deps: CommandDeps, call: CommandCall): Promise<CommandResult<unknown>> {
  try {
    const command = isCommandName(call.name) ? registry[call.name] : undefined;
    if (!command) return failure(new DomainError('not_found', 'Неизвестная команда'));
    const staff = call.token ? await findStaffSession(deps.db, call.token, deps.now()) : null;
    const ctx: CommandContext = { ...deps, staff, origin: call.origin, client: call.client, session: call.session, token: call.token };
    if (command.access !== 'public') {
      if (!staff) return failure(new DomainError('unauthenticated', 'Войдите в консоль: сеанс закончился или не начат'));
      if (command.access === 'administrator' && staff.role !== 'administrator') {
        return failure(new DomainError('forbidden', 'Это действие доступно только администратору'));
      }
      if (staff.mustChangePassword && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(call.name)) {
        return failure(new DomainError('forbidden', 'Сначала смените временный пароль'));
      }
    }
    const input = parseInput(command.input, call.input ?? {});
    const value = await (command.run as (ctx: CommandContext | StaffContext, input: unknown) => Promise<unknown>)(ctx, input);
    return { ok: true, value: value === undefined ? null : value };
  } catch (error) {
    if (error instanceof DomainError) return failure(error);
    if (isOutOfRange(error)) {
      // Logged all the same: a number the server computed itself would land here too.
      deps.logger.warn({ err: error, command: call.name }, 'console command refused: a number out of range');
      return failure(new DomainError('validation', OUT_OF_RANGE_MESSAGE));
    }
    deps.logger.error({ err: error, command: call.name }, 'console command failed');
    if (isDiskFull(error)) return failure(new DomainError('conflict', DISK_FULL_MESSAGE), 'internal');
    return failure(new DomainError('conflict', 'Внутренняя ошибка. Повторите действие; если ошибка повторится, сообщите администратору.'), 'internal');
  }
}

function failure(error: DomainError, id: string = error.id): CommandResult<never> {
  return { ok: false, error: { id, message: error.message, fieldErrors: error.fieldErrors } };
}
