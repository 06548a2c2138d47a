// Files handed to the console for import, by an opaque id: the HTTP bridge stores an upload
// under var/uploads, Electron's main process registers the path the clerk picked in a dialog.
// Console commands take the id, never a path, so a renderer cannot name arbitrary files.
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { notFound } from '../errors.ts';

export interface UploadedFile {
  id: string;
  /** Where the file is on this machine. */
  path: string;
  /** The name the clerk knows it by (for the history). */
  name: string;
  size: number;
  /** Who uploaded it: only they may use the id. */
  staffId: number;
  /** Remove the file when forgotten (uploads), or leave it (a file the clerk picked). */
  owned: boolean;
  at: number;
}

const files = new Map<string, UploadedFile>();

export function registerUpload(file: Omit<UploadedFile, 'id' | 'at'>): UploadedFile {
  const entry = { ...file, id: randomBytes(16).toString('hex'), at: Date.now() };
  files.set(entry.id, entry);
  return entry;
}

export function uploadedFile(id: string, staffId: number): UploadedFile {
  const file = files.get(id);
  if (!file || file.staffId !== staffId) throw notFound('Файл не найден: загрузите его ещё раз');
  return file;
}

export async function forgetUpload(id: string): Promise<void> {
  const file = files.get(id);
  files.delete(id);
  if (file?.owned) await rm(file.path, { force: true });
}
