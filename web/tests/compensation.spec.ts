// The compensation calculator as a mediator uses it: a death case computed line by line with its
// formulas (figures worked by hand from data/compensation/), saved to a case; no-fault accident
// cover; and a year without the needed statistic refused with a localized message.
import { expect, test, type Page } from '@playwright/test';
import { expectNoRawText, login, zh } from './support';

async function openCalculator(page: Page, user = 'mediator') {
  await login(page, user);
  await expect(page.getByTestId('home-page')).toBeVisible();
  await page.getByTestId('main-menu').getByRole('menuitem', { name: zh('menu.compensation') }).click();
  await expect(page.getByRole('heading', { level: 1, name: zh('menu.compensation') })).toBeVisible();
  await expect(page.getByTestId('compensation-page')).toBeVisible();
}

test('a death at 45 in Guangdong 2022: every line with its formula, the 75 % share, saved to a case', async ({ page }) => {
  await openCalculator(page);
  await page.getByText(zh('compensation.outcomes.death'), { exact: true }).click();
  await page.getByTestId('victim-age').fill('45');
  await page.getByTestId('medical-costs').fill('20000');
  await page.getByTestId('mental-distress').fill('50000');
  await page.getByTestId('calculate').click();

  const lines = page.getByTestId('result-lines');
  await expect(lines).toBeVisible();
  // death: 54,854 × 20 = 1,097,080; funeral: 151,870 ÷ 12 × 6 = 75,935
  await expect(lines).toContainText(zh('compensation.items.death_compensation'));
  await expect(lines).toContainText('城镇居民人均可支配收入 54,854.00元/年 × 20年 = 1,097,080.00元');
  await expect(lines).toContainText('¥75,935.00');
  // gross 20,000 + 1,097,080 + 75,935 + 50,000; main cause 75 %: (1,243,015 − 50,000) × 75 % + 50,000
  await expect(page.getByTestId('gross')).toHaveText('¥1,243,015.00');
  await expect(page.getByTestId('liable')).toHaveText('¥944,761.25');
  await expect(page.getByTestId('unverified')).toHaveText(zh('compensation.unverified'));
  await expectNoRawText(page);

  await page.getByTestId('case-id').fill('88');
  await page.getByTestId('save-calculation').click();
  await expect(page.getByTestId('saved-message')).toContainText('88');
});

test('without fault the accident cover pays the loss less its deductible', async ({ page }) => {
  await openCalculator(page, 'adjuster');
  await page.getByTestId('medical-costs').fill('30000');
  await page.getByTestId('hospital-days').fill('10');
  await page.getByTestId('fault').click();
  await page.getByTestId('with-insurance').click();
  await page.getByTestId('accident-deductible').fill('1000');
  await page.getByTestId('calculate').click();
  // 30,000 + 10 days × 100 food subsidy = 31,000; the provider owes nothing; accident cover 31,000 − 1,000
  await expect(page.getByTestId('gross')).toHaveText('¥31,000.00');
  await expect(page.getByTestId('liable')).toHaveText('¥0.00');
  await expect(page.getByTestId('insurance-result')).toContainText(zh('compensation.covers.accident'));
  await expect(page.getByTestId('insurer-payable')).toHaveText('¥30,000.00');
});

test('a year whose statistics are missing is refused with a readable message', async ({ page }) => {
  await openCalculator(page, 'officer');
  await page.getByText(zh('compensation.outcomes.death'), { exact: true }).click();
  await page.getByTestId('year-select').click();
  await page.getByTitle('2024 *').click();
  await page.getByTestId('area-select').click();
  await page.getByTitle('深圳（计划单列市）').click();
  await page.getByTestId('calculate').click();
  await expect(page.getByTestId('error-message')).toHaveText(zh('errors.regional_figure_not_available'));
  await expect(page.getByTestId('compensation-result')).toHaveCount(0);
  await expectNoRawText(page);
});
