// The platform admin changes a user's roles and deactivates and reactivates the user from the users
// page (PATCH /api/v1/users/{id}); the user's open session follows at its next request.
import { expect, test } from '@playwright/test';
import { expectNoRawText, login, zh } from './support';

// Ant Design puts a space between the two characters of a two-character button label ("保 存").
const label = (text: string) => new RegExp(`^${[...text].join('\\s*')}$`);

test('the admin changes roles, deactivates and reactivates a user; the user is refused while deactivated', async ({ page, browser }) => {
  // The clinician signs in elsewhere first.
  const other = await browser.newContext();
  const doctor = await other.newPage();
  await login(doctor, 'doctor');
  await expect(doctor.getByTestId('home-page')).toBeVisible();

  await login(page, 'admin');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await page.goto('/accounts/users');
  const table = page.getByTestId('users-table');
  const row = table.locator('tr', { has: page.getByText('doctor', { exact: true }) });
  // A load-more may be needed before the row shows; the demo has few enough users for the first page.
  await expect(row).toBeVisible();

  await row.getByTestId('edit-roles-doctor').click();
  const select = page.getByTestId('roles-select');
  await select.click();
  await page.locator('.ant-select-item-option', { hasText: zh('roles.medical_officer') }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: label(zh('accounts.users.save')) }).click();
  await expect(page.getByText(zh('accounts.users.saved'))).toBeVisible();
  await expect(row).toContainText(zh('roles.medical_officer'));

  // A role that does not fit the hospital is refused with the server's message.
  await row.getByTestId('edit-roles-doctor').click();
  await page.getByTestId('roles-select').click();
  await page.locator('.ant-select-item-option', { hasText: zh('roles.adjuster') }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: label(zh('accounts.users.save')) }).click();
  await expect(page.getByText('该角色不属于此类机构')).toBeVisible();
  await page.getByRole('button', { name: label(zh('accounts.users.cancel')) }).click();

  // Back to the demo's roles.
  await row.getByTestId('edit-roles-doctor').click();
  await page.getByTestId('roles-select').locator('.ant-select-selection-item', { hasText: zh('roles.medical_officer') })
    .locator('.ant-select-selection-item-remove').click();
  await page.getByRole('button', { name: label(zh('accounts.users.save')) }).click();
  await expect(row).not.toContainText(zh('roles.medical_officer'));

  await row.getByTestId('deactivate-doctor').click();
  await page.getByRole('button', { name: label(zh('accounts.users.deactivate')) }).last().click();
  await expect(row).toContainText(zh('accounts.user_status.disabled'));
  // The doctor's session ends at the next request.
  const me = await doctor.request.get('/api/v1/me');
  expect(me.status()).toBe(401);

  await row.getByTestId('reactivate-doctor').click();
  await expect(row).toContainText(zh('accounts.user_status.active'));
  await expectNoRawText(page);
  await other.close();
});
