// Files between the clerk's disk and the company's server, inside Electron: a billing file picked
// in the page's file field is streamed to the server for import (by its path: the preload reads
// it with webUtils, the page never sees it), with progress sent to the page and a cancel; an
// export or a printed receipts file is downloaded from the server into the place the clerk
// chooses in a save dialog. The server checks the session and whose file it is, as for a browser.
import { basename, extname, isAbsolute } from 'node:path';
import { z } from 'zod';
import type { CommandResult } from '../../shared/console/command.ts';
import type { Logger } from '../../shared/logger.ts';
import { FILE_CHANNELS, FILE_EVENTS, type FileChannel } from './ipc-channels.ts';
import { isTrustedSender, REFUSED, type InvokeEvent } from './ipc.ts';
import type { NavigationPolicy } from './navigation-guard.ts';
import { unavailable } from './remote-commands.ts';
import { ServerLinkError, type ServerLink } from './server-link.ts';
import type { SessionStore } from './session-store.ts';

/** What the import readers can open, by extension (the same list as the server's upload). */
export const IMPORT_EXTENSIONS = Object.freeze(['.csv', '.txt', '.tsv', '.xlsx', '.dbf']);
/** A year of charges for a large company; the server takes the same. */
export const IMPORT_LIMIT_BYTES = 512 * 2 ** 20;

export const registerFileInput = z.object({ path: z.string().max(4096) }).strict();
export const saveFileInput = z.object({ fileId: z.string().regex(/^[0-9a-f]{32}$/) }).strict();

export interface RegisteredFile {
  fileId: string;
  name: string;
  size: number;
}

export interface SavedFile {
  /** False when the clerk closed the dialog without choosing a place. */
  saved: boolean;
  /** The name the file was saved under (no folder: the page need not know the disk). */
  name: string | null;
}

/** What the page is told while a file goes to the server. */
export interface UploadProgress {
  name: string;
  sent: number;
  total: number;
}

const FILTER_NAMES: Readonly<Record<string, string>> = {
  '.csv': 'Таблица CSV',
  '.xlsx': 'Книга Excel',
  '.pdf': 'Документ PDF',
};

/** The save dialog's file type list: the export's own type first, so Windows keeps the extension. */
export function saveDialogFilters(extension: string): { name: string; extensions: string[] }[] {
  const ext = extension.toLowerCase();
  const own = FILTER_NAMES[ext] ? [{ name: FILTER_NAMES[ext], extensions: [ext.slice(1)] }] : [];
  return [...own, { name: 'Все файлы', extensions: ['*'] }];
}

/** The parts of Electron and the file system the handlers use; fakes in tests. */
export interface FileExchangeDeps {
  readonly policy: NavigationPolicy;
  readonly sessions: SessionStore;
  readonly logger: Pick<Logger, 'error'>;
  readonly connection: { link(): Promise<ServerLink> };
  statFile(path: string): Promise<{ isFile(): boolean; size: number }>;
  /** dialog.showSaveDialog for the window that asked. */
  askWhereToSave(event: InvokeEvent, suggestedName: string, extension: string): Promise<string | null>;
  /** webContents.send to the window that asked (upload progress). */
  notify(event: InvokeEvent, channel: (typeof FILE_EVENTS)[keyof typeof FILE_EVENTS], payload: unknown): void;
}

type Handler<T> = (event: InvokeEvent, input?: unknown) => Promise<CommandResult<T>>;

function failure(id: 'unauthenticated' | 'forbidden' | 'validation' | 'not_found' | 'canceled', message: string): CommandResult<never> {
  return { ok: false, error: { id, message, fieldErrors: [] } };
}

const NO_SESSION = failure('unauthenticated', 'Войдите в консоль: сеанс закончился или не начат');

/** Uploads under way, by window (webContents id), so a page can cancel its own. */
type Running = Map<number, AbortController>;

