// The IPC handlers of «Подключение к серверу»: the page asks where the console stands, reads a
// server's certificate to show its fingerprint, confirms it, or forgets the server. Only our own
// pages may ask; changing the server ends every window's session (they belong to the old one).
import { z } from 'zod';
import type { CommandResult } from '../../shared/console/command.ts';
import type { Logger } from '../../shared/logger.ts';
import { SERVER_CHANNELS, type ServerChannel } from './ipc-channels.ts';
import { isTrustedSender, REFUSED, type InvokeEvent } from './ipc.ts';
import type { NavigationPolicy } from './navigation-guard.ts';
import type { ServerConnection, ServerState } from './server-connection.ts';
import { ServerLinkError } from './server-link.ts';

export const readCertificateInput = z.object({ url: z.string().trim().min(1, 'Введите адрес сервера').max(300) }).strict();
export const trustInput = z.object({ url: z.string().max(300), fingerprint: z.string().regex(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/) }).strict();

export interface ServerIpcDeps {
  readonly policy: NavigationPolicy;
  readonly connection: ServerConnection;
  readonly logger: Pick<Logger, 'error'>;
}

export interface ServerIpcMain {
  handle(channel: ServerChannel, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
}

type Handler<T> = (input: unknown) => Promise<CommandResult<T>>;

const ok = <T>(value: T): CommandResult<T> => ({ ok: true, value });

export function registerServerHandlers(ipcMain: ServerIpcMain, deps: ServerIpcDeps): void {
  const handlers: Record<ServerChannel, Handler<unknown>> = {
    [SERVER_CHANNELS.status]: async () => ok<ServerState>(await deps.connection.status()),
    [SERVER_CHANNELS.read]: async (input) => {
      const parsed = readCertificateInput.safeParse(input);
      if (!parsed.success) return validation(parsed.error.issues[0]?.message ?? 'Введите адрес сервера');
      return ok(await deps.connection.readCertificate(parsed.data.url));
    },
    [SERVER_CHANNELS.trust]: async (input) => {
      const parsed = trustInput.safeParse(input);
      if (!parsed.success) return validation('Неверный отпечаток сертификата');
      return ok(await deps.connection.trust(parsed.data.url, parsed.data.fingerprint));
    },
    [SERVER_CHANNELS.forget]: async () => {
      await deps.connection.forget();
      return ok({ forgotten: true });
    },
  };
  for (const [channel, handler] of Object.entries(handlers) as [ServerChannel, Handler<unknown>][]) {
    ipcMain.handle(channel, async (event, input) => {
      if (!isTrustedSender(event, deps.policy)) return REFUSED;
      try {
        return await handler(input);
      } catch (error) {
        if (error instanceof ServerLinkError) return { ok: false, error: { id: 'unavailable', message: error.message, fieldErrors: [] } };
        deps.logger.error({ err: error, channel }, 'console server setting failed');
        return { ok: false, error: { id: 'internal', message: 'Внутренняя ошибка. Повторите действие.', fieldErrors: [] } };
      }
    });
  }
}

function validation(message: string): CommandResult<never> {
  return { ok: false, error: { id: 'validation', message, fieldErrors: [{ field: 'url', message }] } };
}
