// Reads a multipart form with photos (the new-request form, a message in a thread) with busboy:
// fields into memory, each photo streamed to disk while its hash is computed. A photo is
// recognised by its first bytes; one over the size limit is cut off as it arrives and its
// partial file removed. The CSRF token must be the form's first part: nothing reaches the disk
// before it is checked (site/middleware/csrf.ts leaves multipart bodies of these paths to us).
import { createHash, timingSafeEqual } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import busboy, { type Busboy } from 'busboy';
import { DomainError } from '../../../shared/errors.ts';
import { guardUpload, UploadRefused } from '../../../shared/upload-guard.ts';
import type { UploadTimeouts } from '../../../shared/config/env.ts';
import {
  MAX_PHOTOS, MAX_PHOTO_BYTES, MAX_PHOTO_MB, SNIFF_BYTES, cleanOriginalName, ensurePhotosDir, newPhotoFileName, notPhotoMessage, photoPath,
  removePhotos, sniffPhoto, tooLargeMessage, tooManyMessage, type PhotoMime,
} from '../../../shared/requests/photos.ts';

/** The posts whose multipart bodies this reader checks the CSRF token of. */
export const PHOTO_FORM_PATHS = [/^\/requests$/];
export const isPhotoFormPath = (path: string) => PHOTO_FORM_PATHS.some((p) => p.test(path));

export interface StoredPhoto {
  fileName: string;
  originalName: string;
  mime: PhotoMime;
  size: number;
  sha256: string;
}

export interface PhotoForm {
  fields: Record<string, string>;
  photos: StoredPhoto[];
  /** Refused photos, one message each: the form comes back with them and no photo is kept. */
  photoErrors: string[];
}

// Everything a legitimate form can carry, with room for the headers of each part; beyond this
// the request is cut off rather than read to the end.
const MAX_REQUEST_BYTES = 2 * MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024;
const FIELD_LIMIT_BYTES = 64 * 1024;

const csrfRefused = () => new DomainError('forbidden', 'Форма устарела или отправлена не с нашего сайта. Обновите страницу и попробуйте ещё раз.');
const tooBig = () => new UploadRefused('too_large', `Слишком большой запрос: приложите не больше ${MAX_PHOTOS} фотографий до ${MAX_PHOTO_MB} МБ каждая.`);
const malformed = () => new UploadRefused('malformed', 'Форма пришла повреждённой или не полностью. Обновите страницу и отправьте её ещё раз.');

function tokensMatch(sent: string, expected: string): boolean {
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && a.length > 0 && timingSafeEqual(a, b);
}

export interface PhotoFormOptions {
  uploadDir: string;
  csrfToken: string;
  /** How long the body may stall and take in all (config.uploadTimeouts). */
  timeouts: UploadTimeouts;
}

/**
 * Reads the form. Throws 'forbidden' when the CSRF token is missing, wrong or not first, and an
 * UploadRefused (a 4xx) for a body that is malformed, too large, too slow or cut off; whatever
 * throws, no photo is left on disk. The photos are on disk only when `photoErrors` is empty
 * (otherwise every one is removed).
 */
export async function readPhotoForm(req: IncomingMessage, options: PhotoFormOptions): Promise<PhotoForm> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BYTES) throw tooBig();

  let bb: Busboy;
  try {
    bb = busboy({
      headers: req.headers,
      defParamCharset: 'utf8',
      limits: { fileSize: MAX_PHOTO_BYTES, files: MAX_PHOTOS, fields: 20, fieldSize: FIELD_LIMIT_BYTES, parts: MAX_PHOTOS + 20 },
    });
  } catch {
    // No boundary, or not multipart at all: busboy refuses in its constructor.
    throw malformed();
  }
  await ensurePhotosDir(options.uploadDir);

  const fields: Record<string, string> = {};
  // Indexed by arrival, so the photos keep the order the resident chose them in.
  const arrived: (StoredPhoto | null)[] = [];
  const photoErrors: string[] = [];
  const written = new Set<string>();
  const pending: Promise<void>[] = [];
  let csrfChecked = false;
  let fatal: DomainError | null = null;
  // Set once the body is refused: busboy may still emit parts it had parsed, and none of them
  // may start a file after the clean-up below has run.
  let stopped = false;

  bb.on('field', (name, value) => {
    if (fatal || stopped) return;
    if (!csrfChecked) {
      if (name !== '_csrf' || !tokensMatch(value, options.csrfToken)) fatal = csrfRefused();
      csrfChecked = true;
      return;
    }
    fields[name] = value;
  });

  bb.on('file', (_name, stream, info) => {
    if (fatal || stopped || !csrfChecked) {
      if (!stopped) fatal ??= csrfRefused();
      // A body cut off inside this part makes busboy destroy the part with its error; unheard,
      // that error was uncaught and took the whole site process down.
      stream.on('error', () => {});
      stream.resume();
      return;
    }
    const index = arrived.push(null) - 1;
    pending.push(storePhoto(stream, cleanOriginalName(info.filename ?? ''), Boolean(info.filename), options.uploadDir, written).then((outcome) => {
      if (outcome === null) return;
      if ('error' in outcome) photoErrors.push(outcome.error);
      else arrived[index] = outcome.photo;
    }));
  });

  bb.on('filesLimit', () => {
    photoErrors.push(tooManyMessage());
  });

  const guard = guardUpload(req, { maxBytes: MAX_REQUEST_BYTES, idleMs: options.timeouts.idleMs, totalMs: options.timeouts.totalMs, tooLarge: tooBig });
  try {
    await new Promise<void>((resolve, reject) => {
      const { signal } = guard;
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      req.on('error', () => reject(malformed()));
      // busboy reports a malformed part header with an 'error' event but goes on parsing:
      // the body is refused there and then.
      bb.on('error', () => reject(malformed()));
      bb.on('close', resolve);
      req.pipe(bb);
    });
    await Promise.all(pending);
  } catch (err) {
    stopped = true;
    req.unpipe(bb);
    // The rest is read and dropped while the answer goes out (the route closes the connection
    // after it): unread bytes at the close would reset the connection under the answer.
    req.resume();
    // Destroying busboy destroys the file stream it is feeding, so every storePhoto settles.
    bb.destroy();
    await Promise.allSettled(pending);
    await removePhotos(options.uploadDir, [...written]);
    if (err instanceof DomainError || err instanceof UploadRefused) throw err;
    throw malformed();
  } finally {
    guard.done();
  }
  if (fatal || !csrfChecked) {
    await removePhotos(options.uploadDir, [...written]);
    throw fatal ?? csrfRefused();
  }
  if (photoErrors.length > 0) {
    await removePhotos(options.uploadDir, [...written]);
    return { fields, photos: [], photoErrors };
  }
  return { fields, photos: arrived.filter((p): p is StoredPhoto => p !== null), photoErrors };
}

