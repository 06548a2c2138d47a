// An administrator sets up card payments in the console's «Настройки» (served by the HTTP bridge)
// and the resident sees the result on the site: the provider in effect before and after, the ЮKassa
// key typed once and then only reported as set, 54-ФЗ receipts switched on — and a resident with
// no e-mail in the profile is asked for one on the pay form. The office database is shared by the
// worker's specs: this one uses its own administrator and account, and puts the provider back.
import { getSetting, setSetting } from '../../shared/settings/settings.ts';
import { createStaff, type StaffFixture } from '../support/console.ts';
import { createResident, type ResidentFixture } from '../support/factories.ts';
import { expect, test } from './office-fixtures.ts';
import { openSection, signInOnSite, signInToConsole } from './office-steps.ts';

const SECRET_KEY = 'test_Browser-Key-0123456789';

test.describe('payment settings in the console', () => {
  let admin: StaffFixture;
  let resident: ResidentFixture;

  test.beforeAll(async ({ office }) => {
    admin = await createStaff(office.db, 'administrator', 'settings-admin');
    resident = await createResident(office.db, office.world, { accountNumber: '00046001' });
  });

  test.afterAll(async ({ office }) => {
    await setSetting(office.db, 'payments.provider', 'sandbox');
    await setSetting(office.db, 'payments.yookassa', null);
    await setSetting(office.db, 'payments.fiscal', null);
  });

  test('an administrator switches card payments to ЮKassa with receipts, and the site follows', async ({ office, page, consolePage, checkConsoleA11y }) => {
    test.setTimeout(60_000);
    await consolePage.setViewportSize({ width: 1366, height: 768 });
    await signInToConsole(consolePage, office, admin);
    await openSection(consolePage, 'Настройки');
    // At a clerk's 1366 px every company field shows its whole value (none scrolls inside its box).
    const company = consolePage.getByRole('group', { name: 'Организация и банковские реквизиты' });
    await company.getByLabel('Полное название').fill('Муниципальное унитарное предприятие «Десногорские коммунальные системы»');
    for (const label of ['Полное название', 'Расчётный счёт', 'Корреспондентский счёт']) {
      const cut = await company.getByLabel(label).evaluate((input: HTMLInputElement) => input.scrollWidth > input.clientWidth);
      expect(cut, label).toBe(false);
    }
    await consolePage.reload();
    await expect(consolePage.getByRole('heading', { level: 1 })).toHaveText('Настройки');
    const payments = consolePage.getByRole('group', { name: 'Оплата картой' });
    await expect(payments.getByText('Сейчас на сайте: Тестовый режим (без банка)')).toBeVisible();
    await expect(payments.getByLabel('Тестовый режим (без банка, деньги не списываются)')).toBeChecked();
    await checkConsoleA11y();

    // ЮKassa without its key is refused, field by field, and nothing changes.
    await payments.getByLabel('ЮKassa (банковские карты, СБП)').check();
    await consolePage.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await expect(payments.getByText('Укажите shopId магазина ЮKassa')).toBeVisible();
    await expect(payments.getByText('Укажите секретный ключ магазина ЮKassa')).toBeVisible();
    expect(await getSetting(office.db, 'payments.provider')).toBe('sandbox');
    // The form is long: what it refused is summed up at its top, each a link to its field.
    const summary = consolePage.locator('.error-summary');
    await expect(summary).toBeFocused();
    await expect(summary.getByRole('listitem')).toHaveCount(2);
    await summary.getByRole('link', { name: 'shopId' }).click();
    await expect(payments.getByLabel('shopId')).toBeFocused();
    await checkConsoleA11y();

    await payments.getByLabel('shopId').fill('123456');
    await payments.getByLabel('Секретный ключ').fill(SECRET_KEY);
    const fiscal = consolePage.getByRole('group', { name: 'Чеки по 54-ФЗ' });
    await fiscal.getByLabel('Передавать в ЮKassa данные для чека при каждой оплате').check();
    await fiscal.getByLabel('«Чеки от ЮKassa» (чек уходит только на e-mail)').check();
    await fiscal.getByLabel('Ставка НДС').selectOption({ label: 'Без НДС' });
    await fiscal.getByLabel('Система налогообложения').selectOption({ label: 'Упрощённая, доходы' });
    await consolePage.getByRole('button', { name: 'Сохранить', exact: true }).click();

    await expect(consolePage.getByRole('status').filter({ hasText: 'Настройки сохранены.' })).toBeVisible();
    await expect(payments.getByText('Сейчас на сайте: ЮKassa, магазин 123456')).toBeVisible();
    await expect(payments.getByLabel('Секретный ключ')).toHaveValue('');
    await expect(payments.getByText('Задан; оставьте пустым, чтобы не менять')).toBeVisible();
    await expect(consolePage.locator('body')).not.toContainText(SECRET_KEY);
    await checkConsoleA11y();
    expect(await getSetting(office.db, 'payments.yookassa')).toEqual({ shopId: '123456', secretKey: SECRET_KEY, checkNotifierIp: false });
    expect(await getSetting(office.db, 'payments.fiscal')).toEqual({ issuer: 'yookassa', vatCode: 1, taxSystemCode: 2, paymentSubject: 'service', paymentMode: 'full_payment' });

    // A ready-made reply for the clerks: a nameless one is refused beside its field, then saved.
    const templates = consolePage.getByRole('form', { name: 'Шаблоны ответов' });
    const replies = templates.getByRole('group', { name: 'Ответы на обращения и сообщения' });
    await replies.getByRole('button', { name: 'Добавить ответ' }).click();
    const count = await replies.getByLabel(/^Текст \d+$/).count();
    await replies.getByLabel(`Текст ${count}`).fill('Показания приняты, спасибо!');
    await templates.getByRole('button', { name: 'Сохранить шаблоны' }).click();
    await expect(replies.getByText('Назовите шаблон')).toBeVisible();
    await replies.getByLabel(`Название ${count}`).fill('Показания приняты');
    await templates.getByRole('button', { name: 'Сохранить шаблоны' }).click();
    await expect(templates.getByRole('status')).toHaveText('Шаблоны сохранены.');
    expect((await getSetting(office.db, 'answers.templates')).reply.at(-1)).toEqual({ title: 'Показания приняты', body: 'Показания приняты, спасибо!' });

    // The resident has no e-mail: the pay form names ЮKassa and asks for an address for the receipt.
    await signInOnSite(page, office, resident.login, resident.password);
    await page.goto(`${office.siteUrl}/pay`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Оплата');
    await expect(page.getByText('(ЮKassa)')).toBeVisible();
    await expect(page.getByText('Тестовая оплата (без банка).')).toHaveCount(0);
    await expect(page.getByLabel('E-mail для кассового чека')).toBeVisible();
  });

  test('every console section and its shortcuts dialog passes axe at 1366×768, with sortable headers telling their order', async ({ consolePage, office, checkConsoleA11y }) => {
    test.setTimeout(60_000);
    await consolePage.setViewportSize({ width: 1366, height: 768 });
    await signInToConsole(consolePage, office, admin);
    const sections = ['Сегодня', 'Обращения', 'Заявки', 'Абоненты', 'Обратная связь', 'Обмен с биллингом', 'Квитанции', 'Рассылки', 'Подозрительные', 'Журнал', 'Сотрудники', 'Настройки'];
    for (const label of sections) {
      await consolePage.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: new RegExp(`^${label}`) }).click();
      await expect(consolePage.getByRole('heading', { level: 1 })).toBeVisible();
      await consolePage.waitForLoadState('networkidle');
      await checkConsoleA11y();
    }
    // A sorted column says so to a screen reader.
    await openSection(consolePage, 'Сотрудники');
    await consolePage.getByRole('button', { name: 'ФИО', exact: true }).click();
    await expect(consolePage.getByRole('columnheader', { name: 'ФИО' })).toHaveAttribute('aria-sort', 'ascending');
    await consolePage.keyboard.press('Shift+?');
    await expect(consolePage.getByRole('dialog')).toBeVisible();
    await checkConsoleA11y();
  });
});
