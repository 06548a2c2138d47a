// Exports made in the console wait in EXPORT_DIR until the clerk downloads them: the data as
// <fileId>.<ext> and, once it is complete, <fileId>.json saying whose it is and what to call it.
// The id is 128 random bits, the file is served only to the staff member who made it, and it is
// removed after a day, so the folder never becomes an archive of personal data.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CONTENT_TYPES, extensionOf, type StoredFormat } from './options.ts';
import type { ExportFileNames } from './file-names.ts';

export const EXPORT_FILE_TTL_MS = 24 * 3_600_000;
export const FILE_ID = /^[0-9a-f]{32}$/;
const OUR_FILE = /^[0-9a-f]{32}\.(csv|xlsx|pdf|json)(\.partial)?$/;

export interface StoredExportMeta {
  staffId: number;
  createdAt: number;
  format: StoredFormat;
  names: ExportFileNames;
  contentType: string;
  rows: number;
  bytes: number;
}

export interface NewExportFile {
  fileId: string;
  /** Where the export writes its data. */
  path: string;
  /** Makes the file downloadable; called after the data is complete. */
  publish(meta: Omit<StoredExportMeta, 'contentType' | 'format'>): Promise<void>;
}

export async function newExportFile(dir: string, format: StoredFormat, now: number): Promise<NewExportFile> {
  await mkdir(dir, { recursive: true });
  await removeExpired(dir, now);
  const fileId = randomBytes(16).toString('hex');
  const path = join(dir, `${fileId}.${extensionOf(format)}`);
  return {
    fileId,
    path,
    async publish(meta) {
      const full: StoredExportMeta = { ...meta, format, contentType: CONTENT_TYPES[format] };
      await writeFile(join(dir, `${fileId}.json`), JSON.stringify(full), { mode: 0o600 });
    },
  };
}

export interface StoredExport {
  path: string;
  meta: StoredExportMeta;
}

/** The export, if it exists, is complete, is this staff member's and has not expired. */
export async function openStoredExport(dir: string, fileId: string, staffId: number, now: number): Promise<StoredExport | null> {
  if (!FILE_ID.test(fileId)) return null;
  let meta: StoredExportMeta;
  try {
    meta = JSON.parse(await readFile(join(dir, `${fileId}.json`), 'utf8')) as StoredExportMeta;
  } catch {
    return null;
  }
  if (meta.staffId !== staffId || now - meta.createdAt > EXPORT_FILE_TTL_MS) return null;
  const path = join(dir, `${fileId}.${extensionOf(meta.format)}`);
  try {
    await stat(path);
  } catch {
    return null;
  }
  return { path, meta };
}

/** Best effort: a file another process is still writing is younger than the limit anyway. */
async function removeExpired(dir: string, now: number): Promise<void> {
  for (const name of await readdir(dir)) {
    if (!OUR_FILE.test(name)) continue;
    const path = join(dir, name);
    try {
      if (now - (await stat(path)).mtimeMs > EXPORT_FILE_TTL_MS) await rm(path, { force: true });
    } catch {
      // Gone already, or not ours to judge: leave it.
    }
  }
}
