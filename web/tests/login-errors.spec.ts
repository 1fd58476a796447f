// A wrong password shows the localized message on the login form (from the web locale, keyed by the
// problem+json code), and API failures never show raw JSON or untranslated keys.
import { expect, test } from '@playwright/test';
import { en, expectNoRawText, login, zh } from './support';

// expert7 is used by no other test, so one failure cannot lock an account another test needs.
test('wrong password: Chinese message on the form', async ({ page }) => {
  await login(page, 'expert7', 'wrong-password-1');
  await expect(page.getByTestId('login-error')).toHaveText(zh('errors.invalid_credentials'));
  await expect(page).toHaveURL(/\/login/);
  await expectNoRawText(page);
});

test('wrong password in English', async ({ page }) => {
  await page.goto('/login');
  await page.getByTestId('language-switch').click();
  await login(page, 'expert7', 'wrong-password-2');
  await expect(page.getByTestId('login-error')).toHaveText(en('errors.invalid_credentials'));
});

test('empty fields are refused on the form before any request', async ({ page }) => {
  await page.goto('/login');
  await page.getByTestId('login-submit').click();
  await expect(page.getByText(zh('accounts.login.username_required'))).toBeVisible();
  await expect(page.getByText(zh('accounts.login.password_required'))).toBeVisible();
});

test('unknown error codes, bodies that are not problem+json and network failures stay readable', async ({ page }) => {
  await login(page, 'admin');
  await expect(page.getByTestId('home-page')).toBeVisible();

  // An unknown code whose title looks like JSON: neither the code nor the title is shown.
  await page.route('**/api/v1/organizations**', (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: '{"type":"x"}', status: 500, code: 'some_new_failure' }),
    }),
  );
  await page.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.organizations') }).click();
  await expect(page.getByTestId('error-message')).toContainText(zh('errors.generic', { status: 500 }));
  await expectNoRawText(page);

  // An unknown code with a localized server title: the title is shown.
  await page.route('**/api/v1/users**', (route) =>
    route.fulfill({
      status: 422,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: '服务器给出的说明。', status: 422, code: 'brand_new_rule' }),
    }),
  );
  await page.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.users') }).click();
  await expect(page.getByTestId('error-message')).toContainText('服务器给出的说明。');
  await expectNoRawText(page);

  // Not JSON at all (a proxy's HTML page): generic message.
  await page.route('**/api/v1/audit**', (route) =>
    route.fulfill({ status: 502, contentType: 'text/html', body: '<html><body>Bad Gateway</body></html>' }),
  );
  await page.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.audit') }).click();
  await expect(page.getByTestId('error-message')).toContainText(zh('errors.server_error'));
  await expectNoRawText(page);

  // The network is down.
  await page.route('**/api/v1/notifications**', (route) => route.abort('connectionrefused'));
  await page.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.notifications') }).click();
  await expect(page.getByTestId('error-message')).toContainText(zh('errors.network_error'));
  await expectNoRawText(page);
});

test('a 401 from any call sends the user to the login page', async ({ page }) => {
  await login(page, 'admin');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await page.route('**/api/v1/users**', (route) =>
    route.fulfill({
      status: 401,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'x', status: 401, code: 'session_expired' }),
    }),
  );
  await page.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.users') }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Faccounts%2Fusers/);
});
