// Issue 14 part 4: every demo role's home page shows its work with live figures (the summary
// endpoints' numbers, not placeholders); the regulator's dashboard charts its regions (canvas), lists
// them by name (data/accounts/regions.json) in the table view, and exports them as a real .xlsx written
// by the server, which the test opens and reads back.
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_ACCOUNTS, expectNoRawText, login, zh } from './support';

// The texts of the old placeholders (their keys are gone from both locales).
const PLACEHOLDERS = ['即将上线', '以下工作将在相关业务模块上线后显示在这里', '功能即将上线', 'coming soon'];
const OLD_KEYS = ['home.coming_soon', 'home.placeholder_note', 'home.work.unknown', 'home.work.regulator.statistics'];

// The parts of the summary endpoints' bodies these tests compare with the page.
interface DisputesFigures {
  complaints: { open: number };
  cases: { open: number; due_soon: { state: string }[] };
  by_region: { total: number }[];
}
interface InsuranceFigures { in_force: number; in_force_by_expiry: { policy_number: string; product_code: string }[] }
interface ClaimsFigures { open: number; due_soon: { claim_number: string; deadline: string }[] }

async function summary<T>(page: Page, module: 'disputes' | 'insurance' | 'claims'): Promise<T> {
  return (await (await page.request.get(`/api/v1/${module}/summary`)).json()) as T;
}

async function home(page: Page, username: string) {
  await login(page, username);
  await expect(page).toHaveURL(/\/$/);
  const home = page.getByTestId('home-page');
  await expect(home).toBeVisible();
  return home;
}

test('the old placeholder keys are gone from both locales', () => {
  for (const key of OLD_KEYS) expect(() => zh(key)).toThrow();
});

for (const account of DEMO_ACCOUNTS) {
  test(`${account.username} (${account.role}) sees live figures on the home page and no placeholder`, async ({ page }) => {
    const home_ = await home(page, account.username);
    const work = home_.getByTestId(`role-work-${account.role}`);
    await expect(work).toBeVisible();
    // At least one card with figures; every card's table or chart is drawn.
    const cards = work.locator('[data-testid^="card-"]');
    await expect(cards.first()).toBeVisible();
    expect(await cards.count()).toBeGreaterThan(0);
    const body = await page.locator('body').innerText();
    for (const text of PLACEHOLDERS) expect(body).not.toContain(text);
    await expectNoRawText(page);
  });
}

test('the officer\'s figures are the summary endpoints\' numbers', async ({ page }) => {
  const home_ = await home(page, 'officer');
  const disputes = await summary<DisputesFigures>(page, 'disputes');
  const insurance = await summary<InsuranceFigures>(page, 'insurance');
  await expect(home_.getByTestId('figure-cases_open')).toContainText(String(disputes.cases.open));
  await expect(home_.getByTestId('figure-complaints_open')).toContainText(String(disputes.complaints.open));
  await expect(home_.getByTestId('figure-policies_in_force')).toContainText(String(insurance.in_force));
  // Cover: the institution's policies in force by expiry, with localized product names.
  const cover = home_.getByTestId('card-cover');
  await expect(cover.getByRole('row')).toHaveCount(1 + insurance.in_force_by_expiry.length);
  await expect(cover).toContainText(insurance.in_force_by_expiry[0]!.policy_number);
  await expect(cover).toContainText(zh(`insurance.products.${insurance.in_force_by_expiry[0]!.product_code}`));
  // Case deadlines show localized states, never the raw ids.
  const due = home_.getByTestId('card-cases_due');
  await expect(due).toContainText(zh(`disputes.state.${disputes.cases.due_soon[0]!.state}`));
});

test('the adjuster sees claims by deadline with the overdue one first', async ({ page }) => {
  const home_ = await home(page, 'adjuster');
  const claims = await summary<ClaimsFigures>(page, 'claims');
  await expect(home_.getByTestId('figure-claims_open')).toContainText(String(claims.open));
  const due = home_.getByTestId('card-claims_due');
  const first = due.getByRole('row').nth(1);
  await expect(first).toContainText(claims.due_soon[0]!.claim_number);
  await expect(first).toContainText(zh('dashboard.overdue'));
  await expect(first).toContainText(zh(`claims.deadline.${claims.due_soon[0]!.deadline}`));
  await expect(home_.getByTestId('card-portfolio').locator('canvas').first()).toBeVisible();
});

test('the regulator charts, tabulates and exports the statistics by region', async ({ page }) => {
  const home_ = await home(page, 'regulator');
  const card = home_.getByTestId('card-regions');
  await expect(card.locator('canvas').first()).toBeVisible();
  await expect(home_.getByTestId('card-cases_by_state').locator('canvas').first()).toBeVisible();
  // The table view lists the demo's region by its GB/T 2260 name.
  await card.getByTestId('card-regions-view').locator('.ant-segmented-item').nth(1).click();
  const table = card.getByTestId('card-regions-table');
  await expect(table).toBeVisible();
  const disputes = await summary<DisputesFigures>(page, 'disputes');
  const row = table.getByRole('row', { name: /广东省/ });
  await expect(row).toContainText('440000');
  await expect(row).toContainText(String(disputes.by_region[0]!.total));

  // The export is a real workbook from the server: the region's row, read back from the sheet XML.
  const [download] = await Promise.all([page.waitForEvent('download'), card.getByTestId('card-regions-export').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const path = await download.path();
  const files = execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' });
  expect(files).toContain('xl/worksheets/sheet1.xml');
  const sheet = execFileSync('unzip', ['-p', path, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  expect((sheet.match(/<row /g) ?? []).length).toBe(1 + disputes.by_region.length);
  // constant-memory workbooks carry their strings inline in the sheet
  expect(sheet).toContain('广东省');
  expect(sheet).toContain(zh('dashboard.col.region'));
  expect(sheet).toContain(zh('dashboard.col.mediation_success'));
});

test('the patient sees their cases, claims and visit cover, and my policies lists them', async ({ page }) => {
  const home_ = await home(page, 'patient');
  const disputes = await summary<DisputesFigures>(page, 'disputes');
  await expect(home_.getByTestId('figure-cases_open')).toContainText(String(disputes.cases.open));
  await expect(home_.getByTestId('card-claims_by_state')).toBeVisible();
  await expect(home_.getByTestId('card-visit_policies')).toBeVisible();
  await page.goto('/insurance/my-policies');
  await expect(page.getByRole('heading', { level: 1, name: zh('menu.my_policies') })).toBeVisible();
  const body = await page.locator('body').innerText();
  for (const text of PLACEHOLDERS) expect(body).not.toContain(text);
});
