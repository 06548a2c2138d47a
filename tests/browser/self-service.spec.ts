// Self-service access in a real Chromium, with JavaScript on and off: a resident registers with
// the amount from the last receipt (after one mismatch), signs in with the e-mailed password,
// then forgets it and sets a new one by the e-mailed link. The e-mails are read from the outbox
// table here; delivery over SMTP is the mail worker's own test. Every page is checked with axe.
import type { Page } from '@playwright/test';
import { createAccountWithoutLogin, emailsTo, passwordIn, resetLinkIn, type AccountFixture } from '../support/self-service.ts';
import { expect, test } from './fixtures.ts';

for (const javaScriptEnabled of [true, false]) {
  test.describe(`self-service access, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });
    let account: AccountFixture;
    const email = `self-service-${javaScriptEnabled ? 'js' : 'nojs'}@example.ru`;

    test.beforeAll(async ({ database }) => {
      account = await createAccountWithoutLogin(database.db, database.world, { accountNumber: javaScriptEnabled ? '00090001' : '00090002' });
    });

    async function signIn(page: Page, password: string, landing = `Лицевой счёт ${account.accountNumber}`) {
      await page.getByLabel('Номер лицевого счёта или логин').fill(account.accountNumber);
      await page.getByLabel('Пароль', { exact: true }).fill(password);
      await page.getByRole('button', { name: 'Войти' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(landing);
    }

    test('registers with the receipt amount, signs in with the e-mailed password, resets it by the e-mailed link', async ({ page, site, database, checkA11y }) => {
      test.setTimeout(90_000);
      await page.goto(`${site.url}/login`);
      await page.getByRole('link', { name: 'Зарегистрироваться' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Регистрация в личном кабинете');
      await checkA11y();

      await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
      await expect(page.getByRole('alert')).toContainText('Необходимо согласие на обработку персональных данных');
      await checkA11y();

      await page.getByLabel('Номер лицевого счёта', { exact: true }).fill(account.accountNumber);
      await page.getByLabel('Сумма к оплате из последней квитанции, ₽').fill('1 000,00');
      await page.getByLabel('Электронная почта').fill(email);
      await page.getByRole('checkbox', { name: /даю согласие на обработку/ }).check();
      await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
      await expect(page.getByRole('alert')).toContainText('Данные не совпадают с данными лицевого счёта');
      await expect(page.getByLabel('Электронная почта')).toHaveValue(email);
      await checkA11y();

      await page.getByLabel('Сумма к оплате из последней квитанции, ₽').fill('1 500,00');
      await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Регистрация выполнена');
      await checkA11y();

      const [welcome] = await emailsTo(database.db, email);
      expect(welcome?.kind).toBe('registration.password');
      const password = passwordIn(welcome?.text_body ?? '');
      // Small letters in groups of four: typed on a phone without switching case or keyboards.
      expect(password).toMatch(/^[a-z]{4}(-[a-z]{4}){4}$/);
      await page.getByRole('link', { name: 'Войти' }).click();
      if (javaScriptEnabled) {
        // «Показать пароль» shows what was typed on a small keyboard, and hides it again.
        const field = page.getByLabel('Пароль', { exact: true });
        await field.fill(password);
        const show = page.getByRole('button', { name: 'Показать пароль' });
        await show.click();
        await expect(field).toHaveAttribute('type', 'text');
        await expect(show).toHaveAttribute('aria-pressed', 'true');
        expect((await show.boundingBox())?.height).toBeGreaterThanOrEqual(44);
        await show.click();
        await expect(field).toHaveAttribute('type', 'password');
      }
      // The e-mailed password is the office's: the site asks for the resident's own first.
      await signIn(page, password, 'Профиль');
      await expect(page.getByText('Вы вошли с временным паролем')).toBeVisible();
      await page.goto(`${site.url}/meters`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Профиль');
      await page.getByRole('button', { name: 'Выйти' }).click();

      await page.getByRole('link', { name: 'Забыли пароль?' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Восстановление пароля');
      await checkA11y();
      await page.getByLabel('Логин, номер лицевого счёта или электронная почта').fill(email);
      await page.getByRole('button', { name: 'Отправить ссылку' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Проверьте почту');
      await checkA11y();

      const reset = (await emailsTo(database.db, email)).find((m) => m.kind === 'password.reset');
      const { path } = resetLinkIn(reset?.text_body ?? '');
      await page.goto(`${site.url}${path}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Новый пароль');
      await page.getByLabel('Новый пароль', { exact: true }).fill('Moi-parol-2026');
      await page.getByLabel('Новый пароль ещё раз').fill('Moi-parol-2025');
      await page.getByRole('button', { name: 'Сохранить пароль' }).click();
      await expect(page.getByRole('alert')).toContainText('Пароли не совпадают');
      await checkA11y();
      await page.getByLabel('Новый пароль', { exact: true }).fill('Moi-parol-2026');
      await page.getByLabel('Новый пароль ещё раз').fill('Moi-parol-2026');
      await page.getByRole('button', { name: 'Сохранить пароль' }).click();
      await expect(page.getByRole('status')).toContainText('Пароль изменён. Войдите с новым паролем.');
      await signIn(page, 'Moi-parol-2026');

      await page.goto(`${site.url}${path}`);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ссылка не работает');
      await expect(page.getByRole('link', { name: 'Получить новую ссылку' })).toBeVisible();
      await checkA11y();
    });
  });
}
