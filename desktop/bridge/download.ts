// GET /api/download/<fileId>: hands the clerk's browser an export the console made
// (shared/console/commands/exports.ts). Same gate as a command: the bridge's Host, a live staff
// session (the HttpOnly SameSite=Strict cookie's half of it and the address's half), no call from
// another page (guard.ts refuseDownload); and the file must be this staff member's and less than
// a day old.
import { createReadStream } from 'node:fs';
import type { Context, Middleware } from 'koa';
import { writeAudit } from '../../shared/audit/write.ts';
import type { CommandDeps, CommandResult } from '../../shared/console/command.ts';
import { openStoredExport } from '../../shared/export/stored-files.ts';
import { SESSION_KEY_QUERY } from '../../shared/console/session-halves.ts';
import { findStaffSession } from '../../shared/staff/sessions.ts';
import { refuseDownload, type Refusal } from './guard.ts';
import { sessionTokenOf } from './session-token.ts';

const DOWNLOAD_PATH = /^\/api\/download\/([^/]*)$/;

export function downloads(deps: CommandDeps, clientAddress: (ctx: Context) => string): Middleware {
  return async function bridgeDownload(ctx, next) {
    const fileId = DOWNLOAD_PATH.exec(ctx.path)?.[1];
    if (fileId === undefined) return next();
    ctx.set('Cache-Control', 'no-store');
    const refusal = refuseDownload(ctx);
    if (refusal) return refuse(ctx, refusal);

    // A navigation carries the page's half of the token in the query (session-halves.ts).
    const token = sessionTokenOf(ctx, SESSION_KEY_QUERY);
    const now = deps.now();
    const staff = token ? await findStaffSession(deps.db, token, now) : null;
    if (!staff) return refuse(ctx, { status: 401, id: 'unauthenticated', message: 'Войдите в консоль: сеанс закончился или не начат' });
    if (staff.mustChangePassword) return refuse(ctx, { status: 403, id: 'forbidden', message: 'Сначала смените временный пароль' });

    const stored = await openStoredExport(deps.config.exportDir, fileId, staff.id, now);
    if (!stored) return refuse(ctx, { status: 404, id: 'not_found', message: 'Файл выгрузки не найден или устарел: выгрузите его заново' });

    await writeAudit(deps.db, {
      actorType: 'staff', actorId: staff.id, action: 'export.download', subjectType: 'export_file', subjectId: fileId,
      ip: clientAddress(ctx), at: now, details: { file: stored.meta.names.russian, rows: stored.meta.rows },
    });
    ctx.status = 200;
    ctx.type = stored.meta.contentType;
    ctx.length = stored.meta.bytes;
    ctx.set('Content-Disposition', contentDisposition(stored.meta.names.ascii, stored.meta.names.russian));
    ctx.body = createReadStream(stored.path);
  };
}

/** RFC 6266 with an RFC 5987 UTF-8 name; browsers that know filename* use the Russian one. */
export function contentDisposition(ascii: string, utf8: string): string {
  const encoded = encodeURIComponent(utf8).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii.replace(/["\\\r\n]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

function refuse(ctx: Context, refusal: Refusal): void {
  const result: CommandResult<never> = { ok: false, error: { id: refusal.id, message: refusal.message, fieldErrors: [] } };
  ctx.status = refusal.status;
  ctx.type = 'application/json; charset=utf-8';
  ctx.body = JSON.stringify(result);
}
