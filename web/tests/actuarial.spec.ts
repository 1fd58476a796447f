// The actuary page against the real server: Mack on RAA shows Mack's (1994) total IBNR 52,135 in the
// reserve table with the heat map and factors; an aggregate run draws the CDF; regulators see the page
// too; an adjuster gets the 403 page.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { expectNoRawText, login, zh } from './support';

/** Logs in and waits for the home page, so that a following page.goto does not cut the login short. */
async function signIn(page: Page, username: string): Promise<void> {
  await login(page, username);
  await expect(page.getByTestId('home-page')).toBeVisible();
}

test('an actuary runs Mack on RAA and sees the total IBNR 52,135', async ({ page }) => {
  await signIn(page, 'actuary');
  await page.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.actuarial') }).click();
  await expect(page.getByRole('heading', { level: 1, name: zh('menu.actuarial') })).toBeVisible();
  await page.getByTestId('run-reserving').click();
  const table = page.getByTestId('reserve-table');
  const total = table.getByRole('row').filter({ hasText: zh('actuarial.total') });
  await expect(total).toContainText('52,135');
  await expect(total).toContainText('26,909');
  await expect(table.getByRole('row').filter({ hasText: '1990' })).toContainText('24,566');
  await expect(page.getByTestId('triangle-heatmap').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('factor-table').getByRole('row')).toHaveCount(10);
  await expectNoRawText(page);

  await page.getByTestId('run-aggregate').click();
  await expect(page.getByTestId('cdf-chart').locator('canvas').first()).toBeVisible();
  await expect(page.getByTestId('risk-table').getByRole('row')).toHaveCount(4);
});

test('an actuary exports the RAA triangle to Excel', async ({ page }) => {
  await signIn(page, 'actuary');
  await page.goto('/actuarial');
  const button = page.getByTestId('triangle-export');
  await expect(button).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe('triangle-raa.xlsx');
  const sheet = execFileSync('unzip', ['-p', await download.path(), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  expect((sheet.match(/<row /g) ?? []).length).toBe(11);  // the header and the origins 1981–1990
  expect(sheet).toContain('<v>5012</v>');  // RAA 1981, first development period
});

test('a bad pasted triangle shows its localized error', async ({ page }) => {
  await signIn(page, 'actuary');
  await page.goto('/actuarial');
  await page.getByText(zh('actuarial.source_csv'), { exact: true }).click();
  await page.getByTestId('csv-input').fill('origin,development,value\n2020,1,abc\n2021,1,5\n');
  await page.getByTestId('run-reserving').click();
  await expect(page.getByTestId('error-message')).toHaveText(zh('errors.csv_value_not_numeric'));
});

test('a regulator sees the actuary page and the same RAA reserve', async ({ page }) => {
  await signIn(page, 'regulator');
  await page.goto('/actuarial');
  await expect(page.getByTestId('actuarial-page')).toBeVisible();
  await page.getByTestId('run-reserving').click();
  await expect(page.getByTestId('reserve-table').getByRole('row').filter({ hasText: zh('actuarial.total') })).toContainText('52,135');
});

test('an adjuster gets the 403 page at /actuarial', async ({ page }) => {
  await signIn(page, 'adjuster');
  await page.goto('/actuarial');
  await expect(page.getByTestId('forbidden')).toHaveText(zh('exception.forbidden'));
});
