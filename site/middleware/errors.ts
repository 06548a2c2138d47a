// Turns errors into pages: a DomainError shows its Russian message with the right status; an
// unexpected error is logged with the request id and shows a generic message.
import type { Middleware } from 'koa';
import { DISK_FULL_MESSAGE, isDiskFull } from '../../shared/disk-full.ts';
import { DomainError } from '../../shared/errors.ts';
import { OUT_OF_RANGE_MESSAGE, isOutOfRange } from '../../shared/out-of-range.ts';
import { UploadRefused } from '../../shared/upload-guard.ts';
import type { SiteDeps, SiteState } from '../context.ts';
import { renderPage } from '../render.ts';
import { html } from '../views/html.ts';

const STATUS: Record<DomainError['id'], number> = {
  validation: 400,
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  conflict: 409,
  rate_limited: 429,
};

export function errorPages(deps: SiteDeps): Middleware<SiteState> {
  return async function errorPagesMiddleware(ctx, next) {
    try {
      await next();
      if (ctx.status === 404 && !ctx.body) throw new DomainError('not_found', 'Страница не найдена');
    } catch (err) {
      if (err instanceof DomainError && err.id === 'unauthenticated' && ctx.method === 'GET') {
        ctx.redirect(`/login?next=${encodeURIComponent(ctx.originalUrl)}`);
        return;
      }
      const known = err instanceof DomainError;
      // A full disk is the server's trouble, not a bug: say so plainly (503), and that nothing was saved.
      const diskFull = !known && isDiskFull(err);
      // An id or number beyond what PostgreSQL's columns hold came with the request (shared/out-of-range.ts).
      const outOfRange = !known && isOutOfRange(err);
      const status = known ? STATUS[err.id] : uploadRefused(err) ? err.status : diskFull ? 503 : outOfRange ? 400 : httpStatusOf(err);
      const message = known || uploadRefused(err) ? err.message : diskFull ? DISK_FULL_MESSAGE : outOfRange ? OUT_OF_RANGE_MESSAGE : status < 500 ? 'Неверный запрос' : 'Что-то пошло не так. Попробуйте ещё раз позже.';
      if (status >= 500) deps.logger.error({ err, requestId: ctx.state.requestId, path: ctx.path }, 'request failed');
      else if (outOfRange) deps.logger.warn({ err, requestId: ctx.state.requestId, path: ctx.path }, 'request refused: a number out of range');
      ctx.status = status;
      await renderPage(ctx, deps, {
        title: status === 404 ? 'Страница не найдена' : 'Ошибка',
        content: html`<h1>${status === 404 ? 'Страница не найдена' : 'Не получилось'}</h1>
          <p class="lead">${message}</p>
          ${status >= 500 ? html`<p>Код обращения для поддержки: <code>${ctx.state.requestId}</code></p>` : ''}
          <p><a href="/">На главную</a></p>`,
      }).catch(() => {
        ctx.type = 'text/plain; charset=utf-8';
        ctx.body = message;
      });
    }
  };
}

// An upload refused for its size, its pace or its form (shared/upload-guard.ts): a 4xx with its message.
const uploadRefused = (err: unknown): err is UploadRefused => err instanceof UploadRefused;

function httpStatusOf(err: unknown): number {
  const status = (err as { status?: unknown; statusCode?: unknown })?.status ?? (err as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}
