// Every demo role signs in and sees exactly the menu its named permissions allow, and its home page
// (greeting, role tag, the role's work with live figures, unread notifications).
import { expect, test } from '@playwright/test';
import { ALL_MENU, DEMO_ACCOUNTS, expectNoRawText, login, logout, menuLabels, zh } from './support';

for (const account of DEMO_ACCOUNTS) {
  test(`${account.username} (${account.role}) sees the role's menu and home page`, async ({ page }) => {
    await login(page, account.username);
    await expect(page).toHaveURL(/\/$/);
    const home = page.getByTestId('home-page');
    await expect(home).toBeVisible();
    await expect(home.getByTestId(`role-tag-${account.role}`)).toHaveText(zh(`roles.${account.role}`));
    const work = home.getByTestId(`role-work-${account.role}`);
    await expect(work).toContainText(zh('home.work_title', { role: zh(`roles.${account.role}`) }));
    await expect(work.locator('[data-testid^="card-"]').first()).toBeVisible();
    await expect(home.getByText(zh('home.unread_title'), { exact: true })).toBeVisible();
    await expect(home.getByTestId('notification-list')).toBeVisible();

    const expected = ALL_MENU.filter((key) => account.menu.includes(key)).map((key) => zh(`menu.${key}`));
    expect(await menuLabels(page)).toEqual(expected);

    // Each page in the menu opens without an error screen.
    for (const key of account.menu.filter((k) => k !== 'home')) {
      await page.getByTestId('main-menu').getByRole('menuitem', { name: zh(`menu.${key}`) }).click();
      await expect(page.getByRole('heading', { level: 1, name: zh(`menu.${key}`) })).toBeVisible();
      await expect(page.getByTestId('error-message')).toHaveCount(0);
      await expectNoRawText(page);
    }
    await logout(page);
  });
}

test('a page outside the permissions shows 403, an unknown path 404', async ({ page }) => {
  await login(page, 'patient');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await page.goto('/accounts/users');
  await expect(page.getByTestId('forbidden')).toHaveText(zh('exception.forbidden'));
  await page.goto('/no/such/page');
  await expect(page.getByTestId('not-found')).toHaveText(zh('exception.not_found'));
  await expectNoRawText(page);
});

test('signed out, a protected page leads to the login page and back after login', async ({ page }) => {
  await page.goto('/audit/log');
  await expect(page).toHaveURL(/\/login\?next=%2Faudit%2Flog/);
  await page.locator('#username').fill('regulator');
  await page.locator('#password').fill('medrisk-demo');
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/audit\/log$/);
  await expect(page.getByRole('heading', { level: 1, name: zh('menu.audit') })).toBeVisible();
});
