// Public pages, open without signing in: help, the user agreement, cookies, and closing the
// cookie notice.
import Router from '@koa/router';
import { readingsWindowFor } from '../../../shared/meters/readings-window.ts';
import { loadAgreementOperator } from '../../../shared/profile/agreement.ts';
import { getSettings } from '../../../shared/settings/settings.ts';
import { COOKIE_NOTICE, type SiteDeps, type SiteState } from '../../context.ts';
import { cookieOptions } from '../../cookies.ts';
import { safeBackPath } from '../../guards.ts';
import { companyInfo, renderPage, residentView } from '../../render.ts';
import { agreementView, cookiesView, helpView } from './views.ts';

const COOKIE_NOTICE_MAX_AGE_MS = 365 * 24 * 3_600_000;

export function pageRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();

  router.get('/help', async (ctx) => {
    const [company, settings, view] = await Promise.all([
      companyInfo(deps),
      getSettings(deps.db, ['readings.window', 'registration.mode', 'payments.dueDay']),
      residentView(ctx),
    ]);
    // A signed-in resident sees their own building's window, which may differ from the company's.
    const current = view?.current ?? null;
    const readingsWindow = current ? await readingsWindowFor(deps.db, current.id) : settings['readings.window'];
    await renderPage(ctx, deps, {
      title: 'Помощь',
      content: helpView({
        company,
        readingsWindow,
        ownBuilding: current !== null,
        registrationMode: settings['registration.mode'],
        dueDay: settings['payments.dueDay'],
      }),
    });
  });

  router.get('/agreement', async (ctx) => {
    const [company, operator] = await Promise.all([companyInfo(deps), loadAgreementOperator(deps.db)]);
    await renderPage(ctx, deps, {
      title: 'Пользовательское соглашение',
      content: agreementView({ company, operator }),
    });
  });

  router.get('/cookies', async (ctx) => {
    await renderPage(ctx, deps, { title: 'Файлы cookie', content: cookiesView({ sessionTtlMs: deps.config.sessionTtlMs }) });
  });

  router.post('/cookies/accept', async (ctx) => {
    const body = (ctx.request.body ?? {}) as Record<string, unknown>;
    ctx.cookies.set(COOKIE_NOTICE, '1', { ...cookieOptions(deps), maxAge: COOKIE_NOTICE_MAX_AGE_MS });
    ctx.redirect(safeBackPath(body.back));
  });

  return router;
}
