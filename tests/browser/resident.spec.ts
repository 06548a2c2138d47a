// A resident's visit, in a real Chromium, with JavaScript on and off, in steps of its own: sign in
// and the overview, a past period's charges and the payments, a reading accepted and one refused,
// a profile change and signing out. Every page is checked with axe.
import type { Page } from '@playwright/test';
import { createResident, type ResidentFixture } from '../support/factories.ts';
import { expect, smallTapTargets, test } from './fixtures.ts';
import { signInAs } from './site-steps.ts';

for (const javaScriptEnabled of [true, false]) {
  test.describe(`resident, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    // The steps share the resident: a failed step skips the rest instead of failing them for it.
    test.describe.configure({ mode: 'serial' });
    test.use({ javaScriptEnabled });
    let resident: ResidentFixture;

    test.beforeAll(async ({ database }) => {
      resident = await createResident(database.db, database.world, { accountNumber: javaScriptEnabled ? '00010001' : '00020002' });
    });

    async function signIn(page: Page, siteUrl: string) {
      await signInAs(page, siteUrl, resident);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Лицевой счёт ${resident.accountNumber}`);
    }

    // One visit in four steps, in this order (the readings status counts what the third step sent).
    test('signs in after a wrong password and sees the balance, the due date and the readings status', async ({ page, site, checkA11y }) => {
      await page.goto(`${site.url}/login`);
      await checkA11y();
      await page.getByLabel('Номер лицевого счёта или логин').fill(resident.login);
      await page.getByLabel('Пароль').fill('wrong-password');
      await page.getByRole('button', { name: 'Войти' }).click();
      await expect(page.getByRole('alert')).toContainText('Неверный логин или пароль');
      await checkA11y();

      await signIn(page, site.url);
      await expect(page.getByTestId('balance')).toHaveText('1 500,00 ₽');
      await expect(page.getByText('оплатить до')).toContainText('10.11.2026');
      await expect(page.getByTestId('readings-status')).toHaveText('Передано 0 из 2.');
      await checkA11y();
    });

    test('sees a past period\'s charges and the payments', async ({ page, site, checkA11y }) => {
      await signIn(page, site.url);
      await page.getByRole('link', { name: 'Начисления', exact: true }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Начисления за октябрь 2026');
      await page.getByLabel('Период').selectOption('2026-09');
      if (!javaScriptEnabled) await page.getByRole('button', { name: 'Показать' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Начисления за сентябрь 2026');
      await expect(page.getByTestId('charges-total')).toHaveText('1 000,00 ₽');
      await expect(page.getByTestId('total-due')).toHaveText('500,00 ₽');
      await checkA11y();

      await page.getByRole('link', { name: 'Платежи', exact: true }).click();
      await expect(page.getByTestId('payments')).toContainText('1 000,00 ₽');
      await checkA11y();
    });

    test('submits a reading, and a smaller one is refused with its reason and the value kept', async ({ page, site, checkA11y }) => {
      await signIn(page, site.url);
      await page.getByRole('link', { name: 'Счётчики', exact: true }).click();
      const cold = page.locator(`[data-meter="CW-${resident.accountNumber}"]`);
      await cold.getByLabel('Показание, м³').fill('115,25');
      await cold.getByRole('button', { name: 'Передать' }).click();
      await expect(page.getByText('Показания приняты. Спасибо!')).toBeVisible();
      await expect(page.locator(`[data-meter="CW-${resident.accountNumber}"]`).getByTestId('current-reading')).toContainText('115,250');
      await checkA11y();

      const electricity = page.locator(`[data-meter="EL-${resident.accountNumber}"]`);
      await electricity.getByLabel('Показание, день (Т1), кВт·ч').fill('1050');
      await electricity.getByLabel('Показание, ночь (Т2), кВт·ч').fill('545');
      await electricity.getByRole('button', { name: 'Передать' }).click();
      const refusal = page.locator(`[data-meter="EL-${resident.accountNumber}"] .error-summary`);
      await expect(refusal).toContainText('не может быть меньше предыдущего (1100,0, за октябрь 2026)');
      await expect(page.locator(`[data-meter="EL-${resident.accountNumber}"]`).getByLabel('Показание, день (Т1), кВт·ч')).toHaveValue('1050');
      await checkA11y();

      await page.getByRole('link', { name: 'Главная', exact: true }).click();
      await expect(page.getByTestId('readings-status')).toHaveText('Передано 1 из 2.');
    });

    test('changes the profile\'s e-mail and signs out; a page then asks to sign in again', async ({ page, site, checkA11y }) => {
      await signIn(page, site.url);
      await page.getByRole('link', { name: 'Профиль', exact: true }).click();
      await checkA11y();
      const email = `resident-${resident.accountNumber}@example.ru`;
      await page.getByRole('textbox', { name: 'Электронная почта' }).fill(email);
      await page.getByRole('button', { name: 'Сохранить контакты' }).click();
      await expect(page.getByRole('status')).toContainText('Контактные данные сохранены');
      await expect(page.getByRole('textbox', { name: 'Электронная почта' })).toHaveValue(email);
      await checkA11y();

      await page.getByRole('button', { name: 'Выйти' }).click();
      await expect(page.getByText('Вы вышли из личного кабинета.')).toBeVisible();
      await checkA11y();
      await page.goto(`${site.url}/meters`);
      await expect(page).toHaveURL(/\/login\?next=%2Fmeters$/);
    });

    test('on a 390×844 phone the first screen holds the amount, «Оплатить» and «Передать показания», cookie notice and all; every tap target of every section is 44 px', async ({ page, site }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(page, site.url);
      await expect(page.getByRole('complementary', { name: 'Уведомление о файлах cookie' })).toBeVisible();
      const jobs = [page.getByTestId('balance'), page.getByRole('link', { name: 'Оплатить', exact: true }), page.getByRole('link', { name: 'Передать показания', exact: true })];
      for (const job of jobs) {
        await expect(job).toBeInViewport({ ratio: 1 });
        // Not under the cookie notice: the element itself is what a finger at its centre touches.
        const onTop = await job.evaluate((el) => {
          const r = el.getBoundingClientRect();
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return hit === el || el.contains(hit);
        });
        expect(onTop).toBe(true);
      }
      for (const button of jobs.slice(1)) expect((await button.boundingBox())?.height).toBeGreaterThanOrEqual(44);
      // Every tap target of every section, none smaller than 44×44 (links read inside a sentence
      // are exempt, WCAG 2.5.8; a checkbox counts by its label, which toggles it too).
      for (const path of ['/', '/charges', '/payments', '/meters', '/requests', '/requests/new', '/profile', '/pay', '/feedback', '/help']) {
        await page.goto(site.url + path);
        expect(await smallTapTargets(page), path).toEqual([]);
      }
      // Charges answer «why so much» first: how the amount due is made, on the first screen.
      await page.goto(`${site.url}/charges`);
      await expect(page.getByRole('heading', { name: 'Расчёт суммы к оплате' })).toBeInViewport();
      await expect(page.getByTestId('total-due')).toBeInViewport();
    });

    test('on a 390×844 phone, a refused form far down the page opens at its error summary', async ({ page, site }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(page, site.url);
      await page.goto(`${site.url}/profile`);
      await page.getByLabel('Текущий пароль').fill('не тот пароль');
      await page.getByRole('button', { name: 'Сменить пароль' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'Пароль не изменён' });
      await expect(summary).toBeInViewport();
      expect(new URL(page.url()).hash).toBe('#errors');
      if (javaScriptEnabled) await expect(summary).toBeFocused();
    });

    test('help, agreement and cookie pages are readable without signing in; on a phone every page before signing in has full-size tap targets', async ({ page, site, checkA11y }) => {
      for (const [path, heading] of [['/help', /Помощь/], ['/agreement', /соглашение/i], ['/cookies', /cookie/i]] as const) {
        await page.goto(site.url + path);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
        await checkA11y();
      }
      await page.setViewportSize({ width: 390, height: 844 });
      for (const path of ['/login', '/apply', '/register', '/forgot-password', '/help', '/agreement', '/cookies', '/feedback']) {
        await page.goto(site.url + path);
        expect(await smallTapTargets(page), path).toEqual([]);
      }
      await page.getByRole('button', { name: 'Понятно' }).click();
      await expect(page.getByRole('button', { name: 'Понятно' })).toHaveCount(0);
    });
  });
}
