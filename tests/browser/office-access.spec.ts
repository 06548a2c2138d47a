// Access across both programs, in real Chromium windows: a resident on the site (`page`) and a
// clerk in the operator console served by the HTTP bridge (`consolePage`). Every e-mail is read
// where a resident would get it — from the SMTP server on 127.0.0.1 the mail worker delivers to —
// and the login and password in it are the ones the resident then signs in with.
import type { Locator, Page } from '@playwright/test';
import { createResident } from '../support/factories.ts';
import { createAccountWithoutLogin, passwordIn, resetLinkIn } from '../support/self-service.ts';
import type { ReceivedMessage } from '../support/smtp.ts';
import { getSetting, setSetting } from '../../shared/settings/settings.ts';
import { expect, test, type Office } from './office-fixtures.ts';
import { setOwnPassword, signInOnSite, signInToConsole } from './office-steps.ts';

const CONSENT = 'Я принимаю пользовательское соглашение и даю согласие на обработку моих персональных данных';
const ACCESS_GRANTED = 'Доступ к личному кабинету абонента';

interface Applicant {
  fullName: string;
  accountNumber: string;
  email: string;
}

function loginIn(message: ReceivedMessage): string {
  const login = /^Логин: (\S+)$/m.exec(message.text ?? '')?.[1];
  if (!login) throw new Error(`no login in the e-mail:\n${message.text}`);
  return login;
}

