// Billing import through the console, as a clerk does it each month: choose the billing
// system's file (windows-1251, `;`, decimal commas), check the first rows, load it with the
// progress bar, read the report; the resident then sees the new month's charges on the site.
// A file with a bad amount is refused with its line, field and reason, and nothing changes.
// An import past the undo period shows until when it could have been undone, with no button.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { writeCsv } from '../support/billing-files.ts';
import { createResident } from '../support/factories.ts';
import { importRows } from '../support/import-run.ts';
import { expect, test } from './office-fixtures.ts';
import { openSection, signInOnSite, signInToConsole } from './office-steps.ts';

const chargeRow = (account: string, total: string) => ({
  account, period: '11.2026', service_code: 'cold_water', service_name: 'Холодное водоснабжение', unit: 'м³',
  volume: '12.5', volume_common: '', tariff: '30', charged: total, recalculation: '', recalculation_reason: '',
  benefits: '', penalties: '', total,
});

async function chooseAndPreview(consolePage: Page, file: string): Promise<void> {
  await openSection(consolePage, 'Обмен с биллингом');
  await consolePage.getByLabel('Что загружаем').selectOption('charges');
  await consolePage.getByLabel('Файл (CSV, XLSX или DBF)').setInputFiles(file);
  await consolePage.getByRole('button', { name: 'Проверить файл' }).click();
  await expect(consolePage.getByRole('heading', { name: /Первые строки файла/ })).toBeVisible();
}

test.describe('office: billing import through the console', () => {
  let dir = '';
  test.beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kkp-import-e2e-'));
  });
  test.afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('the clerk loads November’s charges from a windows-1251 file; the resident sees them on the site', async ({ page, consolePage, office, checkConsoleA11y }) => {
    const resident = await createResident(office.db, office.world, { accountNumber: '00071001' });
    const file = join(dir, 'nachisleniya-11-2026.csv');
    await writeCsv(file, 'charges', [chargeRow(resident.accountNumber, '375.00')], { encoding: 'windows-1251', decimalComma: true });

    await signInToConsole(consolePage, office);
    await chooseAndPreview(consolePage, file);
    await expect(consolePage.getByRole('table').first()).toContainText('00071001');
    await checkConsoleA11y();
    await consolePage.getByRole('button', { name: 'Загрузить' }).click();
    await expect(consolePage.getByRole('heading', { name: /^Итог: / })).toBeVisible({ timeout: 30_000 });
    await expect(consolePage.getByRole('status').filter({ hasText: 'Строк: 1' })).toContainText('новых: 1');
    await expect(consolePage.getByRole('row').filter({ hasText: 'nachisleniya-11-2026.csv' })).toBeVisible();

    await signInOnSite(page, office, resident.login, resident.password);
    await page.goto(`${office.siteUrl}/charges?period=2026-11`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Начисления за ноябрь 2026');
    await expect(page.getByTestId('charges')).toContainText('Холодное водоснабжение');
    await expect(page.getByTestId('charges-total')).toHaveText(/375,00/);
  });

  test('a file with a negative amount is refused with its line, field and reason, and nothing is loaded', async ({ consolePage, office }) => {
    const resident = await createResident(office.db, office.world, { accountNumber: '00071002' });
    const file = join(dir, 'bad.csv');
    await writeCsv(file, 'charges', [chargeRow(resident.accountNumber, '100.00'), chargeRow(resident.accountNumber, '-5.00')], { encoding: 'windows-1251', decimalComma: true });
    const before = await office.db('charges').where({ account_id: resident.accountId }).count({ n: '*' }).first();

    await signInToConsole(consolePage, office);
    await chooseAndPreview(consolePage, file);
    await consolePage.getByRole('button', { name: 'Загрузить' }).click();
    await expect(consolePage.getByRole('heading', { name: /^Итог: / })).toBeVisible({ timeout: 30_000 });
    const problems = consolePage.getByRole('table', { name: 'Строки с ошибками' });
    await expect(problems).toContainText('charged');
    await expect(problems).toContainText('не может быть отрицательным');
    const after = await office.db('charges').where({ account_id: resident.accountId }).count({ n: '*' }).first();
    expect(Number(after?.n)).toBe(Number(before?.n));
  });

  test('an import past the undo period shows when its undo ended and offers no undo', async ({ consolePage, office }) => {
    const resident = await createResident(office.db, office.world, { accountNumber: '00071003' });
    const finished = Date.now() - 61 * 86_400_000;
    const old = await importRows(office.db, 'charges', [chargeRow(resident.accountNumber, '100')], { now: () => finished, fileName: 'old-charges.csv' });
    expect(old.status).toBe('done');

    await signInToConsole(consolePage, office);
    await openSection(consolePage, 'Обмен с биллингом');
    const row = consolePage.getByRole('row').filter({ hasText: 'old-charges.csv' });
    await expect(row).toContainText('Срок отката истёк');
    await expect(row.getByRole('button', { name: 'Откатить…' })).toHaveCount(0);
  });
});
