// Requests, feedback and receipts across both programs, in real Chromium windows: a resident on
// the site (`page`) and a clerk in the operator console served by the HTTP bridge
// (`consolePage`). Replies are read where a resident gets them — from the SMTP server on
// 127.0.0.1 the mail worker delivers to — and the printed receipts are the downloaded PDF itself.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import { createRequest } from '../../shared/requests/resident.ts';
import { createResident } from '../support/factories.ts';
import { solidPng } from '../support/png.ts';
import { expect, test, type Office } from './office-fixtures.ts';
import { openSection, signInOnSite, signInToConsole } from './office-steps.ts';

const run = promisify(execFile);

/** The console's message after an action (role="status"; the loading note is one too, empty). */
const statusSays = (consolePage: Page, text: string) => consolePage.getByRole('status').filter({ hasText: text });

/** The resident picks «Авария», ticks what happened, describes it, attaches a photo and sends. */
async function reportEmergency(page: Page, o: { category: string; description: string; phone: string; photo: { name: string; buffer: Buffer } }): Promise<string> {
  await page.getByRole('link', { name: 'Обращения' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Обращения');
  await page.getByRole('link', { name: 'Новое обращение' }).click();
  await page.getByRole('link', { name: 'Авария' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сообщить об аварии');
  await page.getByLabel(o.category).check();
  await page.getByLabel('Описание').fill(o.description);
  await page.getByLabel('Телефон для связи').fill(o.phone);
  await page.getByLabel('Фотографии (необязательно)').setInputFiles({ name: o.photo.name, mimeType: 'image/png', buffer: o.photo.buffer });
  await page.getByRole('button', { name: 'Отправить обращение' }).click();
  const heading = page.getByRole('heading', { level: 1 });
  await expect(heading).toHaveText(/^Обращение А-\d{6}$/);
  await expect(page.getByRole('status')).toContainText('отправлено');
  return ((await heading.textContent()) ?? '').replace('Обращение ', '').trim();
}

/** Sends «Обратная связь» without signing in; the button waits for the consent box. */
async function sendFeedback(page: Page, office: Office, o: { name: string; email: string; topic: string; body: string }): Promise<void> {
  await page.goto(`${office.siteUrl}/login`);
  await page.getByRole('link', { name: 'Обратная связь' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Обратная связь');
  await page.getByLabel('Как к вам обращаться').fill(o.name);
  await page.getByLabel('Электронная почта').fill(o.email);
  await page.getByLabel('Тема').selectOption({ label: o.topic });
  await page.getByLabel('Сообщение', { exact: true }).fill(o.body);
  const send = page.getByRole('button', { name: 'Отправить' });
  await expect(send).toBeDisabled();
  await page.getByRole('checkbox', { name: /даю согласие на обработку/ }).check();
  await send.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Сообщение отправлено');
  await expect(page.getByText('Ответ придёт на указанный адрес электронной почты')).toBeVisible();
}

test.describe('office: requests, feedback and receipts across the site and the console', () => {
  test('a resident reports a leak with a photo; the clerk takes it, notes and replies; the resident reads the reply on the site and by e-mail', async ({ page, consolePage, office, checkConsoleA11y }) => {
    test.setTimeout(90_000);
    const email = 'zhukova@example.ru';
    const resident = await createResident(office.db, office.world, { accountNumber: '00061001', email });
    // «Ответ на обращение» by e-mail, as the resident chose in the profile.
    await office.db('notification_preferences').insert({ user_id: resident.userId, kind: 'request_reply', channel: 'email', enabled: true });
    // A question to the office half an hour earlier: older, so only the emergency rule puts the leak above it.
    const earlier = await createRequest(office.db, {
      userId: resident.userId, accountId: resident.accountId, channel: 'company', category: 'billing',
      description: 'Прошу пояснить начисление за содержание жилья в октябре', contactPhone: '+7 915 123-45-67',
      photos: [], ip: '127.0.0.1', now: Date.now() - 30 * 60_000,
    });
    const description = 'Течёт с потолка в ванной, вода капает на электрощиток в коридоре';
    const note = 'Соседи сверху из кв. 9 не открывают, слесарь выехал';
    const reply = 'Слесарь перекрыл стояк, протечка остановлена. Мастер придёт завтра с 9 до 12 часов.';

    await signInOnSite(page, office, resident.login, resident.password);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Лицевой счёт ${resident.accountNumber}`);
    const number = await reportEmergency(page, {
      category: 'Протечка, затопление', description, phone: '+7 915 765-43-21',
      photo: { name: 'протечка.png', buffer: solidPng(48, 32, [30, 90, 200]) },
    });
    await expect(page.getByRole('link', { name: 'протечка.png' })).toBeVisible();
    const requestUrl = page.url().replace(/\?.*$/, '');
    const requestId = new URL(requestUrl).pathname.split('/').pop();
    await page.getByRole('link', { name: 'Все обращения' }).click();
    await expect(page.getByRole('row', { name: new RegExp(number) })).toContainText('Протечка, затопление');
    await expect(page.getByRole('row', { name: new RegExp(number) })).toContainText('Новое');

    // The clerk's console: the red banner on the home screen, then the inbox with the leak on top.
    await signInToConsole(consolePage, office);
    await expect(consolePage.getByRole('heading', { level: 1 })).toHaveText('Сегодня');
    await expect(consolePage.getByRole('alert').filter({ hasText: 'Аварийные обращения:' })).toContainText('Аварийные обращения: 1 новое, никто не взял в работу.');
    await openSection(consolePage, 'Обращения');
    const rows = consolePage.getByRole('table', { name: 'Обращения' }).getByRole('row');
    await expect(rows).toHaveCount(3); // the header and two requests
    await expect(rows.nth(1)).toContainText(number);
    await expect(rows.nth(1).getByText('авария', { exact: true })).toBeVisible();
    await expect(rows.nth(1)).toContainText('Протечка, затопление');
    await expect(rows.nth(2)).toContainText(earlier.number);
    await expect(rows.nth(2).getByText('авария', { exact: true })).toHaveCount(0);
    await checkConsoleA11y();

    await rows.nth(1).getByRole('link', { name: number }).click();
    const title = consolePage.getByRole('heading', { level: 1 });
    await expect(title).toContainText(`Обращение ${number}: Протечка, затопление`);
    await expect(title).toContainText('авария');
    await expect(consolePage.getByText(description)).toBeVisible();
    // The phone as the resident typed it, stored in one form (+7 and ten digits) to dial from.
    await expect(consolePage.getByText('+79157654321', { exact: true })).toBeVisible();
    const photo = consolePage.getByRole('img', { name: 'Фото 1: протечка.png' });
    await expect(photo).toBeVisible();
    // Decoded, not a broken image: the browser knows its real size.
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([48, 32]);

    await consolePage.getByRole('button', { name: 'Взять себе' }).click();
    await expect(statusSays(consolePage, 'Обращение ваше, оно в работе.')).toBeVisible();
    await expect(consolePage.getByText(`В работе. Поступило`)).toBeVisible();
    await expect(consolePage.getByText(`Исполнитель: ${office.clerk.fullName}.`)).toBeVisible();

    await consolePage.getByLabel('Текст заметки (только для сотрудников)').fill(note);
    await consolePage.getByRole('button', { name: 'Добавить заметку' }).click();
    await expect(statusSays(consolePage, 'Заметка добавлена.')).toBeVisible();
    const thread = consolePage.getByRole('region', { name: 'Переписка' });
    await expect(thread.getByRole('listitem').filter({ hasText: note })).toContainText('Внутренняя заметка (абонент не видит)');

    // Ctrl+Enter in the field sends the answer, once.
    await consolePage.getByLabel('Текст ответа (увидит абонент)').fill(reply);
    await consolePage.getByLabel('Текст ответа (увидит абонент)').press('Control+Enter');
    await expect(statusSays(consolePage, 'Ответ отправлен абоненту.')).toBeVisible();
    await expect(thread.getByRole('listitem').filter({ hasText: reply })).toHaveCount(1);
    await expect(thread.getByRole('listitem').filter({ hasText: reply })).toContainText(`Ответ абоненту, ${office.clerk.fullName}`);
    await expect(consolePage.getByText('Дан ответ. Поступило')).toBeVisible();
    await checkConsoleA11y();
    // «?» outside a field lists the shortcuts.
    await consolePage.getByRole('heading', { level: 1 }).first().click();
    await consolePage.keyboard.press('?');
    const help = consolePage.getByRole('dialog', { name: 'Клавиши консоли' });
    await expect(help.getByRole('row', { name: /Alt\+1 Раздел «Сегодня»/ })).toBeVisible();
    await expect(help.getByRole('row', { name: /Ctrl\+Enter/ })).toBeVisible();
    await checkConsoleA11y();
    await help.getByRole('button', { name: 'Понятно' }).click();
    await expect(help).toHaveCount(0);

    // The e-mail the resident asked for, with the reply and never the note.
    const mail = await office.mailTo(email, `Ответ на обращение ${number}`);
    expect(mail.text).toContain(reply);
    expect(mail.text).toContain(`/requests/${requestId}`);
    expect(mail.text).not.toContain(note);
    expect(mail.html).not.toContain(note);

    // The resident's page of the request, reloaded: the dispatcher's reply, answered, no note.
    await page.goto(requestUrl);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Обращение ${number}`);
    await page.reload();
    const residentThread = page.getByRole('region', { name: 'Переписка' });
    await expect(residentThread.getByRole('article').filter({ hasText: reply })).toContainText('Диспетчерская служба');
    await expect(residentThread.getByRole('article')).toHaveCount(2);
    await expect(page.getByText(note)).toHaveCount(0);
    await expect(page.getByRole('region', { name: /Аварийно-диспетчерская служба: Протечка, затопление/ })).toContainText('Дан ответ');
    await page.getByRole('link', { name: 'Все обращения' }).click();
    await expect(page.getByRole('row', { name: new RegExp(number) })).toContainText('Дан ответ');
  });

  test('anyone writes through «Обратная связь» without signing in; a profane message is flagged; the clerk replies by e-mail', async ({ page, consolePage, office, checkConsoleA11y }) => {
    test.setTimeout(90_000);
    const polite = { name: 'Ольга Семёновна', email: 'olga.s@example.ru', topic: 'Предложение', body: 'Поставьте, пожалуйста, скамейку у третьего подъезда.' };
    // «6ля»: a digit for a letter, to slip past a plain word list.
    const rude = { name: 'Сосед', email: 'angry@example.ru', topic: 'Жалоба', body: 'Третий день нет горячей воды, 6ля, сколько можно ждать?' };
    const answer = 'Спасибо за предложение! Скамейку установим до конца месяца.';

    await sendFeedback(page, office, polite);
    await sendFeedback(page, office, rude);

    await signInToConsole(consolePage, office);
    await openSection(consolePage, 'Обратная связь');
    const table = consolePage.getByRole('table', { name: 'Сообщения обратной связи' });
    const politeRow = table.getByRole('row').filter({ hasText: polite.body });
    const rudeRow = table.getByRole('row').filter({ hasText: rude.body });
    await expect(rudeRow).toContainText('отмечено: Нецензурная лексика (1)');
    await expect(rudeRow).toContainText(rude.email);
    await expect(politeRow).toContainText(polite.name);
    await expect(politeRow).not.toContainText('отмечено');
    await checkConsoleA11y();

    const flagged = consolePage.getByLabel('Отмеченные проверкой');
    await flagged.selectOption({ label: 'Только отмеченные' });
    await expect(politeRow).toHaveCount(0);
    await expect(rudeRow).toHaveCount(1);
    await flagged.selectOption({ label: 'Без отмеченных' });
    await expect(rudeRow).toHaveCount(0);
    await expect(politeRow).toHaveCount(1);
    await flagged.selectOption({ label: 'Все сообщения' });
    await expect(rudeRow).toHaveCount(1);

    await politeRow.getByRole('button', { name: 'Ответить…' }).click();
    const dialog = consolePage.getByRole('dialog', { name: `Ответ для ${polite.name}` });
    await expect(dialog).toContainText(`Ответ уйдёт письмом на ${polite.email}.`);
    await dialog.getByLabel('Текст ответа').fill(answer);
    await dialog.getByRole('button', { name: 'Отправить ответ' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(statusSays(consolePage, `Ответ отправлен на ${polite.email}.`)).toBeVisible();

    const mail = await office.mailTo(polite.email, 'Ответ на ваше сообщение: Предложение');
    expect(mail.text).toContain(answer);
    expect(mail.text).toContain(`Ваше сообщение: «${polite.body}»`);
    await consolePage.getByLabel('Состояние').selectOption({ label: 'Отвеченные' });
    await expect(politeRow).toContainText(`Ответ (${office.clerk.fullName}`);
    await expect(politeRow).toContainText('Отвечено');
    expect(office.smtp.messages.filter((m) => m.envelopeTo.includes(rude.email))).toEqual([]);
  });

  test('the clerk sorts the inbox, keeps the filter in the address across a reload, closes two at once and exports the list to Excel', async ({ consolePage, office, checkConsoleA11y }, testInfo) => {
    test.setTimeout(60_000);
    const resident = await createResident(office.db, office.world, { accountNumber: '00063001' });
    const texts = ['Первое: не пришла квитанция', 'Второе: прошу сверку', 'Третье: вопрос по пени'];
    for (const [i, description] of texts.entries()) {
      await createRequest(office.db, {
        userId: resident.userId, accountId: resident.accountId, channel: 'company', category: 'billing', description,
        contactPhone: '+7 915 123-45-67', photos: [], ip: '127.0.0.1', now: Date.now() - (3 - i) * 60 * 60_000,
      });
    }
    await signInToConsole(consolePage, office);
    await openSection(consolePage, 'Обращения');
    await consolePage.getByLabel('Поиск: номер, счёт, телефон, адрес, текст').fill('00063001');
    await consolePage.getByRole('button', { name: 'Найти' }).click();
    const rows = consolePage.getByRole('table', { name: 'Обращения' }).getByRole('row').filter({ hasText: '00063001' });
    await expect(rows).toHaveCount(3);
    const sortByTime = consolePage.getByRole('button', { name: 'Поступило', exact: true });
    await sortByTime.click();
    await expect(rows.first()).toContainText(texts[0]!);
    await sortByTime.click();
    await expect(rows.first()).toContainText(texts[2]!);
    await expect(consolePage.getByRole('columnheader', { name: 'Поступило' })).toHaveAttribute('aria-sort', 'descending');
    // The address holds the list as it is: a reload (or a link to a colleague) opens it so.
    await expect.poll(() => new URL(consolePage.url()).hash).toBe('#/requests?search=00063001&sort=-created');
    await consolePage.reload();
    await expect(consolePage.getByLabel('Поиск: номер, счёт, телефон, адрес, текст')).toHaveValue('00063001');
    await expect(rows.first()).toContainText(texts[2]!);
    await expect(consolePage.getByRole('columnheader', { name: 'Поступило' })).toHaveAttribute('aria-sort', 'descending');

    // Two answered by phone: closed at once, and the inbox (open ones) keeps the third.
    for (const text of texts.slice(0, 2)) await rows.filter({ hasText: text }).getByRole('checkbox').check();
    await consolePage.getByRole('button', { name: 'Закрыть отмеченные (2)' }).click();
    await expect(statusSays(consolePage, 'Закрыто 2 обращения.')).toBeVisible();
    await expect(rows).toHaveCount(1);
    await checkConsoleA11y();

    await consolePage.getByLabel('Состояние').selectOption({ label: 'Все' });
    await expect(rows).toHaveCount(3);
    await consolePage.getByRole('group', { name: 'Выгрузка списка' }).getByRole('button', { name: 'Excel' }).click();
    const link = consolePage.getByRole('link', { name: /^Скачать Обращения .+\.xlsx$/ });
    const [download] = await Promise.all([consolePage.waitForEvent('download'), link.click()]);
    const file = testInfo.outputPath('requests.xlsx');
    await download.saveAs(file);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const sheet = book.worksheets[0]!;
    const cells = (r: number) => (sheet.getRow(r).values as unknown[]).slice(1).map(String);
    expect(cells(1).slice(0, 3)).toEqual(['Номер', 'Тема', 'Текст']);
    expect(sheet.rowCount).toBe(4);
    expect([2, 3, 4].map((r) => [cells(r)[2], cells(r)[8]])).toEqual([
      [texts[2], 'Новое'], [texts[1], 'Закрыто'], [texts[0], 'Закрыто'],
    ]);
  });

  test('the clerk prints a period\'s receipts and downloads one PDF with a page per account', async ({ consolePage, office, checkConsoleA11y }, testInfo) => {
    test.setTimeout(90_000);
    const printed = [];
    for (const accountNumber of ['00062001', '00062002', '00062003']) printed.push(await createResident(office.db, office.world, { accountNumber }));
    // The last period with charges, and how many accounts were billed in it (other tests of this
    // worker may have added residents, so it is read, not assumed).
    const last = await office.db('balances').max({ period: 'period' }).first();
    const period = String(last?.period);
    const billed = await office.db('balances').where({ period }).countDistinct({ n: 'account_id' }).first();
    const accounts = Number(billed?.n);
    expect(accounts).toBeGreaterThanOrEqual(3);

    await signInToConsole(consolePage, office);
    await openSection(consolePage, 'Квитанции');
    // The screen opens on the newest billed month (the calendar month may have nothing yet).
    await expect(consolePage.getByLabel('Период')).toHaveValue(period);
    await expect(consolePage.getByLabel('Кому')).toHaveValue('');
    await consolePage.getByRole('button', { name: 'Напечатать квитанции' }).click();
    await expect(consolePage.getByText(`квитанций: ${accounts} из ${accounts}, 100%`)).toBeVisible();
    await expect(consolePage.getByRole('progressbar', { name: 'Ход печати' })).toHaveJSProperty('value', 100);
    const ready = consolePage.getByRole('status').filter({ hasText: 'Квитанции напечатаны' });
    await expect(ready).toContainText(`Квитанции напечатаны: ${accounts}.`);
    const link = ready.getByRole('link', { name: /^Скачать .+\.pdf$/ });
    await checkConsoleA11y();

    const [download] = await Promise.all([consolePage.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(((await link.textContent()) ?? '').replace(/^Скачать /, ''));
    const file = testInfo.outputPath('receipts.pdf');
    await download.saveAs(file);
    expect((await readFile(file)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const { stdout } = await run('pdfinfo', [file]);
    expect(/^Pages:\s+(\d+)$/m.exec(stdout)?.[1]).toBe(String(accounts));

    // «Почему так много?» from a caller who gives the address: found by its words, then the
    // account as its resident sees it, opened from the resident's card.
    await office.db('accounts').where({ id: printed[0]!.accountId }).update({ address: 'г. Десногорск, ул. Ясная, д. 7, кв. 12' });
    await openSection(consolePage, 'Абоненты');
    await consolePage.getByLabel('Лицевой счёт, логин, ФИО, адрес или e-mail').fill('ясная 7');
    await consolePage.getByRole('button', { name: 'Найти' }).click();
    const found = consolePage.getByRole('table', { name: 'Найденные абоненты' }).getByRole('row').filter({ hasText: 'ул. Ясная, д. 7, кв. 12' });
    await expect(found).toHaveCount(1);
    await found.getByRole('link', { name: printed[0]!.login }).click();
    await consolePage.getByRole('link', { name: '00062001' }).click();
    await expect(consolePage.getByRole('heading', { level: 1 })).toHaveText('Лицевой счёт 00062001');
    const charges = consolePage.getByRole('table', { name: `Начисления по услугам за ${await consolePage.getByLabel('Период').locator('option:checked').textContent()}` });
    await expect(charges.getByRole('row')).not.toHaveCount(0);
    await expect(charges.getByRole('cell', { name: 'Холодное водоснабжение' })).toBeVisible();
    await checkConsoleA11y();

    // The resident on the phone gives the cold water reading (the window opened for the whole
    // month: the tests run on the real date). Same rules as the site; the source says «по телефону».
    await office.db('settings').where({ key: 'readings.window' }).update({ value: JSON.stringify({ startDay: 1, endDay: 31 }) });
    await consolePage.getByRole('row', { name: /CW-00062001/ }).getByRole('button', { name: 'Принять показания…' }).click();
    const dialog = consolePage.getByRole('dialog', { name: 'Показания счётчика № CW-00062001' });
    await dialog.getByLabel('Показание').fill('100');
    await dialog.getByRole('button', { name: 'Принять' }).click();
    await expect(dialog.getByRole('alert')).toContainText('меньше');
    await checkConsoleA11y();
    await dialog.getByLabel('Показание').fill('112,5');
    await dialog.getByRole('button', { name: 'Принять' }).click();
    await expect(consolePage.getByRole('status').filter({ hasText: 'Показания счётчика № CW-00062001 приняты по телефону.' })).toBeVisible();
    await expect(consolePage.getByRole('row', { name: /CW-00062001/ })).toContainText('112,5 м³, принято по телефону');

    // The meter's whole history, newest first, and the chosen month's receipt reissued as a PDF.
    await consolePage.getByRole('row', { name: /CW-00062001/ }).getByRole('button', { name: 'История…' }).click();
    const historyDialog = consolePage.getByRole('dialog', { name: 'История показаний: № CW-00062001' });
    await expect(historyDialog.getByRole('row').nth(1)).toContainText('112,5');
    await expect(historyDialog.getByRole('row').nth(1)).toContainText('принято по телефону');
    await checkConsoleA11y();
    await historyDialog.getByRole('button', { name: 'Закрыть' }).click();
    await consolePage.getByRole('button', { name: /^Квитанция за .+ \(PDF\)$/ }).click();
    const receiptLink = consolePage.getByRole('link', { name: /^Скачать Квитанция 00062001 за \d{4}-\d{2}\.pdf$/ });
    const [receipt] = await Promise.all([consolePage.waitForEvent('download'), receiptLink.click()]);
    const one = testInfo.outputPath('one-receipt.pdf');
    await receipt.saveAs(one);
    expect((await readFile(one)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
