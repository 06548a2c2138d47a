// The payment document as a PDF, for the resident's current account (or another of their own
// accounts named by `?account=`) and any period with data. A foreign or unknown account, a
// malformed period or a period without charges is «not found», with a Russian page.
import Router from '@koa/router';
import { notFound } from '../../../shared/errors.ts';
import { payLinkUrl } from '../../../shared/payments/pay-link.ts';
import { isPeriod } from '../../../shared/period.ts';
import { getReceiptData } from '../../../shared/receipts/data.ts';
import { receiptFileName } from '../../../shared/receipts/file-name.ts';
import { renderReceiptPdf } from '../../../shared/receipts/pdf.ts';
import type { SiteDeps, SiteState } from '../../context.ts';
import { requireResident } from '../../guards.ts';

export function receiptsRoutes(deps: SiteDeps): Router<SiteState> {
  const router = new Router<SiteState>();
  router.get('/receipts/:period.pdf', async (ctx) => {
    const resident = requireResident(ctx);
    const period = ctx.params.period ?? '';
    if (!isPeriod(period)) throw notFound('Период указан неверно: нужен год и месяц, например 2026-10');
    const asked = typeof ctx.query.account === 'string' ? ctx.query.account : null;
    const account = asked === null ? resident.current : resident.accounts.find((a) => a.number === asked);
    if (!account) throw notFound('Лицевой счёт не найден среди ваших счетов');
    const payUrl = (accountId: number, forPeriod: string) => payLinkUrl(deps.config, { accountId, period: forPeriod });
    const pdf = await renderReceiptPdf(await getReceiptData(deps.db, account.id, period, { payUrl }));
    const name = receiptFileName(account.number, period);
    ctx.type = 'application/pdf';
    ctx.set('Content-Disposition', `attachment; filename="${name.ascii}"; filename*=UTF-8''${encodeURIComponent(name.utf8)}`);
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = pdf;
  });
  return router;
}
