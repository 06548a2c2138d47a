// A resident pays by card with the sandbox provider in a real Chromium: the amount form (the
// amount due filled in), the pretend bank page clearly marked as a test, the outcome page, and
// the payment in the history at once, marked as awaiting billing. Every page is checked with axe.
// Then through СБП on a 390×844 phone: the sandbox's СБП page hands off to «the bank's app»
// (on a phone the QR is hidden; on a wide screen it is shown instead of the button). And a
// resident with two flats pays both in one sandbox payment, each account credited its own part.
import { setSetting } from '../../shared/settings/settings.ts';
import { createResident, linkAccount, type ResidentFixture } from '../support/factories.ts';
import { expect, smallTapTargets, test } from './fixtures.ts';
import { signInAs } from './site-steps.ts';

test.describe('card payment with the sandbox provider', () => {
  let resident: ResidentFixture;

  test.beforeAll(async ({ database }) => {
    resident = await createResident(database.db, database.world, { accountNumber: '00040004' });
    await setSetting(database.db, 'payments.provider', 'sandbox');
  });

  test('pays part of the amount due and sees the payment', async ({ page, site, checkA11y }) => {
    test.setTimeout(60_000);
    await signInAs(page, site.url, resident);
    await expect(page.getByTestId('balance')).toHaveText('1 500,00 ₽');

    await page.getByRole('link', { name: 'Оплатить', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Оплата');
    await expect(page.getByText('Тестовая оплата (без банка).')).toBeVisible();
    await expect(page.getByLabel('Сумма, ₽')).toHaveValue('1500,00');
    await checkA11y();

    await page.getByLabel('Сумма, ₽').fill('600,50');
    await page.getByRole('button', { name: 'Перейти к оплате' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Тестовая оплата (без банка)');
    await expect(page.getByTestId('sandbox-amount')).toHaveText('600,50 ₽');
    await expect(page.getByText('настоящие деньги не списываются')).toBeVisible();
    await checkA11y();

    await page.getByRole('button', { name: 'Оплатить' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Платёж прошёл');
    await expect(page.getByRole('status')).toContainText('600,50 ₽');
    await checkA11y();

    await page.getByRole('link', { name: 'История платежей' }).click();
    await expect(page.getByTestId('payments')).toContainText('600,50 ₽');
    await expect(page.getByTestId('payments')).toContainText('Картой на сайте');
    await expect(page.getByTestId('payments')).toContainText('в начислениях появится после обработки');
    await checkA11y();

    await page.getByRole('link', { name: 'Главная', exact: true }).click();
    await expect(page.getByTestId('balance')).toHaveText('899,50 ₽');
    await expect(page.getByTestId('awaiting-billing')).toHaveText('оплачено, в начислениях появится после обработки');
  });

  test('pays through СБП on a 390×844 phone: the bank-app hand-off, not the QR', async ({ page, site, checkA11y }) => {
    test.setTimeout(60_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAs(page, site.url, resident);
    await page.goto(`${site.url}/pay`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Оплата');

    const card = page.getByRole('radio', { name: 'Картой' });
    const sbp = page.getByRole('radio', { name: 'СБП (по QR-коду или в приложении банка)' });
    await expect(card).toBeChecked();
    // The choice's label is a full tap target.
    const label = await page.locator('label[for="f-method-sbp"]').boundingBox();
    expect(label?.height ?? 0).toBeGreaterThanOrEqual(44);
    await checkA11y();

    await page.getByLabel('Сумма, ₽').fill('120');
    await page.getByText('СБП (по QR-коду или в приложении банка)').click();
    await expect(sbp).toBeChecked();
    await page.getByRole('button', { name: 'Перейти к оплате' }).click();

    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Тестовая оплата через СБП (без банка)');
    await expect(page.getByTestId('sandbox-amount')).toHaveText('120,00 ₽');
    const openApp = page.getByRole('button', { name: 'Открыть приложение банка' });
    await expect(openApp).toBeVisible();
    await expect(page.getByTestId('sbp-qr')).toBeHidden();
    await checkA11y();

    // On a wide screen the same page shows the QR instead of the button.
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect(page.getByTestId('sbp-qr')).toBeVisible();
    await expect(openApp).toBeHidden();
    await page.setViewportSize({ width: 390, height: 844 });

    await openApp.click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Платёж прошёл');
    await expect(page.getByRole('status')).toContainText('120,00 ₽');
    await checkA11y();

    await page.getByRole('link', { name: 'История платежей' }).click();
    await expect(page.getByTestId('payments')).toContainText('120,00 ₽');
    await expect(page.getByTestId('payments')).toContainText('СБП');
  });
});

test.describe('several accounts in one payment', () => {
  let owner: ResidentFixture;
  let second: ResidentFixture;

  test.beforeAll(async ({ database }) => {
    owner = await createResident(database.db, database.world, { accountNumber: '00040005' });
    second = await createResident(database.db, database.world, { accountNumber: '00040006' });
    await linkAccount(database.db, owner.userId, second.accountId);
    await setSetting(database.db, 'payments.provider', 'sandbox');
  });

  test('a two-account payment split correctly', async ({ page, site, checkA11y }) => {
    test.setTimeout(60_000);
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAs(page, site.url, owner);

    await page.getByRole('link', { name: 'Оплатить несколько счетов одним платежом' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Оплата нескольких счетов');
    const first = page.getByLabel('Лицевой счёт 00040005, ₽');
    const other = page.getByLabel('Лицевой счёт 00040006, ₽');
    await expect(first).toHaveValue('1500,00');
    await expect(other).toHaveValue('1500,00');
    const total = page.getByTestId('parts-total');
    await expect(total).toHaveText('3 000,00 ₽');
    expect(await smallTapTargets(page)).toEqual([]);
    await checkA11y();

    await first.fill('700');
    await other.fill('450,25');
    await expect(total).toHaveText('1 150,25 ₽');
    await page.getByRole('button', { name: 'Перейти к оплате' }).click();
    await expect(page.getByTestId('sandbox-amount')).toHaveText('1 150,25 ₽');
    await page.getByRole('button', { name: 'Оплатить' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Платёж прошёл');
    await expect(page.getByTestId('payment-parts')).toContainText('Лицевой счёт 00040005 — 700,00 ₽');
    await expect(page.getByTestId('payment-parts')).toContainText('Лицевой счёт 00040006 — 450,25 ₽');
    await checkA11y();

    // Each account's own pages show its own part, and only that.
    await page.getByRole('link', { name: 'История платежей' }).click();
    await expect(page.getByTestId('payments')).toContainText('700,00 ₽');
    await expect(page.getByTestId('payments')).not.toContainText('450,25 ₽');
    await page.getByLabel('Лицевой счёт', { exact: true }).selectOption(second.accountNumber);
    await expect(page.getByLabel('Лицевой счёт', { exact: true })).toHaveValue(second.accountNumber);
    await expect(page.getByTestId('payments')).toContainText('450,25 ₽');
    await expect(page.getByTestId('payments')).not.toContainText('700,00 ₽');
    await page.getByRole('link', { name: 'Главная', exact: true }).click();
    await expect(page.getByTestId('balance')).toHaveText('1 049,75 ₽');
  });
});
