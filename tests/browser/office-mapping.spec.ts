// A clerk makes a source for a billing system's file never seen before — a 1C-style CSV in
// windows-1251 with `;`, two title lines above the header, service names instead of codes and
// decimal commas — by pointing at its columns in «Новый источник». The preview lists the two
// unknown service names; the clerk maps «ХВС» to cold water and confirms «Отопление» as new,
// the dry run says what will be added, replaced and deleted; the clerk confirms the deletion and loads the file. The
// resident sees September as the file says; undo puts every row back and removes the service.
// Opened again, the source keeps its dictionary when saved over itself.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { createResident } from '../support/factories.ts';
import { snapshot } from '../support/import-run.ts';
import { expect, test } from './office-fixtures.ts';
import { openSection, signInOnSite, signInToConsole } from './office-steps.ts';

const statement = (account: string) =>
  [
    'Ведомость начислений за сентябрь 2026 г.',
    'ООО «УК Десна»',
    'Лицевой счет;Период;Услуга;Начислено;Итого',
    `${account};Сентябрь 2026;Отопление;2 850,12;2 850,12`,
    `${account};Сентябрь 2026;ХВС;412,70;412,70`,
    ';;Итого;3 262,82;3 262,82',
  ].join('\r\n') + '\r\n';

test.describe('office: a new source made in the console', () => {
  let dir = '';
  test.beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kkp-mapping-e2e-'));
  });
  test.afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('the clerk maps an unseen 1C CSV, answers its unknown services, loads it; undo restores everything', async ({ page, consolePage, office, checkConsoleA11y }) => {
    await consolePage.setViewportSize({ width: 1366, height: 768 });
    const resident = await createResident(office.db, office.world, { accountNumber: '00072001', lastPeriod: '2026-09' });
    const file = join(dir, 'vedomost-09-2026.csv');
    await writeFile(file, iconv.encode(statement(resident.accountNumber), 'windows-1251'));
    const before = await snapshot(office.db);

    await signInToConsole(consolePage, office);
    await openSection(consolePage, 'Обмен с биллингом');
    await consolePage.getByRole('button', { name: 'Новый источник…' }).click();
    const form = consolePage.getByRole('region', { name: 'Новый источник' });
    await form.getByLabel('Файл источника (CSV, XLSX или DBF)').setInputFiles(file);
    const rows = form.getByRole('region', { name: /Первые строки файла/ });
    await expect(rows).toContainText('Ведомость начислений за сентябрь 2026 г.');
    await expect(rows).toContainText('2 850,12');
    await expect(form.getByLabel('Строка заголовка')).toHaveValue('3');
    await expect(form.getByLabel('Кодировка')).toBeVisible();
    await expect(form.getByText('Сейчас: windows-1251')).toBeVisible();
    await checkConsoleA11y();

    // Fields named like the header's columns are picked already; the service code is the «Услуга» column.
    await expect(form.getByLabel('Лицевой счет', { exact: true })).toHaveValue('c0');
    await form.getByLabel('Код услуги', { exact: true }).selectOption({ label: '3: Услуга' });
    await form.getByLabel('Дробная часть чисел отделяется').selectOption(',');
    await form.getByRole('button', { name: 'Сохранить источник' }).click();
    await expect(form.getByLabel('Название источника')).toBeFocused();
    await form.getByLabel('Название источника').fill('1С: ведомость начислений');
    await form.getByRole('button', { name: 'Сохранить источник' }).click();

    await expect(consolePage.getByText('Источник «1С: ведомость начислений» сохранён.')).toBeVisible();
    await expect(consolePage.getByLabel('Сопоставление столбцов')).toHaveValue('1С: ведомость начислений');
    await expect(consolePage.getByRole('heading', { name: 'Первые строки файла «vedomost-09-2026.csv»' })).toBeVisible();

    // The preview already lists the services the portal does not know.
    await expect(consolePage.getByRole('table', { name: 'Неизвестные услуги файла' })).toContainText('ХВС');
    await consolePage.getByLabel('Услуга портала для «ХВС»').selectOption({ label: 'Холодное водоснабжение (cold_water)' });
    await consolePage.getByLabel('Услуга портала для «Отопление»').selectOption({ label: 'Создать новую услугу «Отопление»' });
    await consolePage.getByRole('button', { name: 'Применить и проверить файл снова' }).click();

    await expect(consolePage.getByRole('region', { name: 'Таблица первых строк (прокручивается)' }).getByRole('row').filter({ hasText: 'ХВС' })).toContainText('cold_water');
    const summary = consolePage.getByRole('list', { name: 'Что изменится при загрузке' });
    await expect(summary).toContainText('Будет добавлено 1 начисление за 09.2026, заменено 1', { timeout: 30_000 });
    await expect(summary).toContainText('Будет удалено 2 начисления по услугам, которых нет в файле');
    const load = consolePage.getByRole('button', { name: 'Загрузить проверенный файл' });
    await expect(load).toBeDisabled();
    await consolePage.getByLabel(/Подтверждаю удаление/).check();
    await load.click();
    await expect(consolePage.getByRole('heading', { name: 'Итог: загружено' })).toBeVisible({ timeout: 30_000 });

    await signInOnSite(page, office, resident.login, resident.password);
    await page.goto(`${office.siteUrl}/charges?period=2026-09`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Начисления за сентябрь 2026');
    const charges = page.getByTestId('charges');
    await expect(charges).toContainText('Отопление');
    await expect(charges).toContainText('Холодное водоснабжение');
    await expect(charges).not.toContainText('Электроснабжение');
    await expect(page.getByTestId('charges-total')).toHaveText(/3\s?262,82/);

    // Only the real run can be undone: the dry runs of the same file have no button.
    await consolePage.getByRole('row').filter({ hasText: 'vedomost-09-2026.csv' }).getByRole('button', { name: 'Откатить…' }).click();
    await consolePage.getByRole('dialog').getByRole('button', { name: 'Откатить загрузку' }).click();
    await expect(consolePage.getByText('Загрузка «vedomost-09-2026.csv» откачена')).toBeVisible();
    expect(await snapshot(office.db)).toEqual(before);

    // Opened again to be changed, the source reads the file by its own settings and saves over itself.
    await consolePage.getByRole('button', { name: 'Изменить источник…' }).click();
    const edit = consolePage.getByRole('region', { name: 'Источник «1С: ведомость начислений»' });
    await edit.getByLabel('Файл источника (CSV, XLSX или DBF)').setInputFiles(file);
    await expect(edit.getByLabel('Код услуги', { exact: true })).toHaveValue('c2');
    await expect(edit.getByLabel('Дробная часть чисел отделяется')).toHaveValue(',');
    await edit.getByRole('button', { name: 'Сохранить источник' }).click();
    await expect(consolePage.getByText('Источник «1С: ведомость начислений» сохранён.')).toBeVisible();
    // «ХВС» stays in the dictionary; «Отопление» was only confirmed for that load, and undo removed the service.
    const unknownAgain = consolePage.getByRole('table', { name: 'Неизвестные услуги файла' });
    await expect(unknownAgain).toContainText('Отопление');
    await expect(unknownAgain).not.toContainText('ХВС');
  });
});
