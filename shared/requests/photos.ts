// Photos attached to a request: the limits, recognising a photo by its first bytes (never by
// the name or the type the browser claims), and where the files live on disk.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

export const MAX_PHOTOS = 5;
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
export const MAX_PHOTO_MB = MAX_PHOTO_BYTES / 1024 / 1024;

export type PhotoMime = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic';

const EXTENSIONS: Record<PhotoMime, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'image/heic': 'heic' };

/** Bytes needed to tell the formats apart. */
export const SNIFF_BYTES = 12;

// ISO-BMFF brands of HEIF/HEIC images as phones write them (iPhone: heic, mif1).
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** The photo format of a file from its first bytes, or null for anything else. */
export function sniffPhoto(head: Uint8Array): PhotoMime | null {
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp' && HEIF_BRANDS.has(b.toString('latin1', 8, 12))) return 'image/heic';
  return null;
}

export const tooLargeMessage = (name: string) => `Файл “${name}” больше ${MAX_PHOTO_MB} МБ`;
export const notPhotoMessage = (name: string) => `Файл “${name}” — не фотография (допустимы JPEG, PNG, WebP, HEIC)`;
export const tooManyMessage = () => `Можно приложить не больше ${MAX_PHOTOS} фотографий`;

export const photosDir = (uploadDir: string) => join(uploadDir, 'requests');

/** A fresh random file name for a photo of this format. */
export const newPhotoFileName = (mime: PhotoMime) => `${randomBytes(16).toString('hex')}.${EXTENSIONS[mime]}`;

export async function ensurePhotosDir(uploadDir: string): Promise<string> {
  const dir = photosDir(uploadDir);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Only names this module makes are read or removed: a stored name can't walk out of the folder. */
const SAFE_NAME = /^[0-9a-f]{32}(\.(jpg|png|webp|heic))?(\.part)?$/;

export function photoPath(uploadDir: string, fileName: string): string {
  if (!SAFE_NAME.test(fileName)) throw new Error(`Unexpected photo file name: ${fileName}`);
  return join(photosDir(uploadDir), fileName);
}

export async function readPhoto(uploadDir: string, fileName: string): Promise<Buffer> {
  return readFile(photoPath(uploadDir, fileName));
}

export async function removePhotos(uploadDir: string, fileNames: string[]): Promise<void> {
  await Promise.all(fileNames.map((name) => rm(photoPath(uploadDir, name), { force: true })));
}

function isHiddenChar(c: string): boolean {
  const code = c.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/** What the browser sent as the file's name, reduced to something safe to show and store. */
export function cleanOriginalName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // Control characters and bidi overrides could disguise the name in a list.
  const cleaned = [...base].filter((c) => !isHiddenChar(c)).join('').trim();
  return (cleaned || 'фото').slice(0, 200);
}
