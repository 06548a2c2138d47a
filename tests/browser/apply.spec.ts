// A person without a login applies for access, in a real Chromium with JavaScript on and off:
// with script the «Отправить» button waits for the consent box; without it the server refuses
// an application without consent and keeps what was typed. Every page is checked with axe.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

const CONSENT = 'Я принимаю пользовательское соглашение и даю согласие на обработку моих персональных данных';

async function fillForm(page: Page, accountNumber: string): Promise<void> {
  await page.getByLabel('Фамилия, имя и отчество').fill('Кузнецова Мария Ивановна');
  await page.getByLabel('Адрес помещения').fill('г. Десногорск, 1-й микрорайон, д. 1, кв. 12');
  await page.getByLabel('Номер лицевого счёта', { exact: true }).fill(accountNumber);
  await page.getByLabel('Электронная почта').fill('kuznetsova@example.ru');
  await page.getByLabel('Номер телефона').fill('+7 915 123-45-67');
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`access application, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test('applies for access from the login page', async ({ page, site, checkA11y }) => {
      await page.goto(`${site.url}/login`);
      await page.getByRole('link', { name: 'Подайте заявку на получение доступа' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Заявка на получение доступа');
      await checkA11y();
      await fillForm(page, javaScriptEnabled ? '00031001' : '00031002');
      const send = page.getByRole('button', { name: 'Отправить' });
      const consent = page.getByLabel(CONSENT);

      if (javaScriptEnabled) {
        await expect(send).toBeDisabled();
        await consent.check();
        await expect(send).toBeEnabled();
        await consent.uncheck();
        await expect(send).toBeDisabled();
      } else {
        await expect(send).toBeEnabled();
        await send.click();
        await expect(page.getByRole('alert')).toContainText('Необходимо согласие на обработку персональных данных');
        await expect(page.getByLabel('Фамилия, имя и отчество')).toHaveValue('Кузнецова Мария Ивановна');
        await expect(page.getByLabel('Номер телефона')).toHaveValue('+7 915 123-45-67');
        await checkA11y();
      }

      await consent.check();
      await send.click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Заявка успешно отправлена');
      await expect(page.getByText('рассмотрит её до')).toContainText('27.11.2026');
      await checkA11y();
    });
  });
}
