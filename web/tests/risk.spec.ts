// The risk database page against the real server (`serve --demo` seeds three years of exposure for
// every demo hospital): an officer sees the rates of their own hospital by department against the
// province, with Z and the risk coefficient, as bars and a table, and no other hospital by name; the
// regulator sees every hospital and switches to institution level; a clinician's history opens from
// the drill-down; an adjuster (no risk.read) has no such menu entry.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { expectNoRawText, login, zh } from './support';

async function openRisk(page: Page, username: string): Promise<void> {
  await login(page, username);
  await expect(page.getByTestId('home-page')).toBeVisible();
  await page.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.risk') }).click();
  await expect(page.getByRole('heading', { level: 1, name: zh('menu.risk') })).toBeVisible();
}

test('an officer sees their hospital by department against the province, and no other hospital', async ({ page }) => {
  await openRisk(page, 'officer');
  await expect(page.getByTestId('risk-bars').locator('canvas').first()).toBeVisible();
  const table = page.getByTestId('risk-rates-table');
  await expect(table.getByRole('row').filter({ hasText: '骨科' })).toHaveCount(1);
  await expect(table).toContainText('明湖市第一人民医院');
  await expect(table).not.toContainText('明湖市中医院');
  await expect(table).not.toContainText('明湖市妇幼保健院');
  // Z between 0 and 1 and a coefficient on every row.
  for (const z of await table.getByTestId('risk-z').allTextContents()) {
    const v = Number(z);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThanOrEqual(1);
  }
  await expect(table.getByTestId('risk-coefficient').first()).toBeVisible();
  // The province aggregates, anonymous, with their structural parameters.
  await expect(page.getByTestId('risk-province-table').getByRole('row').filter({ hasText: '妇产科' })).toHaveCount(1);
  await expectNoRawText(page);

  // Another measure and period: the table follows.
  await page.getByTestId('risk-measure').click();
  await page.getByTitle(zh('risk.measures.complaints')).click();
  await page.getByTestId('risk-from').fill('2025-01');
  await expect(page.getByTestId('risk-rates-table')).toContainText('骨科');
});

test('the regulator sees every hospital and the institution level', async ({ page }) => {
  await openRisk(page, 'regulator');
  const table = page.getByTestId('risk-rates-table');
  await expect(table).toContainText('明湖市中医院');
  await expect(table).toContainText('明湖市第一人民医院');
  await page.getByTestId('risk-level').getByText(zh('risk.level_institution')).click();
  await expect(table.locator('tbody tr.ant-table-row')).toHaveCount(4);
  await expectNoRawText(page);
});

test('an officer opens a clinician history; an unknown clinician is not found', async ({ page }) => {
  await openRisk(page, 'officer');
  const me = await page.request.get('/api/v1/me');
  const officerId = ((await me.json()) as { user: { id: number } }).user.id;
  // The officer is a user of the hospital too: their own (empty) history opens.
  await page.getByTestId('risk-clinician-id').fill(String(officerId));
  await page.getByTestId('risk-clinician-show').click();
  await expect(page.getByTestId('risk-clinician-totals')).toBeVisible();
  await page.getByTestId('risk-clinician-id').fill('999999');
  await page.getByTestId('risk-clinician-show').click();
  await expect(page.getByTestId('risk-clinician')).toContainText(zh('errors.resource_not_found'));
});

test('an adjuster has no risk database entry', async ({ page }) => {
  await login(page, 'adjuster');
  await expect(page.getByTestId('home-page')).toBeVisible();
  await expect(page.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.risk') })).toHaveCount(0);
});
