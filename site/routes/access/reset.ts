// Forgot password: GET/POST /forgot-password (request a link), GET/POST /reset-password/:token
// (set the new password). A dead link gets one clear page offering a new one.
import Router from '@koa/router';
import { checkResetToken, requestPasswordReset, resetPassword, resetPasswordSchema, resetRequestSchema, RESET_FIELDS } from '../../../shared/access/password-reset.ts';
import { DomainError, type FieldError } from '../../../shared/errors.ts';
import { fieldErrorsOf } from '../../../shared/validation.ts';
import type { SiteContext, SiteDeps, SiteState } from '../../context.ts';
import { clientIp } from '../../guards.ts';
import { renderPage } from '../../render.ts';
import { forgotPasswordView, invalidLinkView, resetPasswordView } from './reset-views.ts';

const text = (value: unknown) => (typeof value === 'string' ? value : '');
// Tokens are randomToken(): 32 bytes in base64url. Anything else is not looked up.
const TOKEN_SHAPE = /^[\w-]{43}$/;

export function resetRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();

  async function showRequest(ctx: SiteContext, o: { identifier?: string; errors?: FieldError[]; message?: string; sent?: boolean }, status = 200) {
    ctx.status = status;
    await renderPage(ctx, deps, {
      title: 'Восстановление пароля',
      content: forgotPasswordView({ csrfToken: ctx.state.csrfToken, identifier: o.identifier ?? '', errors: o.errors ?? [], message: o.message, sent: o.sent ?? false }),
    });
  }

  async function showInvalidLink(ctx: SiteContext) {
    ctx.status = 410;
    await renderPage(ctx, deps, { title: 'Ссылка не работает', content: invalidLinkView() });
  }

  router.get('/forgot-password', async (ctx) => {
    await showRequest(ctx, { sent: ctx.query.done === 'sent' });
  });

  router.post('/forgot-password', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    const identifier = text(body[RESET_FIELDS.identifier]);
    const parsed = resetRequestSchema.safeParse(body);
    if (!parsed.success) return showRequest(ctx, { identifier, errors: fieldErrorsOf(parsed.error) }, 400);
    try {
      await requestPasswordReset(deps.db, { identifier: parsed.data[RESET_FIELDS.identifier], ip: clientIp(ctx), now: deps.now(), siteUrl: deps.config.publicUrl });
    } catch (err) {
      if (!(err instanceof DomainError) || err.id !== 'rate_limited') throw err;
      return showRequest(ctx, { identifier, message: err.message }, 429);
    }
    ctx.redirect('/forgot-password?done=sent');
  });

  router.get('/reset-password/:token', async (ctx) => {
    const token = ctx.params.token ?? '';
    const link = TOKEN_SHAPE.test(token) ? await checkResetToken(deps.db, token, deps.now()) : { ok: false as const };
    if (!link.ok) return showInvalidLink(ctx);
    await renderPage(ctx, deps, { title: 'Новый пароль', content: resetPasswordView({ csrfToken: ctx.state.csrfToken, token, login: link.login, errors: [] }) });
  });

  router.post('/reset-password/:token', async (ctx) => {
    const token = ctx.params.token ?? '';
    if (!TOKEN_SHAPE.test(token)) return showInvalidLink(ctx);
    const parsed = resetPasswordSchema.safeParse(ctx.request.body ?? {});
    if (!parsed.success) throw new DomainError('validation', 'Неверный запрос');
    try {
      await resetPassword(deps.db, {
        token,
        next: parsed.data[RESET_FIELDS.next],
        repeat: parsed.data[RESET_FIELDS.repeat],
        ip: clientIp(ctx),
        now: deps.now(),
        timeZone: deps.config.timeZone,
      });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      if (err.id === 'not_found') return showInvalidLink(ctx);
      if (err.id !== 'validation') throw err;
      const link = await checkResetToken(deps.db, token, deps.now());
      if (!link.ok) return showInvalidLink(ctx);
      ctx.status = 400;
      return renderPage(ctx, deps, { title: 'Новый пароль', content: resetPasswordView({ csrfToken: ctx.state.csrfToken, token, login: link.login, errors: err.fieldErrors }) });
    }
    ctx.redirect('/login?done=password-reset');
  });

  return router;
}