function createRegisterFileHandler(deps: FileExchangeDeps, running: Running): Handler<RegisteredFile> {
  return async function registerFile(event, input) {
    if (!isTrustedSender(event, deps.policy)) return REFUSED;
    const token = deps.sessions.tokenFor(event.sender.id);
    if (!token) return NO_SESSION;
    const parsed = registerFileInput.safeParse(input);
    // An empty path: the page handed over a File made in script, not one picked from the disk.
    if (!parsed.success || !isAbsolute(parsed.data.path)) return failure('validation', 'Выберите файл на диске компьютера');
    const { path } = parsed.data;
    const name = basename(path);
    if (!IMPORT_EXTENSIONS.includes(extname(path).toLowerCase())) return failure('validation', `Файл «${name}» не подходит: нужен CSV, XLSX или DBF`);
    let size: number;
    try {
      const info = await deps.statFile(path);
      if (!info.isFile()) return failure('validation', `«${name}» — не файл`);
      size = info.size;
    } catch {
      return failure('not_found', `Файл «${name}» не открывается: проверьте, что он есть и доступен`);
    }
    if (size > IMPORT_LIMIT_BYTES) return failure('validation', `Файл больше ${IMPORT_LIMIT_BYTES / 2 ** 20} МБ: разделите его на части`);

    running.get(event.sender.id)?.abort();
    const controller = new AbortController();
    running.set(event.sender.id, controller);
    let told = -1;
    try {
      const link = await deps.connection.link();
      const result = await link.upload(path, token, {
        signal: controller.signal,
        onProgress: (sent, total) => {
          // A tenth of a per cent at most, not an event per chunk.
          const permille = total > 0 ? Math.floor((sent * 1000) / total) : 1000;
          if (permille === told) return;
          told = permille;
          deps.notify(event, FILE_EVENTS.progress, { name, sent, total } satisfies UploadProgress);
        },
      });
      if (!result.ok && result.error.id === 'unauthenticated') deps.sessions.controlFor(event.sender.id).end();
      return result as CommandResult<RegisteredFile>;
    } catch (error) {
      if (controller.signal.aborted) return failure('canceled', `Передача файла «${name}» отменена`);
      if (error instanceof ServerLinkError) return unavailable(error.message);
      return unavailable(`Файл «${name}» не передан на сервер: связь прервалась. Повторите.`);
    } finally {
      if (running.get(event.sender.id) === controller) running.delete(event.sender.id);
    }
  };
}

function createCancelUploadHandler(deps: Pick<FileExchangeDeps, 'policy'>, running: Running): Handler<{ canceled: boolean }> {
  return async function cancelUpload(event) {
    if (!isTrustedSender(event, deps.policy)) return REFUSED;
    const controller = running.get(event.sender.id);
    controller?.abort();
    return { ok: true, value: { canceled: Boolean(controller) } };
  };
}

function createSaveFileHandler(deps: FileExchangeDeps): Handler<SavedFile> {
  return async function saveFile(event, input) {
    if (!isTrustedSender(event, deps.policy)) return REFUSED;
    const token = deps.sessions.tokenFor(event.sender.id);
    if (!token) return NO_SESSION;
    const parsed = saveFileInput.safeParse(input);
    if (!parsed.success) return failure('validation', 'Неверная ссылка на файл');
    let opened;
    try {
      opened = await (await deps.connection.link()).openDownload(parsed.data.fileId, token);
    } catch (error) {
      return unavailable(error instanceof ServerLinkError ? error.message : 'Нет связи с сервером. Проверьте сеть и повторите действие.');
    }
    if (!opened.ok) return opened;
    const download = opened.value;
    const target = await deps.askWhereToSave(event, download.name, extname(download.name));
    if (!target) {
      download.discard();
      return { ok: true, value: { saved: false, name: null } };
    }
    try {
      await download.saveTo(target);
    } catch {
      return failure('forbidden', `Не удалось сохранить файл в «${basename(target)}»: выберите другую папку или повторите`);
    }
    return { ok: true, value: { saved: true, name: basename(target) } };
  };
}

/** The part of Electron's `ipcMain` used here. */
export interface FileIpcMain {
  handle(channel: FileChannel, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
}

export function registerFileHandlers(ipcMain: FileIpcMain, deps: FileExchangeDeps): void {
  const guard = <T>(handler: Handler<T>) =>
    async (event: InvokeEvent, input?: unknown): Promise<CommandResult<T>> => {
      try {
        return await handler(event, input);
      } catch (error) {
        deps.logger.error({ err: error }, 'console file exchange failed');
        return { ok: false, error: { id: 'internal', message: 'Внутренняя ошибка. Повторите действие.', fieldErrors: [] } };
      }
    };
  const running: Running = new Map();
  ipcMain.handle(FILE_CHANNELS.register, guard(createRegisterFileHandler(deps, running)));
  ipcMain.handle(FILE_CHANNELS.cancel, guard(createCancelUploadHandler(deps, running)));
  ipcMain.handle(FILE_CHANNELS.save, guard(createSaveFileHandler(deps)));
}
