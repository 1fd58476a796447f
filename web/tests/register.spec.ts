// A patient registers by phone on a phone-sized screen (375×812), is signed in, and finds "my cases"
// and "my policies" through the mobile menu, each with its explained empty state.
import { expect, test, type Page } from '@playwright/test';
import { expectNoRawText, login, logout, zh } from './support';

test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

async function noHorizontalScroll(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(375);
}

test('register a new patient by phone at 375 px', async ({ page, request }) => {
  const phone = `139${String(Date.now()).slice(-8)}`;
  const password = 'Kangfu-2026!';
  await page.goto('/login');
  await page.getByRole('link', { name: zh('accounts.login.register_link') }).click();
  await expect(page.getByRole('heading', { level: 1, name: zh('accounts.register.title') })).toBeVisible();
  await noHorizontalScroll(page);

  // An invalid phone is refused on the form.
  await page.locator('#phone').fill('12345');
  await page.getByTestId('send-code').click();
  await expect(page.getByText(zh('accounts.register.phone_invalid'))).toBeVisible();

  await page.locator('#phone').fill(phone);
  await page.getByTestId('send-code').click();
  await expect(page.getByTestId('code-sent')).toBeVisible();

  // Demo mode only: the server exposes the last code it "sent".
  const response = await request.get(`/api/v1/demo/last-registration-code?phone=${phone}`);
  expect(response.status()).toBe(200);
  const { code } = (await response.json()) as { code: string };

  await page.locator('#code').fill(code);
  await page.locator('#display_name').fill('测试患者');
  await page.locator('#password').fill(password);
  await page.locator('#confirm').fill(password);
  await page.getByTestId('register-submit').click();

  await expect(page.getByTestId('home-page')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh('home.welcome', { name: '测试患者' }));
  await expect(page.getByTestId('role-tag-patient')).toBeVisible();
  await noHorizontalScroll(page);
  await expectNoRawText(page);

  for (const [key, testId] of [
    ['my_cases', 'my-cases-empty'],
    ['my_policies', 'my-policies-empty'],
  ] as const) {
    await page.getByTestId('menu-toggle').click();
    await page.getByRole('menuitem', { name: zh(`menu.${key}`) }).click();
    await expect(page.getByRole('heading', { level: 1, name: zh(`menu.${key}`) })).toBeVisible();
    await expect(page.getByTestId(testId)).toContainText(zh(`patient.${key}.empty_title`));
    await noHorizontalScroll(page);
  }

  // The new account signs in again with its phone number.
  await logout(page);
  await login(page, phone, password);
  await expect(page.getByTestId('home-page')).toBeVisible();

  // The same phone cannot register twice: refused when the code is requested or, at the latest, on submit.
  await logout(page);
  await page.goto('/register');
  await page.locator('#phone').fill(phone);
  await page.getByTestId('send-code').click();
  const refused = page.getByTestId('register-error');
  await expect(refused.or(page.getByTestId('code-sent'))).toBeVisible();
  if (!(await refused.isVisible())) {
    await page.locator('#code').fill('000000');
    await page.locator('#display_name').fill('测试患者');
    await page.locator('#password').fill(password);
    await page.locator('#confirm').fill(password);
    await page.getByTestId('register-submit').click();
  }
  await expect(refused).toHaveText(zh('errors.phone_already_registered'));
  await expectNoRawText(page);
});

test('the login page fits a phone', async ({ page }) => {
  await page.goto('/login');
  await noHorizontalScroll(page);
  await login(page, 'patient');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await noHorizontalScroll(page);
});
