// The console's IPC handlers: one per command channel, registered in one place. Each call is
// checked to come from one of our own pages, then run on the company's server
// (remote-commands.ts), with the session token this window holds in the main process. The answer
// is always a CommandResult: a thrown error would reach the page flattened to a bare string.
import type { CommandName } from '../../shared/console/api.ts';
import type { CommandResult } from '../../shared/console/command.ts';
import type { CommandCall } from '../../shared/console/dispatch.ts';
import type { Logger } from '../../shared/logger.ts';
import { COMMAND_NAMES } from '../../shared/console/names.ts';
import { channelOf, type IpcChannel } from './ipc-channels.ts';
import { isAllowedNavigation, type NavigationPolicy } from './navigation-guard.ts';
import type { SessionOwner, SessionStore } from './session-store.ts';

/** The part of Electron's `IpcMainInvokeEvent` the handlers read. */
export interface InvokeEvent {
  readonly senderFrame: { readonly url: string } | null;
  readonly sender: SessionOwner;
}

/** The part of Electron's `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: IpcChannel, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
}

/** Runs one command call: on the server (remote-commands.ts); a fake in unit tests. */
export type RunCommand = (call: CommandCall) => Promise<CommandResult<unknown>>;

export interface IpcDeps {
  /** Which pages may call; the same policy that guards navigation. */
  readonly policy: NavigationPolicy;
  readonly sessions: SessionStore;
  readonly logger: Pick<Logger, 'warn' | 'error'>;
  readonly run: RunCommand;
  /** Which commands get a channel; every one unless a test narrows it. */
  readonly names?: readonly CommandName[];
}

export const REFUSED: CommandResult<never> = Object.freeze({
  ok: false,
  error: Object.freeze({ id: 'forbidden', message: 'Запрос отклонён: он пришёл не со страницы консоли', fieldErrors: [] }),
});

const INTERNAL: CommandResult<never> = Object.freeze({
  ok: false,
  error: Object.freeze({
    id: 'internal',
    message: 'Внутренняя ошибка. Повторите действие; если ошибка повторится, сообщите администратору.',
    fieldErrors: [],
  }),
});

export function isTrustedSender(event: Pick<InvokeEvent, 'senderFrame'>, policy: NavigationPolicy): boolean {
  return event.senderFrame !== null && isAllowedNavigation(event.senderFrame.url, policy);
}

/** The handler of one command's channel; only the first argument is ever read. */
export function createCommandHandler(name: CommandName, deps: IpcDeps) {
  return async function handleCommand(event: InvokeEvent, input?: unknown): Promise<CommandResult<unknown>> {
    if (!isTrustedSender(event, deps.policy)) {
      deps.logger.warn({ command: name, url: event.senderFrame?.url ?? null }, 'console IPC refused: not a console page');
      return REFUSED;
    }
    const owner = event.sender;
    deps.sessions.watch(owner);
    try {
      return await deps.run({
        name,
        input,
        token: deps.sessions.tokenFor(owner.id),
        origin: 'ipc',
        client: 'ipc',
        session: deps.sessions.controlFor(owner.id),
      });
    } catch (error) {
      // run turns every failure into a result; this only guards against a broken contract.
      deps.logger.error({ err: error, command: name }, 'console IPC handler failed');
      return INTERNAL;
    }
  };
}

export function registerIpcHandlers(ipcMain: IpcMainLike, deps: IpcDeps): void {
  for (const name of deps.names ?? COMMAND_NAMES) {
    ipcMain.handle(channelOf(name), createCommandHandler(name, deps));
  }
}
