// Steps the office specs share: signing in to the console (the clerk's window) and on the site
// (the resident's), the way a person does it — by the labels and buttons on the screen.
import type { Page } from '@playwright/test';
import type { StaffFixture } from '../support/console.ts';
import { expect, type Office } from './office-fixtures.ts';
import { signInAs } from './site-steps.ts';

/** Signs in the office's clerk, or another staff member (an administrator a spec created). */
export async function signInToConsole(consolePage: Page, office: Office, staff: StaffFixture = office.clerk): Promise<void> {
  await consolePage.goto(office.consoleUrl);
  await expect(consolePage.getByRole('heading', { level: 1 })).toHaveText('Вход в консоль оператора');
  await consolePage.getByLabel('Логин').fill(staff.login);
  await consolePage.getByLabel('Пароль').fill(staff.password);
  await consolePage.getByRole('button', { name: 'Войти' }).click();
  await expect(consolePage.getByRole('navigation', { name: 'Разделы' })).toBeVisible();
}

export async function signInOnSite(page: Page, office: Office, login: string, password: string): Promise<void> {
  await signInAs(page, office.siteUrl, { login, password });
}

/**
 * Right after signing in with a password the office issued: the site leads to the profile's
 * password form first; the resident sets their own and then reaches the account.
 */
export async function setOwnPassword(page: Page, issued: string, own: string): Promise<void> {
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Профиль');
  await expect(page.getByText('Вы вошли с временным паролем')).toBeVisible();
  await page.getByLabel('Текущий пароль').fill(issued);
  await page.getByLabel('Новый пароль', { exact: true }).fill(own);
  await page.getByLabel('Новый пароль ещё раз').fill(own);
  await page.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(page.getByText('Пароль изменён')).toBeVisible();
  await page.goto(new URL('/', page.url()).toString());
}

/** A section of the console by its link in «Разделы» (a link's name may carry a badge after it). */
export async function openSection(consolePage: Page, label: string, heading = label): Promise<void> {
  await consolePage.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: new RegExp(`^${label}`) }).click();
  await expect(consolePage.getByRole('heading', { level: 1 })).toHaveText(heading);
}
