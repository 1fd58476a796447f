// The language switch turns the whole UI to English, persists across reloads and sign-ins, and the
// API's Accept-Language follows it.
import { expect, test } from '@playwright/test';
import { ALL_MENU, DEMO_ACCOUNTS, en, expectNoRawText, login, menuLabels, zh } from './support';

test('switch to English on the login page, stay English after reload and login', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1, name: zh('accounts.login.title') })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

  await page.getByTestId('language-switch').click();
  await expect(page.getByRole('heading', { level: 1, name: en('accounts.login.title') })).toBeVisible();
  await expect(page.getByTestId('login-submit')).toHaveText(en('accounts.login.submit'));
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');

  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: en('accounts.login.title') })).toBeVisible();

  const languages: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/v1/')) languages.push(request.headers()['accept-language'] ?? '');
  });
  await login(page, 'admin');
  await expect(page.getByTestId('role-tag-platform_admin')).toHaveText(en('roles.platform_admin'));
  const admin = DEMO_ACCOUNTS.find((a) => a.username === 'admin')!;
  expect(await menuLabels(page)).toEqual(
    ALL_MENU.filter((key) => admin.menu.includes(key)).map((key) => en(`menu.${key}`)),
  );
  await expect(page.getByTestId('role-work-platform_admin')).toContainText(en('dashboard.card.organizations'));
  await expectNoRawText(page);
  expect(languages.length).toBeGreaterThan(0);
  expect(new Set(languages)).toEqual(new Set(['en-US']));

  // And back to Chinese inside the application.
  await page.getByTestId('language-switch').click();
  await expect(page.getByTestId('role-tag-platform_admin')).toHaveText(zh('roles.platform_admin'));
  await page.reload();
  await expect(page.getByTestId('role-tag-platform_admin')).toHaveText(zh('roles.platform_admin'));
});
