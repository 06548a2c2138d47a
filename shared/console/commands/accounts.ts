// Console commands: one account as the resident sees it, for a clerk answering «почему так много
// начислили?» at the counter or on the phone — the balance and amount due, the charges of any
// period by service, the payments, the meters with their readings. The very reads the resident's
// pages use (shared/billing, shared/meters), so the figures are the same as on the site and the
// receipt. Opening it is a read of personal data: audited.
import { writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { accountLogins, findAccount, type AccountHeader, type AccountLogin } from '../../admin/account-card.ts';
import { auditStaffAction } from '../../admin/context.ts';
import { getOverview, type Overview } from '../../billing/overview.ts';
import { chargesPage, type ChargesPage } from '../../billing/charges-page.ts';
import { paymentsPage, type PaymentsPage } from '../../billing/payments-page.ts';
import { PAYMENT_SOURCE_LABELS, PAYMENT_STATUS_LABELS } from '../../billing/payments.ts';
import { meterHistory, type MeterHistory } from '../../meters/list.ts';
import { metersPage, type MetersPage } from '../../meters/page.ts';
import { renderReceiptPdf } from '../../receipts/pdf.ts';
import { getReceiptData } from '../../receipts/data.ts';
import { payLinkUrl } from '../../payments/pay-link.ts';
import { receiptFileName } from '../../receipts/file-name.ts';
import { requestsOfAccount } from '../../requests/staff.ts';
import { submitReading, type SubmitReadingResult } from '../../meters/submit.ts';
import { MAX_ZONES, READING_SOURCE_LABELS, readingSubmissionSchema, zoneName, zoneNumbers } from '../../readings/index.ts';
import { currentPeriod, periodSchema } from '../../period.ts';
import { localDate } from '../../time.ts';
import { staffCommand } from '../command.ts';
import type { ExportFileView, RequestListItem } from '../views.ts';
import { toStoredFile } from './exports.ts';

/** Payments shown with the account: a year of monthly ones. */
const PAYMENTS_SHOWN = 12;
/** The account's latest requests shown with it (the inbox has them all). */
const REQUESTS_SHOWN = 20;

export interface AccountView {
  account: AccountHeader;
  /** Who holds a login for it. */
  logins: AccountLogin[];
  overview: Overview;
  charges: Omit<ChargesPage, 'history'>;
  payments: PaymentsPage;
  meters: MetersPage;
  /** Its latest requests, newest first. */
  requests: RequestListItem[];
  /** The words the site uses for the codes above (payments' source and status, readings' source). */
  labels: {
    paymentSource: Record<string, string>; paymentStatus: Record<string, string>; readingSource: Record<string, string>;
    /** By a meter's number of zones, each register's field label, as the site's form has them. */
    registers: Record<number, string[]>;
  };
}

const REGISTERS: Record<number, string[]> = Object.fromEntries(
  Array.from({ length: MAX_ZONES }, (_, i) => i + 1).map((zones) => [zones, zoneNumbers(zones).map((z) => (zoneName(zones, z) ? `Показание, ${zoneName(zones, z)}` : 'Показание'))]),
);

/** Readings a clerk takes for the resident: the site's submission, the account, and where they were taken. */
export const takeReadingSchema = readingSubmissionSchema.extend({
  accountId: z.number().int().positive(),
  channel: z.enum(['office', 'phone'], { error: 'Укажите, как приняты показания: в офисе или по телефону' }),
});

const accountId = z.number({ error: 'Не указан лицевой счёт' }).int().positive();

export const accountsCommands = {
  // The resident at the counter or on the phone: the same rules as the site (window, previous
  // value, an unusual jump confirmed), the reading's source says where, the audit names the clerk.
  takeReading: staffCommand({
    access: 'staff',
    input: takeReadingSchema,
    run: (ctx, input): Promise<SubmitReadingResult> => submitReading(ctx.db, {
      userId: null, taker: { staffId: ctx.staff.id, channel: input.channel }, accountId: input.accountId,
      submission: { meterId: input.meterId, values: input.values, confirmJump: input.confirmJump },
      now: ctx.now(), timeZone: ctx.config.timeZone, ip: ctx.origin,
    }),
  }),

  getAccountView: staffCommand({
    access: 'staff',
    input: z.object({ accountId, period: periodSchema.optional() }),
    async run(ctx, input): Promise<AccountView> {
      const account = await findAccount(ctx.db, input.accountId);
      const now = ctx.now();
      const timeZone = ctx.config.timeZone;
      const [overview, charges, payments, meters, requests, logins] = await Promise.all([
        getOverview(ctx.db, account.id, now, timeZone),
        chargesPage(ctx.db, account.id, input.period),
        paymentsPage(ctx.db, account.id, 1, PAYMENTS_SHOWN),
        metersPage(ctx.db, account.id, currentPeriod(now, timeZone), localDate(now, timeZone)),
        requestsOfAccount(ctx, account.id, REQUESTS_SHOWN),
        accountLogins(ctx.db, account.id),
      ]);
      await auditStaffAction(ctx.db, ctx, {
        action: 'account.view', subjectType: 'account', subjectId: account.id, accountId: account.id,
        details: input.period ? { period: input.period } : undefined,
      });
      const { history: _history, ...chargesView } = charges;
      return {
        account, logins, overview, charges: chargesView, payments, meters, requests,
        labels: { paymentSource: PAYMENT_SOURCE_LABELS, paymentStatus: PAYMENT_STATUS_LABELS, readingSource: READING_SOURCE_LABELS, registers: REGISTERS },
      };
    },
  }),

  // One meter's every accepted reading, newest first: the site's meter page, for the clerk.
  getMeterHistory: staffCommand({
    access: 'staff',
    input: z.object({ accountId, meterId: z.number({ error: 'Не указан счётчик' }).int().positive() }),
    async run(ctx, input): Promise<MeterHistory> {
      const account = await findAccount(ctx.db, input.accountId);
      const now = ctx.now();
      const history = await meterHistory(ctx.db, account.id, input.meterId, currentPeriod(now, ctx.config.timeZone), localDate(now, ctx.config.timeZone));
      await auditStaffAction(ctx.db, ctx, {
        action: 'meter.history', subjectType: 'account', subjectId: account.id, accountId: account.id, details: { serial: history.meter.serial },
      });
      return history;
    },
  }),

  // The receipt of any period for one account, as the resident downloads it (a reissue at the
  // counter: printed or sent on), kept for the clerk to download like an export.
  printAccountReceipt: staffCommand({
    access: 'staff',
    input: z.object({ accountId, period: periodSchema }),
    async run(ctx, input): Promise<ExportFileView> {
      const account = await findAccount(ctx.db, input.accountId);
      const payUrl = (id: number, period: string) => payLinkUrl(ctx.config, { accountId: id, period });
      const pdf = await renderReceiptPdf(await getReceiptData(ctx.db, account.id, input.period, { payUrl }));
      const name = receiptFileName(account.number, input.period);
      const view = await toStoredFile(ctx, 'pdf', { ascii: name.ascii, russian: name.utf8 }, async (out) => {
        await writeFile(out, pdf, { mode: 0o600 });
        return { rows: 1, bytes: pdf.length };
      });
      await auditStaffAction(ctx.db, ctx, {
        action: 'receipt.reissue', subjectType: 'account', subjectId: account.id, accountId: account.id, details: { period: input.period },
      });
      return view;
    },
  }),
} as const;
