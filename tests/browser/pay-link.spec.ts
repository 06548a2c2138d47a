// A resident pays a receipt from its e-mail without signing in, on a phone: the receipt letter
// goes through the mail worker to a real SMTP server, its «Оплатить онлайн» link opens the pay
// page (the account, a masked address and the amount, nobody's name), the sandbox bank takes the
// money, and the payment is credited to the account as any other. Then the same link once more,
// through СБП: on the phone the sandbox hands off to «the bank's app».
import { loadConfig } from '../../shared/config/env.ts';
import { newReceiptMessage } from '../../shared/notifications/messages.ts';
import { notifyResident } from '../../shared/notifications/notify.ts';
import { payLinkUrl } from '../../shared/payments/pay-link.ts';
import { setSetting } from '../../shared/settings/settings.ts';
import { createResident } from '../support/factories.ts';
import { expect, test } from './office-fixtures.ts';

test('pays a receipt by the link in its e-mail, on a 390×844 phone, without signing in', async ({ office, page, checkA11y }) => {
  test.setTimeout(60_000);
  const { db, world } = office;
  const email = 'payer-by-link@example.ru';
  const resident = await createResident(db, world, { accountNumber: '00060006', email });
  await setSetting(db, 'payments.provider', 'sandbox');
  // The letter the monthly receipt job sends (shared/notifications/schedule.ts), for October's receipt.
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', PUBLIC_URL: office.siteUrl });
  const letter = newReceiptMessage('2026-10', [{
    number: resident.accountNumber, address: 'г. Десногорск, 1-й микрорайон, д. 1, кв. 6', amount: 150_000, dueDate: '2026-11-10',
    payUrl: payLinkUrl(config, { accountId: resident.accountId, period: '2026-10' }),
  }], office.siteUrl);
  await notifyResident(db, { userId: resident.userId, kind: 'new_receipt', dedupeKey: 'receipt:2026-10', email: letter.email }, { config, now: Date.now() });

  const received = await office.mailTo(email, /Квитанция за октябрь 2026/);
  const link = new RegExp(`${office.siteUrl.replace(/[.:/]/g, '\\$&')}/p/[\\w.-]+`).exec(received.text ?? '')?.[0];
  expect(link, received.text ?? '').toBeTruthy();

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(link as string);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Оплата квитанции за октябрь 2026');
  const facts = page.getByTestId('pay-link-facts');
  await expect(facts).toContainText('00060006');
  await expect(facts).toContainText('кв. **');
  await expect(facts).toContainText('1 500,00 ₽');
  const owner: { owner_name: string } = await db('accounts').where({ id: resident.accountId }).first('owner_name');
  await expect(page.getByText(owner.owner_name)).toHaveCount(0);
  await expect(page.getByLabel('Сумма, ₽')).toHaveValue('1500,00');
  await checkA11y();

  await page.getByRole('button', { name: 'Перейти к оплате' }).click();
  await expect(page.getByTestId('sandbox-amount')).toHaveText('1 500,00 ₽');
  await page.getByRole('button', { name: 'Оплатить' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Платёж прошёл');

  // The link stays good until the next receipt: pay more through СБП with it.
  await page.goto(link as string);
  await page.getByLabel('Сумма, ₽').fill('100');
  await page.getByText('СБП (по QR-коду или в приложении банка)').click();
  await page.getByRole('button', { name: 'Перейти к оплате' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Тестовая оплата через СБП (без банка)');
  await page.getByRole('button', { name: 'Открыть приложение банка' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Платёж прошёл');

  const credited = await db('payments').where({ account_id: resident.accountId, status: 'succeeded', provider: 'sandbox' }).orderBy('id').select('amount');
  expect(credited.map((p: { amount: number | string }) => Number(p.amount))).toEqual([150_000, 10_000]);
  const methods = await db('card_payment_attempts').where({ account_id: resident.accountId }).orderBy('created_at').select('method');
  expect(methods.map((a: { method: string }) => a.method)).toEqual(['card', 'sbp']);
});
