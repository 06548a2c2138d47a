// GET /unsubscribe/:token shows what the link would switch off and a button; POST switches it
// off. No sign-in: the signed token is the proof (shared/notifications/unsubscribe.ts). The
// form carries the anonymous CSRF token like every form of the site.
import Router from '@koa/router';
import { applyUnsubscribe, readUnsubscribeToken } from '../../../shared/notifications/unsubscribe.ts';
import type { SiteContext, SiteDeps, SiteState } from '../../context.ts';
import { clientIp } from '../../guards.ts';
import { renderPage } from '../../render.ts';
import { confirmView, doneView, invalidView } from './views.ts';

export function unsubscribeRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();

  async function invalid(ctx: SiteContext) {
    ctx.status = 404;
    await renderPage(ctx, deps, { title: 'Ссылка не работает', content: invalidView() });
  }

  router.get('/unsubscribe/:token', async (ctx) => {
    const token = ctx.params.token ?? '';
    const link = readUnsubscribeToken(deps.config, token);
    if (!link) return invalid(ctx);
    ctx.set('Referrer-Policy', 'no-referrer');
    await renderPage(ctx, deps, { title: 'Отписаться от уведомлений', content: confirmView({ csrfToken: ctx.state.csrfToken, token, ...link }) });
  });

  router.post('/unsubscribe/:token', async (ctx) => {
    const link = readUnsubscribeToken(deps.config, ctx.params.token ?? '');
    if (!link) return invalid(ctx);
    const applied = await applyUnsubscribe(deps.db, link, { ip: clientIp(ctx), now: deps.now() });
    if (!applied) return invalid(ctx);
    await renderPage(ctx, deps, { title: 'Вы отписались', content: doneView(link) });
  });

  return router;
}
