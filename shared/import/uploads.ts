// Files handed to the console for import, by an opaque id: the HTTP bridge stores an upload in
// <UPLOAD_DIR>/imports, Electron's main process registers the path the clerk picked in a dialog.
// Console commands take the id, never a path, so a renderer cannot name arbitrary files.
//
// An upload is a copy of billing data (names, debts): it is removed once a real run of it has
// ended (whatever its status: commands/exchange.ts), and one never run — only previewed, tried
// in a dry run, or forgotten — is removed a day after it came (`sweepUploads`, at the bridge's
// start, on each upload and every hour). A file the clerk picked in Electron is never removed.
import { randomBytes } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { notFound } from '../errors.ts';

/** An upload never run is kept this long: a clerk may preview today and load after lunch. */
export const UPLOAD_TTL_MS = 24 * 3_600_000;
/** How often a running bridge sweeps (files are at most this much past their day). */
export const UPLOAD_SWEEP_INTERVAL_MS = 3_600_000;
/** What the bridge names an upload (its id is not in the name: the name is not a key to it). */
export const UPLOAD_FILE = /^[0-9a-f]{32}\.(csv|txt|tsv|xlsx|dbf|upload)$/;

/** The console's uploads inside UPLOAD_DIR, apart from residents' photos (requests/). */
export const importUploadsDir = (uploadDir: string) => join(uploadDir, 'imports');

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

export function registerUpload(file: Omit<UploadedFile, 'id' | 'at'>, now = Date.now()): UploadedFile {
  const entry = { ...file, id: randomBytes(16).toString('hex'), at: now };
  files.set(entry.id, entry);
  return entry;
}

export function uploadedFile(id: string, staffId: number): UploadedFile {
  const file = files.get(id);
  if (!file || file.staffId !== staffId) throw notFound('Файл не найден: загрузите его ещё раз');
  return file;
}

/** Forgets the id and removes the file if it is an upload; only the staff member's own. */
export async function forgetUpload(id: string, staffId: number): Promise<void> {
  const file = files.get(id);
  if (!file || file.staffId !== staffId) return;
  files.delete(id);
  if (file.owned) await rm(file.path, { force: true });
}

/**
 * Forgets ids older than a day and removes, from `dir`, uploads older than a day by their
 * modification time (so files left by an earlier run of the bridge go too). Only names the
 * bridge gives are touched. Returns how many files were removed. `now` is the file system's
 * time, not a business clock: it is compared with files' modification times.
 */
export async function sweepUploads(dir: string, now = Date.now()): Promise<number> {
  for (const [id, file] of files) if (now - file.at > UPLOAD_TTL_MS) files.delete(id);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0; // No upload has come yet.
  }
  let removed = 0;
  for (const name of names) {
    if (!UPLOAD_FILE.test(name)) continue;
    const path = join(dir, name);
    try {
      if (now - (await stat(path)).mtimeMs <= UPLOAD_TTL_MS) continue;
      await rm(path, { force: true });
      removed++;
    } catch {
      // Removed meanwhile (a run ended): nothing to do.
    }
  }
  return removed;
}
