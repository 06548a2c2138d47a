// Meters, their history, and submitting readings.
import Router from '@koa/router';
import { notFound } from '../../../shared/errors.ts';
import { meterHistory } from '../../../shared/meters/list.ts';
import { metersPage } from '../../../shared/meters/page.ts';
import { submitReading } from '../../../shared/meters/submit.ts';
import { currentPeriod } from '../../../shared/period.ts';
import { isWindowOpen, nextWindow, readingFormSchema, windowClosedMessage } from '../../../shared/readings/index.ts';
import { localDate } from '../../../shared/time.ts';
import { fieldErrorsOf } from '../../../shared/validation.ts';
import type { SiteContext, SiteDeps, SiteState } from '../../context.ts';
import { clientIp, requireResident, type Resident } from '../../guards.ts';
import { renderPage } from '../../render.ts';
import { historyView, metersView, type FormState } from './views.ts';

export function metersRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();

  async function showMeters(ctx: SiteContext, resident: Resident, form: FormState | null) {
    const now = deps.now();
    const today = localDate(now, deps.config.timeZone);
    const period = currentPeriod(now, deps.config.timeZone);
    const { meters, window } = await metersPage(deps.db, resident.current.id, period, today);
    const doneMeter = Number(ctx.query.meter);
    await renderPage(ctx, deps, {
      title: 'Счётчики',
      content: metersView({
        csrfToken: ctx.state.csrfToken,
        period,
        windowOpen: isWindowOpen(today, window),
        window: nextWindow(today, window),
        windowText: windowClosedMessage(today, window),
        meters,
        form,
        done: ctx.query.done === 'reading' || ctx.query.done === 'correction' ? { meterId: doneMeter, correction: ctx.query.done === 'correction' } : null,
        timeZone: deps.config.timeZone,
      }),
    });
  }

  router.get('/meters', async (ctx) => {
    const resident = requireResident(ctx);
    await showMeters(ctx, resident, null);
  });

  router.get('/meters/:id', async (ctx) => {
    const resident = requireResident(ctx);
    const meterId = Number(ctx.params.id);
    if (!Number.isSafeInteger(meterId) || meterId <= 0) throw notFound('Счётчик не найден');
    const now = deps.now();
    const period = currentPeriod(now, deps.config.timeZone);
    const history = await meterHistory(deps.db, resident.current.id, meterId, period, localDate(now, deps.config.timeZone));
    await renderPage(ctx, deps, { title: `Счётчик № ${history.meter.serial}`, content: historyView(history, period) });
  });

  router.post('/meters/readings', async (ctx) => {
    const resident = requireResident(ctx);
    const parsed = readingFormSchema.safeParse(ctx.request.body);
    if (!parsed.success) {
      ctx.status = 400;
      const meterId = Number((ctx.request.body as Record<string, unknown>)?.meterId) || 0;
      return showMeters(ctx, resident, { meterId, values: {}, errors: fieldErrorsOf(parsed.error).map((e) => ({ code: 'invalid_value', message: e.message })), warnings: [] });
    }
    const result = await submitReading(deps.db, {
      userId: resident.userId,
      accountId: resident.current.id,
      submission: parsed.data,
      now: deps.now(),
      timeZone: deps.config.timeZone,
      ip: clientIp(ctx),
    });
    if (result.ok) {
      return ctx.redirect(`/meters?done=${result.correction ? 'correction' : 'reading'}&meter=${parsed.data.meterId}`);
    }
    ctx.status = 422;
    await showMeters(ctx, resident, {
      meterId: parsed.data.meterId,
      values: parsed.data.values,
      errors: result.needsConfirmation ? [] : result.errors,
      warnings: result.needsConfirmation ? result.warnings : [],
    });
  });

  return router;
}
