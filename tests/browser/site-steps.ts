// The resident's sign-in on the site, the way a person does it: by the labels and the button.
// Every spec that signs in on the site goes through here (the office specs through office-steps.ts).
import type { Page } from '@playwright/test';

export async function signInAs(page: Page, siteUrl: string, who: { login: string; password: string }): Promise<void> {
  await page.goto(`${siteUrl}/login`);
  await page.getByLabel('Номер лицевого счёта или логин').fill(who.login);
  await page.getByLabel('Пароль', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Войти' }).click();
}
