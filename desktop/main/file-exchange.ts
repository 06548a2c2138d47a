// Files between the clerk's disk and the console inside Electron, where there is no HTTP bridge:
// a billing file picked in the page's file field is registered for import by its path (the
// preload reads the path with webUtils, the page never sees it), and an export or a printed
// receipts file is saved where the clerk chooses in a save dialog. The same gates as the
// bridge's /api/upload and /api/download: a console page, a live staff session that is not
// waiting for a password change, and an export only for the staff member who made it.
import { basename, extname, isAbsolute } from 'node:path';
import { z } from 'zod';
import { writeAudit } from '../../shared/audit/write.ts';
import type { CommandDeps, CommandResult, StaffPrincipal } from '../../shared/console/command.ts';
import { openStoredExport } from '../../shared/exchange/export/stored-files.ts';
import { registerUpload } from '../../shared/exchange/uploads.ts';
import { findStaffSession } from '../../shared/staff/sessions.ts';
import { FILE_CHANNELS, type FileChannel } from './ipc-channels.ts';
import { isTrustedSender, REFUSED, type InvokeEvent } from './ipc.ts';
import type { NavigationPolicy } from './navigation-guard.ts';
import type { SessionStore } from './session-store.ts';

/** What the import readers can open, by extension (the same list as the bridge's upload). */
export const IMPORT_EXTENSIONS = Object.freeze(['.csv', '.txt', '.tsv', '.xlsx', '.dbf']);
/** A year of charges for a large company; the bridge takes the same. */
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
  readonly commandDeps: CommandDeps;
  statFile(path: string): Promise<{ isFile(): boolean; size: number }>;
  copyFile(from: string, to: string): Promise<void>;
  /** dialog.showSaveDialog for the window that asked. */
  askWhereToSave(event: InvokeEvent, suggestedName: string, extension: string): Promise<string | null>;
}

type Handler<T> = (event: InvokeEvent, input?: unknown) => Promise<CommandResult<T>>;

function failure(id: 'unauthenticated' | 'forbidden' | 'validation' | 'not_found', message: string): CommandResult<never> {
  return { ok: false, error: { id, message, fieldErrors: [] } };
}

const NO_SESSION = failure('unauthenticated', 'Войдите в консоль: сеанс закончился или не начат');
const MUST_CHANGE = failure('forbidden', 'Сначала смените временный пароль');

async function staffOf(event: InvokeEvent, deps: FileExchangeDeps): Promise<StaffPrincipal | CommandResult<never>> {
  if (!isTrustedSender(event, deps.policy)) return REFUSED;
  const token = deps.sessions.tokenFor(event.sender.id);
  const staff = token ? await findStaffSession(deps.commandDeps.db, token, deps.commandDeps.now()) : null;
  if (!staff) return NO_SESSION;
  if (staff.mustChangePassword) return MUST_CHANGE;
  return staff;
}

function isResult(value: StaffPrincipal | CommandResult<never>): value is CommandResult<never> {
  return 'ok' in value;
}

export function createRegisterFileHandler(deps: FileExchangeDeps): Handler<RegisteredFile> {
  return async function registerFile(event, input) {
    const staff = await staffOf(event, deps);
    if (isResult(staff)) return staff;
    const parsed = registerFileInput.safeParse(input);
    // An empty path: the page handed over a File made in script, not one picked from the disk.
    if (!parsed.success || !isAbsolute(parsed.data.path)) return failure('validation', 'Выберите файл на диске компьютера');
    const { path } = parsed.data;
    const extension = extname(path).toLowerCase();
    if (!IMPORT_EXTENSIONS.includes(extension)) {
      return failure('validation', `Файл «${basename(path)}» не подходит: нужен CSV, XLSX или DBF`);
    }
    let size: number;
    try {
      const info = await deps.statFile(path);
      if (!info.isFile()) return failure('validation', `«${basename(path)}» — не файл`);
      size = info.size;
    } catch {
      return failure('not_found', `Файл «${basename(path)}» не открывается: проверьте, что он есть и доступен`);
    }
    if (size > IMPORT_LIMIT_BYTES) {
      return failure('validation', `Файл больше ${IMPORT_LIMIT_BYTES / 2 ** 20} МБ: разделите его на части`);
    }
    // owned: false — the clerk's own file stays where it is when the import forgets it.
    const file = registerUpload({ path, name: basename(path), size, staffId: staff.id, owned: false });
    return { ok: true, value: { fileId: file.id, name: file.name, size } };
  };
}

export function createSaveFileHandler(deps: FileExchangeDeps): Handler<SavedFile> {
  return async function saveFile(event, input) {
    const staff = await staffOf(event, deps);
    if (isResult(staff)) return staff;
    const parsed = saveFileInput.safeParse(input);
    if (!parsed.success) return failure('validation', 'Неверная ссылка на файл');
    const { fileId } = parsed.data;
    const now = deps.commandDeps.now();
    const stored = await openStoredExport(deps.commandDeps.config.exportDir, fileId, staff.id, now);
    if (!stored) return failure('not_found', 'Файл выгрузки не найден или устарел: выгрузите его заново');
    const target = await deps.askWhereToSave(event, stored.meta.names.russian, extname(stored.path));
    if (!target) return { ok: true, value: { saved: false, name: null } };
    try {
      await deps.copyFile(stored.path, target);
    } catch {
      return failure('forbidden', `Не удалось сохранить файл в «${basename(target)}»: выберите другую папку`);
    }
    await writeAudit(deps.commandDeps.db, {
      actorType: 'staff', actorId: staff.id, action: 'export.download', subjectType: 'export_file', subjectId: fileId,
      ip: 'ipc', at: now, details: { file: stored.meta.names.russian, rows: stored.meta.rows },
    });
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
        deps.commandDeps.logger.error({ err: error }, 'console file exchange failed');
        return { ok: false, error: { id: 'internal', message: 'Внутренняя ошибка. Повторите действие.', fieldErrors: [] } };
      }
    };
  ipcMain.handle(FILE_CHANNELS.register, guard(createRegisterFileHandler(deps)));
  ipcMain.handle(FILE_CHANNELS.save, guard(createSaveFileHandler(deps)));
}
