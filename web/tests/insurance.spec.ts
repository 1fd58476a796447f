// Insurance pages in the browser against the real demo server: the underwriter quotes with a
// line-by-line explanation and binds; the officer reads a policy's funding and co-insurance split;
// anyone can open the public certificate check without signing in.
import { expect, test } from '@playwright/test';
import { expectNoRawText, login, zh } from './support';

test('the underwriter quotes with an explanation and binds the quote', async ({ page }) => {
  await login(page, 'underwriter');
  await page.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.quotes') }).click();
  await page.getByTestId('quote-insured').fill('3');
  await page.getByTestId('quote-start').fill('2027-01-01');
  await page.getByTestId('quote-submit').click();
  const explanation = page.getByTestId('quote-explanation');
  await expect(explanation).toBeVisible();
  await expect(explanation).toContainText('机构基础保费');
  await expect(explanation).toContainText('费用附加');
  await expect(page.getByTestId('quote-premium')).toContainText('¥');
  await page.getByTestId('bind-submit').click();
  await expect(page.getByTestId('bind-result')).toContainText('MR2027');
  await expectNoRawText(page);
});

test('the officer sees the funding split and the co-insurance pool of a policy', async ({ page }) => {
  await login(page, 'officer');
  await page.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.policies') }).click();
  const table = page.getByTestId('policy-table');
  await expect(table.getByRole('row')).toHaveCount(3);  // header + the demo hospital's two policies
  await table.getByRole('row').nth(1).getByRole('button').click();
  const drawer = page.getByTestId('policy-drawer');
  await expect(drawer.getByTestId('funding-table')).toContainText(zh('insurance.payers.state'));
  await expect(drawer.getByTestId('pool-table')).toContainText(zh('insurance.roles.lead'));
  await expect(drawer.getByTestId('pool-table')).toContainText(zh('insurance.roles.follower'));
  await expectNoRawText(page);
});

test('anyone can check a certificate without signing in', async ({ page, browser, request }) => {
  await login(page, 'officer');
  await page.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.policies') }).click();
  await page.getByTestId('policy-table').getByRole('row').nth(1).getByRole('button').click();
  const href = await page.getByTestId('certificate-link').getAttribute('href');
  expect(href).toMatch(/^\/certificates\/[A-Za-z0-9_-]{20,}$/);
  const context = await browser.newContext({ locale: 'zh-CN' });  // no session cookie
  const anonymous = await context.newPage();
  await anonymous.goto(new URL(href!, page.url()).toString());
  await expect(anonymous.getByTestId('certificate-status')).toContainText(zh('insurance.certificate_valid'));
  await expect(anonymous.getByText('明湖市第一人民医院')).toBeVisible();
  await anonymous.goto(new URL('/certificates/no-such-code', page.url()).toString());
  await expect(anonymous.getByTestId('certificate-invalid')).toContainText(zh('errors.certificate_not_found'));
  expect((await request.get('/api/v1/certificates/no-such-code')).status()).toBe(404);
  await context.close();
});
