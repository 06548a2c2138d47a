// POST /api/upload: a billing file for import reaches the bridge. The same guards as a command
// (Host, X-KKP-Console, Origin, the staff session cookie) except the body is the raw file
// (application/octet-stream), streamed to <UPLOAD_DIR>/imports under a size limit; the name comes
// in X-File-Name (URI-encoded). The answer is a CommandResult with { fileId, name, size }, and
// console commands (previewImport, startImport) take that id. Uploads older than a day are
// swept on each upload, and at the bridge's start and every hour (server.ts).
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { Context, Middleware } from 'koa';
import type { CommandDeps, CommandResult } from '../../shared/console/command.ts';
import { importUploadsDir, registerUpload, sweepUploads } from '../../shared/import/uploads.ts';
import { findStaffSession } from '../../shared/staff/sessions.ts';
import { guardUpload, UploadRefused } from '../../shared/upload-guard.ts';
import { sessionTokenOf } from './session-token.ts';
import { refuseForeignCaller, type Refusal } from './guard.ts';

export interface UploadOptions {
  deps: CommandDeps;
  /** Where uploads are kept (default <UPLOAD_DIR>/imports). */
  dir?: string;
  /** Largest file accepted (default 512 MB: a year of charges for a large company). */
  limitBytes?: number;
  /** Longest pause and longest time for the whole file (default: config.uploadTimeouts). */
  idleMs?: number;
  timeLimitMs?: number;
}

/** The folder the bridge keeps uploads in: the one given, else the configured UPLOAD_DIR's imports/. */
export const uploadsDirOf = (deps: CommandDeps, dir?: string) => resolve(dir ?? importUploadsDir(deps.config.uploadDir));

export function uploadEndpoint(o: UploadOptions): Middleware {
  const dir = uploadsDirOf(o.deps, o.dir);
  const limit = o.limitBytes ?? 512 * 2 ** 20;
  const idleMs = o.idleMs ?? o.deps.config.uploadTimeouts.idleMs;
  const totalMs = o.timeLimitMs ?? o.deps.config.uploadTimeouts.totalMs;
  return async function bridgeUpload(ctx, next) {
    if (ctx.path !== '/api/upload') return next();
    ctx.set('Cache-Control', 'no-store');
    const refusal = refuseUpload(ctx, limit);
    if (refusal) return respond(ctx, refusal.status, { ok: false, error: { id: refusal.id, message: refusal.message, fieldErrors: [] } });
    const token = sessionTokenOf(ctx);
    const staff = token ? await findStaffSession(o.deps.db, token, o.deps.now()) : null;
    if (!staff) return respond(ctx, 401, { ok: false, error: { id: 'unauthenticated', message: 'Войдите в консоль: сеанс закончился или не начат', fieldErrors: [] } });
    if (staff.mustChangePassword) return respond(ctx, 403, { ok: false, error: { id: 'forbidden', message: 'Сначала смените временный пароль', fieldErrors: [] } });
    let name = 'file';
    try {
      name = basename(decodeURIComponent(ctx.get('x-file-name') || 'file')).slice(0, 200) || 'file';
    } catch {
      // A malformed name is only a label; keep the default.
    }
    await mkdir(dir, { recursive: true });
    await sweepUploads(dir);
    // The readers choose CSV, XLSX or DBF by extension, so a known one is kept.
    const extension = extname(name).toLowerCase();
    const path = join(dir, `${randomBytes(16).toString('hex')}${KNOWN_EXTENSIONS.has(extension) ? extension : '.upload'}`);
    let size = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        done(null, chunk);
      },
    });
    // Size, stalls, a trickle and a client that goes away all end the pipeline through the
    // guard's signal; the partial file is removed whatever ended it.
    const guard = guardUpload(ctx.req, { maxBytes: limit, idleMs, totalMs, tooLarge: () => new UploadRefused('too_large', tooLarge(limit).error.message) });
    try {
      // Piped by hand rather than as the pipeline's source: a pipeline would destroy the
      // request (and its socket) on a refusal, and the client would never read the answer.
      ctx.req.pipe(counter);
      await pipeline(counter, createWriteStream(path), { signal: guard.signal });
    } catch (error) {
      ctx.req.unpipe(counter);
      // The rest is read and dropped while the answer goes out (the connection then closes):
      // unread bytes at the close would reset the connection under the answer.
      ctx.req.resume();
      await rm(path, { force: true });
      const refused = guard.signal.reason instanceof UploadRefused ? guard.signal.reason : null;
      if (!refused) throw error;
      // The connection closes after the answer instead of waiting for the rest of the body.
      ctx.set('Connection', 'close');
      const id = refused.reason === 'too_large' ? 'payload_too_large' : refused.reason === 'aborted' ? 'validation' : 'request_timeout';
      return respond(ctx, refused.status, { ok: false, error: { id, message: refused.message, fieldErrors: [] } });
    } finally {
      guard.done();
    }
    const file = registerUpload({ path, name, size, staffId: staff.id, owned: true });
    respond(ctx, 200, { ok: true, value: { fileId: file.id, name, size } });
  };
}

const KNOWN_EXTENSIONS = new Set(['.csv', '.txt', '.tsv', '.xlsx', '.dbf']);

function refuseUpload(ctx: Context, limit: number): Refusal | null {
  if (ctx.method !== 'POST') return { status: 405, id: 'not_found', message: 'Файл принимается только методом POST' };
  const caller = refuseForeignCaller(ctx);
  if (caller) return caller;
  if (!ctx.is('application/octet-stream')) return { status: 415, id: 'unsupported_media_type', message: 'Файл отправляется как application/octet-stream' };
  if (Number(ctx.get('content-length') || 0) > limit) return { status: 413, ...tooLarge(limit).error };
  return null;
}

function tooLarge(limit: number): CommandResult<never> & { ok: false } {
  return { ok: false, error: { id: 'payload_too_large', message: `Файл слишком большой: не больше ${Math.floor(limit / 2 ** 20)} МБ`, fieldErrors: [] } };
}

function respond(ctx: Context, status: number, result: CommandResult<unknown>): void {
  ctx.status = status;
  ctx.type = 'application/json; charset=utf-8';
  ctx.body = JSON.stringify(result);
}
