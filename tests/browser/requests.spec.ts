// Requests and feedback in a real Chromium, with JavaScript on and off: a resident reports a
// leak with a photo and finds it in the list; anyone sends a message through «Обратная связь»
// without signing in. Every page is checked with axe.
import { createResident, type ResidentFixture } from '../support/factories.ts';
import { expect, test } from './fixtures.ts';
import { signInAs } from './site-steps.ts';

const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2048, 7)]);

for (const javaScriptEnabled of [true, false]) {
  test.describe(`requests, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });
    let resident: ResidentFixture;

    test.beforeAll(async ({ database }) => {
      resident = await createResident(database.db, database.world, { accountNumber: javaScriptEnabled ? '00095001' : '00095002' });
    });

    test('a resident reports a leak with a photo and sees it in the list', async ({ page, site, checkA11y }) => {
      await signInAs(page, site.url, resident);
      await page.getByRole('link', { name: 'Обращения' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Обращения');
      await checkA11y();

      await page.getByRole('link', { name: 'Новое обращение' }).click();
      await expect(page.getByText('Если угрожает жизни — звоните 112.')).toBeVisible();
      await checkA11y();
      await page.getByRole('link', { name: 'Авария' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сообщить об аварии');

      await page.getByRole('button', { name: 'Отправить обращение' }).click();
      await expect(page.getByRole('alert')).toContainText('Опишите, что случилось');
      await checkA11y();

      await page.getByLabel('Протечка, затопление').check();
      await page.getByLabel('Описание').fill('Течёт потолок в ванной, сверху заливают соседи');
      await page.getByLabel('Телефон для связи').fill('+7 915 123-45-67');
      await page.getByLabel('Фотографии (необязательно)').setInputFiles({ name: 'потолок.jpg', mimeType: 'image/jpeg', buffer: JPEG });
      await page.getByRole('button', { name: 'Отправить обращение' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(/^Обращение А-\d{6}$/);
      await expect(page.getByRole('status')).toContainText('отправлено');
      await expect(page.getByRole('link', { name: 'потолок.jpg' })).toBeVisible();
      await checkA11y();

      await page.getByRole('link', { name: 'Все обращения' }).click();
      await expect(page.getByRole('row', { name: /Протечка, затопление/ })).toContainText('Новое');
    });

    test('anyone sends a message through «Обратная связь» without signing in', async ({ page, site, checkA11y }) => {
      await page.goto(`${site.url}/login`);
      await page.getByRole('link', { name: 'Обратная связь' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Обратная связь');
      await checkA11y();
      await page.getByLabel('Как к вам обращаться').fill('Ольга');
      await page.getByLabel('Электронная почта').fill(`olga-${javaScriptEnabled ? 'js' : 'nojs'}@example.ru`);
      await page.getByLabel('Тема').selectOption({ label: 'Предложение' });
      await page.getByLabel('Сообщение', { exact: true }).fill(`Поставьте, пожалуйста, скамейку у подъезда (${javaScriptEnabled ? 1 : 2})`);
      await page.getByRole('checkbox', { name: /даю согласие на обработку/ }).check();
      await page.getByRole('button', { name: 'Отправить' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сообщение отправлено');
      await checkA11y();
    });
  });
}