/** The resident fills «Заявка на получение доступа» and returns the deadline the site promises. */
async function applyForAccess(page: Page, office: Office, applicant: Applicant): Promise<string> {
  await page.goto(`${office.siteUrl}/login`);
  await page.getByRole('link', { name: 'Подайте заявку на получение доступа' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Заявка на получение доступа');
  await page.getByLabel('Фамилия, имя и отчество').fill(applicant.fullName);
  await page.getByLabel('Адрес помещения').fill(`г. Десногорск, 1-й микрорайон, д. 1, кв. ${Number(applicant.accountNumber.slice(-2))}`);
  await page.getByLabel('Номер лицевого счёта', { exact: true }).fill(applicant.accountNumber);
  await page.getByLabel('Электронная почта').fill(applicant.email);
  await page.getByLabel('Номер телефона').fill('+7 915 123-45-67');
  const send = page.getByRole('button', { name: 'Отправить' });
  await expect(send).toBeDisabled();
  await page.getByLabel(CONSENT).check();
  await send.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Заявка успешно отправлена');
  const promise = await page.getByText('рассмотрит её до').textContent();
  const deadline = /\d{2}\.\d{2}\.\d{4}/.exec(promise ?? '')?.[0];
  if (!deadline) throw new Error(`no deadline on the page: ${promise}`);
  return deadline;
}

/** The queue «Заявки»: the application waits there with the deadline the resident was promised. */
async function findInQueue(consolePage: Page, applicant: Applicant, deadline: string): Promise<Locator> {
  await consolePage.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Заявки' }).click();
  await expect(consolePage.getByRole('heading', { level: 1 })).toHaveText('Заявки на доступ');
  const row = consolePage.getByRole('row').filter({ hasText: applicant.fullName });
  await expect(row).toContainText(applicant.accountNumber);
  await expect(row).toContainText('Новая');
  await expect(row).toContainText(deadline);
  return row;
}

async function openFromQueue(consolePage: Page, row: Locator, applicant: Applicant, deadline: string): Promise<void> {
  await row.getByRole('link', { name: applicant.fullName }).click();
  await expect(consolePage.getByRole('heading', { level: 1 })).toContainText(applicant.fullName);
  await expect(consolePage.getByText(`ответить до ${deadline}`)).toBeVisible();
}

test.describe('office: access across the site and the console', () => {
  test('the console without a session shows only the sign-in screen, and its API answers 401', async ({ consolePage, office }) => {
    await consolePage.goto(`${office.consoleUrl}/#/applications`);
    await expect(consolePage.getByRole('heading', { level: 1 })).toHaveText('Вход в консоль оператора');
    await expect(consolePage.getByRole('navigation', { name: 'Разделы' })).toHaveCount(0);
    const answer = await consolePage.evaluate(async () => {
      const response = await fetch('/api/listApplications', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kkp-console': '1' },
        body: JSON.stringify({ status: 'all', page: 1 }),
      });
      return { status: response.status, body: (await response.json()) as { ok: boolean; error?: { id: string } } };
    });
    expect(answer).toEqual({ status: 401, body: expect.objectContaining({ ok: false, error: expect.objectContaining({ id: 'unauthenticated' }) }) });
  });

  test('applies on the site, the clerk approves in the console, the resident signs in with the e-mailed password', async ({ page, consolePage, office, checkConsoleA11y }) => {
    test.setTimeout(90_000);
    const applicant = { fullName: 'Кузнецова Мария Ивановна', accountNumber: '00041001', email: 'kuznetsova@example.ru' };
    await createAccountWithoutLogin(office.db, office.world, { accountNumber: applicant.accountNumber });

    const deadline = await applyForAccess(page, office, applicant);
    const received = await office.mailTo(applicant.email, 'Заявка на доступ к личному кабинету получена');
    expect(received.text).toContain(`Заявка будет рассмотрена до ${deadline} включительно`);

    await consolePage.goto(office.consoleUrl);
    await expect(consolePage.getByRole('heading', { level: 1 })).toHaveText('Вход в консоль оператора');
    await checkConsoleA11y();
    await signInToConsole(consolePage, office);
    const row = await findInQueue(consolePage, applicant, deadline);
    await checkConsoleA11y();
    await openFromQueue(consolePage, row, applicant, deadline);
    await checkConsoleA11y();

    const account = consolePage.getByRole('radio', { name: new RegExp(applicant.accountNumber) });
    await expect(account).toBeVisible();
    await account.check();
    await consolePage.getByRole('button', { name: 'Одобрить и выдать логин' }).click();
    // The account's owner is someone else on the billing data: the console names the mismatch
    // and approves only once the clerk confirms it.
    const question = consolePage.getByRole('dialog', { name: 'Данные не совпадают' });
    await expect(question).toContainText(`Заявка не совпадает со счётом ${applicant.accountNumber}: фамилия владельца (в заявке — ${applicant.fullName}, у счёта —`);
    await checkConsoleA11y();
    await question.getByRole('button', { name: 'Всё равно одобрить' }).click();
    await expect(consolePage.getByRole('status').filter({ hasText: 'Заявка одобрена' })).toHaveText('Заявка одобрена, логин выдан.');
    await expect(consolePage.getByText(`Выдан логин ${applicant.accountNumber}`)).toBeVisible();
    await expect(consolePage.getByRole('button', { name: 'Одобрить и выдать логин' })).toHaveCount(0);

    const granted = await office.mailTo(applicant.email, ACCESS_GRANTED);
    expect(granted.text).toContain(`для лицевого счёта ${applicant.accountNumber} открыт доступ`);
    const login = loginIn(granted);
    expect(login).toBe(applicant.accountNumber);
    const issued = passwordIn(granted.text ?? '');
    await signInOnSite(page, office, login, issued);
    await setOwnPassword(page, issued, 'Моя-квартира-2026');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Лицевой счёт ${applicant.accountNumber}`);
  });

  test('applies on the site, the clerk rejects with a reason, the reason arrives by e-mail', async ({ page, consolePage, office, checkConsoleA11y }) => {
    test.setTimeout(90_000);
    const applicant = { fullName: 'Петров Пётр Петрович', accountNumber: '00041002', email: 'petrov@example.ru' };
    const reason = 'Лицевой счёт оформлен на другого собственника. Обратитесь в абонентский отдел с документами на квартиру.';
    await createAccountWithoutLogin(office.db, office.world, { accountNumber: applicant.accountNumber });
    const templates = await getSetting(office.db, 'answers.templates');
    await setSetting(office.db, 'answers.templates', { ...templates, reject: [...templates.reject.filter((t) => t.title !== 'Другой собственник'), { title: 'Другой собственник', body: reason }] });

    const deadline = await applyForAccess(page, office, applicant);
    await signInToConsole(consolePage, office);
    await openFromQueue(consolePage, await findInQueue(consolePage, applicant, deadline), applicant, deadline);

    await consolePage.getByRole('button', { name: 'Отклонить…' }).click();
    const dialog = consolePage.getByRole('dialog', { name: 'Отклонить заявку' });
    // The reason from the administrator's ready-made ones: picked by name, then sent as it stands.
    await dialog.getByLabel('Готовая причина').selectOption({ label: 'Другой собственник' });
    await expect(dialog.getByLabel('Причина (увидит заявитель)')).toHaveValue(reason);
    await checkConsoleA11y();
    await dialog.getByRole('button', { name: 'Отклонить заявку' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(consolePage.getByRole('status').filter({ hasText: 'Заявка отклонена' })).toHaveText('Заявка отклонена.');
    await expect(consolePage.getByText(`Причина: ${reason}`)).toBeVisible();

    const rejected = await office.mailTo(applicant.email, 'Заявка на доступ к личному кабинету отклонена');
    expect(rejected.text).toContain(`Причина: ${reason}`);
    expect(rejected.html).toContain('Причина:');

    await consolePage.getByRole('link', { name: '← К списку заявок' }).click();
    await consolePage.getByLabel('Состояние').selectOption({ label: 'Отклонённые' });
    const row = consolePage.getByRole('row').filter({ hasText: applicant.fullName });
    await expect(row).toContainText('Отклонена');
    await consolePage.getByLabel('Состояние').selectOption({ label: 'Новые' });
    await expect(consolePage.getByRole('row').filter({ hasText: applicant.fullName })).toHaveCount(0);
    expect(office.smtp.messages.filter((m) => m.envelopeTo.includes(applicant.email) && m.subject === ACCESS_GRANTED)).toEqual([]);
  });

  test('a resident locked out by wrong passwords calls; the clerk finds them in «Подозрительные» and opens the way in; the right password works', async ({ page, consolePage, office, checkConsoleA11y }) => {
    test.setTimeout(60_000);
    const resident = await createResident(office.db, office.world, { accountNumber: '00041005' });
    for (let i = 0; i < 5; i++) {
      await signInOnSite(page, office, resident.login, 'не тот пароль');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Вход в личный кабинет');
    }
    await signInOnSite(page, office, resident.login, resident.password);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Вход в личный кабинет');

    await signInToConsole(consolePage, office);
    await consolePage.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: /^Подозрительные/ }).click();
    await consolePage.getByRole('link', { name: resident.login, exact: true }).click();
    await expect(consolePage.getByText(/вход закрыт после неудачных попыток до/)).toBeVisible();
    await consolePage.getByRole('button', { name: 'Открыть вход' }).click();
    await expect(consolePage.getByRole('status').filter({ hasText: 'Вход открыт' })).toHaveText('Вход открыт: абонент может войти сейчас.');
    await expect(consolePage.getByRole('button', { name: 'Открыть вход' })).toHaveCount(0);
    await checkConsoleA11y();

    await signInOnSite(page, office, resident.login, resident.password);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Лицевой счёт ${resident.accountNumber}`);
  });

  test('registers with the receipt amount and signs in with the password e-mailed over SMTP', async ({ page, office }) => {
    test.setTimeout(60_000);
    const account = await createAccountWithoutLogin(office.db, office.world, { accountNumber: '00042001' });
    const email = 'sidorova@example.ru';
    await page.goto(`${office.siteUrl}/login`);
    await page.getByRole('link', { name: 'Зарегистрироваться' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Регистрация в личном кабинете');
    await page.getByLabel('Номер лицевого счёта', { exact: true }).fill(account.accountNumber);
    await page.getByLabel('Сумма к оплате из последней квитанции, ₽').fill('1 500,00');
    await page.getByLabel('Электронная почта').fill(email);
    await page.getByRole('checkbox', { name: /даю согласие на обработку/ }).check();
    await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Регистрация выполнена');

    const welcome = await office.mailTo(email, ACCESS_GRANTED);
    const login = loginIn(welcome);
    expect(login).toBe(account.accountNumber);
    const issued = passwordIn(welcome.text ?? '');
    await signInOnSite(page, office, login, issued);
    await setOwnPassword(page, issued, 'Сидорова-дом-2026');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Лицевой счёт ${account.accountNumber}`);
  });

  test('resets a forgotten password by the e-mailed link: the new one works, the old one and the used link do not', async ({ page, office }) => {
    test.setTimeout(60_000);
    const email = 'orlova@example.ru';
    const resident = await createResident(office.db, office.world, { accountNumber: '00043001', email });
    await page.goto(`${office.siteUrl}/login`);
    await page.getByRole('link', { name: 'Забыли пароль?' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Восстановление пароля');
    await page.getByLabel('Логин, номер лицевого счёта или электронная почта').fill(resident.login);
    await page.getByRole('button', { name: 'Отправить ссылку' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Проверьте почту');

    const resetMail = await office.mailTo(email, 'Смена пароля в личном кабинете');
    const { path } = resetLinkIn(resetMail.text ?? '');
    await page.goto(`${office.siteUrl}${path}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Новый пароль');
    await page.getByLabel('Новый пароль', { exact: true }).fill('Novyi-parol-2026');
    await page.getByLabel('Новый пароль ещё раз').fill('Novyi-parol-2026');
    await page.getByRole('button', { name: 'Сохранить пароль' }).click();
    await expect(page.getByRole('status')).toContainText('Пароль изменён. Войдите с новым паролем.');
    await office.mailTo(email, 'Пароль изменён');

    await signInOnSite(page, office, resident.login, resident.password);
    await expect(page.getByRole('alert')).toContainText('Неверный логин или пароль');
    await signInOnSite(page, office, resident.login, 'Novyi-parol-2026');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Лицевой счёт ${resident.accountNumber}`);

    await page.goto(`${office.siteUrl}${path}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Ссылка не работает');
  });
});
