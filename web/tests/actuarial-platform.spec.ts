// The actuary page on the platform's own claims (issue 14): the demo province's three years of claims give
// paid and incurred triangles by accident and report year (GET /actuarial/triangles/platform); Mack on the
// paid triangle shows the server's reserve and standard error, BF runs on the incurred triangle by report
// year, and the triangle exports to Excel.
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { expectNoRawText, login, zh } from './support';

interface Triangle { origins: string[]; cells: (number | null)[][] }

async function signIn(page: Page, username: string): Promise<void> {
  await login(page, username);
  await expect(page.getByTestId('home-page')).toBeVisible();
}

const whole = (n: number) => new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(n);

test('the platform triangle has three accident years or more that develop', async ({ page }) => {
  await signIn(page, 'actuary');
  for (const origin of ['accident', 'report']) {
    for (const basis of ['paid', 'incurred']) {
      const r = await page.request.get(`/api/v1/actuarial/triangles/platform?basis=${basis}&origin=${origin}`);
      expect(r.status()).toBe(200);
      const body = (await r.json()) as { available: boolean; origin: string; triangle: Triangle };
      expect(body.available).toBe(true);
      expect(body.origin).toBe(origin);
      const t = body.triangle;
      expect(t.origins.length).toBeGreaterThanOrEqual(3);
      // The oldest origin is observed over at least three development years, the newest over one.
      expect((t.cells[0] ?? []).filter((v) => v != null).length).toBeGreaterThanOrEqual(3);
      expect((t.cells[t.cells.length - 1] ?? []).filter((v) => v != null).length).toBe(1);
      if (basis === 'paid') {
        for (const row of t.cells) {
          const seen = row.filter((v): v is number => v != null);
          seen.slice(1).forEach((v, k) => expect(v).toBeGreaterThanOrEqual(seen[k] ?? 0));  // cumulative payments
        }
      }
    }
  }
});

test('an actuary runs Mack on the paid platform triangle and BF on incurred by report year', async ({ page }) => {
  test.setTimeout(90_000);  // two reserving runs, each checked against the API
  await signIn(page, 'actuary');
  await page.goto('/actuarial');
  await expect(page.getByTestId('actuarial-page')).toBeVisible({ timeout: 20_000 });  // a lazily loaded page
  await page.getByText(zh('actuarial.source_platform'), { exact: true }).click();
  await page.getByText(zh('actuarial.paid'), { exact: true }).click();
  await page.getByTestId('run-reserving').click();

  const expected = await page.request.post('/api/v1/actuarial/reserving', {
    data: { triangle: { platform: 'accident' }, basis: 'paid', method: 'mack', options: { average: 'volume', tail: 1, sigma_rule: 'mack' } },
  });
  expect(expected.status()).toBe(200);
  const mack = (await expected.json()) as { total: { ibnr: number; mack_se: number }; origins: { origin: string }[] };
  expect(Number.isFinite(mack.total.ibnr)).toBe(true);
  expect(mack.total.mack_se).toBeGreaterThan(0);

  const table = page.getByTestId('reserve-table');
  const total = table.getByRole('row').filter({ hasText: zh('actuarial.total') });
  await expect(total).toContainText(whole(mack.total.ibnr));
  await expect(total).toContainText(whole(mack.total.mack_se));
  for (const o of mack.origins) await expect(table.getByRole('row').filter({ hasText: o.origin })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: zh('actuarial.origin') })).toBeVisible();
  await expect(page.getByTestId('triangle-heatmap').locator('canvas').first()).toBeVisible();
  await expectNoRawText(page);

  // Bornhuetter–Ferguson on the incurred triangle by report year, with a premium and an a-priori ratio.
  await page.getByText(zh('actuarial.incurred'), { exact: true }).click();
  await page.getByText(zh('actuarial.origin_report'), { exact: true }).click();
  await page.getByTestId('method-select').click();
  await page.getByTitle(zh('actuarial.method_bf'), { exact: true }).click();
  await page.getByPlaceholder('40000').fill('8000000');
  await page.getByPlaceholder('0.7').fill('0.6');
  await page.getByTestId('run-reserving').click();
  const bf = await page.request.post('/api/v1/actuarial/reserving', {
    data: { triangle: { platform: 'report' }, basis: 'incurred', method: 'bf', options: { average: 'volume', tail: 1 },
      exposures: [8000000], apriori_loss_ratios: [0.6] },
  });
  expect(bf.status()).toBe(200);
  const bfTotal = ((await bf.json()) as { total: { ultimate: number } }).total.ultimate;
  await expect(table.getByRole('columnheader', { name: zh('actuarial.origin_report') })).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: zh('actuarial.total') })).toContainText(whole(bfTotal));
  await expectNoRawText(page);

  // The triangle on screen as an Excel workbook.
  const button = page.getByTestId('platform-triangle-export');
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  expect(download.suggestedFilename()).toBe('triangle-platform-incurred-report.xlsx');
});