type Outcome = { photo: StoredPhoto } | { error: string } | null;

/** Ends or destroys a write stream and waits until its file descriptor is closed. */
function closed(out: WriteStream, destroy: boolean): Promise<void> {
  return new Promise((resolve) => {
    if (out.closed) return resolve();
    out.once('close', () => resolve());
    if (destroy) out.destroy();
    else out.end();
  });
}

/**
 * Streams one file part to disk. The first bytes decide whether it is a photo at all; the
 * part's size limit (busboy's `limit` event) stops the write and removes the partial file.
 * An empty part with no name is the browser's "no file chosen": skipped.
 */
function storePhoto(stream: NodeJS.ReadableStream, originalName: string, named: boolean, uploadDir: string, written: Set<string>): Promise<Outcome> {
  const hash = createHash('sha256');
  let head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  let out: WriteStream | null = null;
  let file: { name: string; mime: PhotoMime } | null = null;
  let refused: string | null = null;
  let failure: Error | null = null;

  const start = (): void => {
    const all = Buffer.concat(head);
    head = [];
    const mime = sniffPhoto(all);
    if (!mime) {
      refused = notPhotoMessage(originalName);
      return;
    }
    file = { name: newPhotoFileName(mime), mime };
    written.add(file.name);
    out = createWriteStream(photoPath(uploadDir, file.name), { flags: 'wx' });
    out.on('error', (err) => {
      failure ??= err;
    });
    out.write(all);
  };

  stream.on('data', (chunk: Buffer) => {
    if (refused) return;
    size += chunk.length;
    hash.update(chunk);
    if (out) {
      out.write(chunk);
      return;
    }
    head.push(chunk);
    headBytes += chunk.length;
    if (headBytes >= SNIFF_BYTES) start();
  });
  stream.on('limit', () => {
    refused ??= tooLargeMessage(originalName);
  });

  // A part cut off mid-way (busboy destroyed on a refusal, the connection gone) never ends:
  // its half-written file is closed and removed here, so the caller's wait always settles.
  const discard = async (error: Error): Promise<never> => {
    refused ??= error.message;
    const current = out as WriteStream | null;
    if (current && file) {
      await closed(current, true);
      written.delete(file.name);
      await removePhotos(uploadDir, [file.name]);
    }
    throw error;
  };

  return new Promise<Outcome>((resolve, reject) => {
    // 'error' and 'close' both follow a destroy; 'close' also follows a normal 'end'.
    let settled = false;
    const cutOff = (error: Error) => {
      if (settled) return;
      settled = true;
      discard(error).catch(reject);
    };
    stream.on('error', cutOff);
    stream.on('close', () => cutOff(new Error('The photo part was cut off')));
    stream.on('end', () => {
      if (settled) return;
      settled = true;
      if (!refused && !out && size > 0) start();
      const done = async (): Promise<Outcome> => {
        if (!out || !file) {
          if (refused) return { error: refused };
          return named ? { error: notPhotoMessage(originalName) } : null;
        }
        await closed(out, refused !== null);
        if (failure && !refused) throw failure;
        if (refused) {
          written.delete(file.name);
          await removePhotos(uploadDir, [file.name]);
          return { error: refused };
        }
        return { photo: { fileName: file.name, originalName, mime: file.mime, size, sha256: hash.digest('hex') } };
      };
      done().then(resolve, reject);
    });
  });
}
