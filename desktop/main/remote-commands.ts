// A console command from a window, run on the company's server: the call goes over the
// connection's pinned link with the window's session token, and whatever session the server
// starts or ends is kept in (or dropped from) the main process's store, never the page.
import type { CommandResult } from '../../shared/console/command.ts';
import type { CommandCall } from '../../shared/console/dispatch.ts';
import type { RunCommand } from './ipc.ts';
import { ServerLinkError, type ServerLink } from './server-link.ts';

export function remoteCommands(connection: { link(): Promise<ServerLink> }): RunCommand {
  return async function runOnServer(call: CommandCall): Promise<CommandResult<unknown>> {
    try {
      const link = await connection.link();
      const { result, session } = await link.call(call.name, call.input, call.token);
      if (session && 'started' in session) call.session.start(session.started.token, session.started.expiresAt);
      else if (session && 'ended' in session) call.session.end();
      // The server no longer knows the session (expired, signed out elsewhere): neither does the desk.
      else if (!result.ok && result.error.id === 'unauthenticated' && call.token) call.session.end();
      return result;
    } catch (error) {
      if (error instanceof ServerLinkError) return unavailable(error.message);
      return unavailable('Нет связи с сервером. Проверьте сеть и повторите действие.');
    }
  };
}

export function unavailable(message: string): CommandResult<never> {
  return { ok: false, error: { id: 'unavailable', message, fieldErrors: [] } };
}
